"""Bodies sent in pieces: event streams and byte streams, each piece flushed at once (chunked encoding).

A test can hold a stream after its first piece: it names a gate in the request's `X-Mock-Gate`
header and sets `MockServer.gate(name)` once the first piece has reached it; the rest follows then.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GATE_HEADER = "x-mock-gate"
GATE_TIMEOUT = 10.0  # seconds a held stream waits for its gate; then it ends unfinished (the client sees an error)
BYTE_PIECE = 8  # bytes per piece of a streamed binary body
EVENTS = 3  # events in a generated event stream


@dataclass
class Streamed:
    """A body sent piece by piece; after the first piece it waits for `gate`, when one is set."""

    pieces: Iterable[bytes]
    gate: threading.Event | None = None


def event_pieces(value: Any) -> list[bytes]:
    """An event stream from an example or a value: a string example is sent as written, one event per
    piece; any other value is sent as EVENTS events whose data is its JSON (the last named `done`)."""
    if isinstance(value, str) and "data:" in value:
        blocks = [block for block in value.replace("\r\n", "\n").split("\n\n") if block.strip()]
        return [(block + "\n\n").encode() for block in blocks]
    data = json.dumps(value, separators=(",", ":"))
    pieces = [f": pieces follow\nid: {n}\ndata: {data}\n\n".encode() for n in range(1, EVENTS)]
    return [*pieces, f"event: done\nid: {EVENTS}\ndata: {data}\n\n".encode()]


def byte_pieces(content: bytes) -> list[bytes]:
    """A binary body in pieces of BYTE_PIECE bytes."""
    return [content[i : i + BYTE_PIECE] for i in range(0, len(content), BYTE_PIECE)] or [b""]

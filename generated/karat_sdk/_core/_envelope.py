# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""RFC 6901 JSON pointers and the error envelope they describe."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

_INDEX = re.compile(r"0|[1-9][0-9]*")


def check_pointer(pointer: str, what: str = "pointer") -> str:
    """Return `pointer` unchanged, or raise ValueError when it is not an RFC 6901 JSON pointer."""
    if pointer and not pointer.startswith("/"):
        raise ValueError(f"{what} must be an RFC 6901 JSON pointer starting with '/', got {pointer!r}")
    return pointer


def pointer_tokens(pointer: str) -> list[str]:
    """The reference tokens of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`); none for the root."""
    check_pointer(pointer)
    return [raw.replace("~1", "/").replace("~0", "~") for raw in pointer[1:].split("/")] if pointer else []


def json_pointer_get(doc: Any, pointer: str, default: Any = None) -> Any:
    """Return the value at `pointer` in a parsed JSON document, or `default` when it is absent.

    Each reference token is one key, dots included (`/result/page.cursor` is the key
    `page.cursor` inside `result`); `~1` stands for `/` and `~0` for `~`.
    """
    current = doc
    for token in pointer_tokens(pointer):
        if isinstance(current, Mapping):
            if token not in current:
                return default
            current = current[token]
        elif isinstance(current, list):
            if not _INDEX.fullmatch(token) or int(token) >= len(current):
                return default
            current = current[int(token)]
        else:
            return default
    return current


@dataclass(frozen=True, kw_only=True)
class ErrorEnvelope:
    """Where an error body keeps its parts: one JSON pointer per part, each optional."""

    key: str | None = None
    message: str | None = None
    parameters: str | None = None
    instance_id: str | None = None
    code: str | None = None
    success: str | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                check_pointer(value, f"ErrorEnvelope.{f.name}")

    def get(self, body: Any, part: str) -> Any:
        """Return the value of one part (`key`, `message`, ...) in a parsed body, None if unset or absent."""
        pointer = getattr(self, part)
        return None if pointer is None else json_pointer_get(body, pointer)

    def reports_failure(self, body: Any) -> bool:
        """Return True when the body's success flag is present and exactly false."""
        return self.success is not None and json_pointer_get(body, self.success) is False

    def instance_id_label(self) -> str:
        """Return the name the instance id has on the wire (`errorInstanceId`), for messages."""
        if not self.instance_id:
            return "instance id"
        return pointer_tokens(self.instance_id)[-1]

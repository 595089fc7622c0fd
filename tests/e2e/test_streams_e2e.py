"""Event streams, live byte streams, text and 200-or-204 against the local server, sync and async.

The server holds a stream after its first piece until the test sets the gate the request named
(`X-Mock-Gate`); a gate never set ends the stream unfinished. So a client that waited for the
whole body before handing anything over would fail here, not merely be slow.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    AsyncApiClient,
    Call,
    ErrorEnvelope,
    Operation,
    ResponseVariant,
    ServerSentEvent,
    SyncApiClient,
    TokenAuth,
    read_variant,
)
from mockserver import MockServer
from tests.conftest import ROOT

SPEC = ROOT / "tests/e2e/specs/shapes.yaml"
WATCH = Operation(operation_id="watch", method="GET", path="/watch", accept="text/event-stream")
BLOB = Operation(operation_id="blob", method="GET", path="/blob", accept="application/octet-stream")
NOTE = Operation(operation_id="note", method="GET", path="/note", accept="text/plain")
MAYBE = Operation(operation_id="maybe", method="GET", path="/maybe")
BLOB_BYTES = b"0123456789abcdefghijklmnopqrstuvwxyz"
GATES = (f"gate-{n}" for n in itertools.count())


class Tick(BaseModel):
    n: int


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(port=0, seed=1, specs=(SPEC,), self_check=True) as running:
        yield running


def settings(server: MockServer) -> dict[str, Any]:
    return {
        "base_url": server.url + "/api",
        "auth": TokenAuth("any-token"),
        "envelope": ErrorEnvelope(),
        "logger_name": "e2e",
        "user_agent": "e2e/1",
    }


def test_the_first_event_arrives_before_the_server_sends_the_last(server: MockServer) -> None:
    gate = next(GATES)
    with (
        SyncApiClient(**settings(server)) as client,
        client.events(WATCH, Call(headers={"X-Mock-Gate": gate}), data_type=Tick) as events,
    ):
        stream = iter(events)
        first = next(stream)
        assert not server.gate(gate).is_set()  # the server is still holding the rest
        server.gate(gate).set()
        rest = list(stream)
    assert first == ServerSentEvent(Tick(n=7), "message", "1")
    assert [(e.event, e.id) for e in rest] == [("message", "2"), ("done", "3")]


def test_the_first_event_arrives_before_the_server_sends_the_last_async(server: MockServer) -> None:
    gate = next(GATES)

    async def run() -> list[ServerSentEvent[Any]]:
        async with AsyncApiClient(**settings(server)) as client:
            seen: list[ServerSentEvent[Any]] = []
            async with client.events(WATCH, Call(headers={"X-Mock-Gate": gate}), data_type=Tick) as events:
                async for event in events:
                    assert server.gate(gate).is_set() == bool(seen)
                    seen.append(event)
                    server.gate(gate).set()
            return seen

    assert [e.data for e in asyncio.run(run())] == [Tick(n=7)] * 3


def test_the_first_bytes_arrive_before_the_server_sends_the_last(server: MockServer) -> None:
    gate = next(GATES)
    with (
        SyncApiClient(**settings(server)) as client,
        client.stream(BLOB, Call(headers={"X-Mock-Gate": gate})) as response,
    ):
        chunks = response.iter_bytes()
        first = next(chunks)
        assert not server.gate(gate).is_set()
        server.gate(gate).set()
        assert first + b"".join(chunks) == BLOB_BYTES
    assert first == BLOB_BYTES[:8]


def test_the_first_bytes_arrive_before_the_server_sends_the_last_async(server: MockServer) -> None:
    gate = next(GATES)

    async def run() -> bytes:
        async with (
            AsyncApiClient(**settings(server)) as client,
            client.stream(BLOB, Call(headers={"X-Mock-Gate": gate})) as response,
        ):
            received = b""
            async for chunk in response.iter_bytes():
                assert server.gate(gate).is_set() == bool(received)
                received += chunk
                server.gate(gate).set()
            return received

    assert asyncio.run(run()) == BLOB_BYTES


def test_a_gate_never_set_ends_the_stream_unfinished(server: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mockserver.http.GATE_TIMEOUT", 0.2)
    with SyncApiClient(**settings(server)) as client, pytest.raises(httpx.RemoteProtocolError):
        list(client.events(WATCH, Call(headers={"X-Mock-Gate": next(GATES)})))


def test_text_and_an_optional_body(server: MockServer) -> None:
    text = [ResponseVariant("200", "text/plain")]
    maybe = [ResponseVariant("200", "application/json", Tick), ResponseVariant("204", None)]
    nothing = Call(headers={"Prefer": "code=204"})
    with SyncApiClient(**settings(server)) as client:
        assert read_variant(client.request(NOTE), text) == "héllo wörld"
        assert read_variant(client.request(MAYBE), maybe) == Tick(n=7)
        assert read_variant(client.request(MAYBE, nothing), maybe) is None

    async def run() -> list[Any]:
        async with AsyncApiClient(**settings(server)) as client:
            return [
                read_variant(await client.request(NOTE), text),
                read_variant(await client.request(MAYBE), maybe),
                read_variant(await client.request(MAYBE, nothing), maybe),
            ]

    assert asyncio.run(run()) == ["héllo wörld", Tick(n=7), None]
    assert server.violations == []

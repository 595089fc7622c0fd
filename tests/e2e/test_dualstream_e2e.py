"""JSON-or-stream operations end to end: the `dualstream` golden case's SDK against a server on 127.0.0.1 that,
as OpenAI's does, answers JSON or an event stream by the request body's `stream` (or, without a flag, its
`format`).

The server holds a stream after its first event until the test sets the gate, so the twin is shown to hand
each event over as it arrives; a success of the other form raises UnexpectedContentTypeError.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT, generate_into

SPEC = ROOT / "tests" / "golden" / "dualstream" / "spec.yaml"
GATE_SECONDS = 10.0


class DualServer(ThreadingHTTPServer):
    """Keeps what each request sent (path, Accept, body) and the gate a stream waits on after its first event."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), DualHandler)
        self.seen: list[tuple[str, str, bytes]] = []
        self.gate = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/api"


class DualHandler(BaseHTTPRequestHandler):
    server: DualServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        """Quiet: the test reads what was sent from `server.seen`."""

    def do_POST(self) -> None:  # noqa: N802 - the http.server hook
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.seen.append((self.path, self.headers.get("Accept", ""), body))
        if self.wants_events(body):
            self.send_events()
        else:
            self.send_json({"text": "whole"})

    def wants_events(self, body: bytes) -> bool:
        """Events when the body asks for them: `stream: true` (JSON or a multipart field), or `format: sse`."""
        if self.headers.get("Content-Type", "").startswith("multipart/"):
            return b'name="stream"\r\n\r\ntrue\r\n' in body
        sent = json.loads(body)
        return sent.get("stream") is True or sent.get("format") == "sse"

    def send_json(self, value: Any) -> None:
        data = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_events(self) -> None:
        """Two events, the second only once the test has opened the gate (or it times out: the stream ends)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b'data: {"delta": "Hel"}\n\n')
        self.wfile.flush()
        if self.server.gate.wait(GATE_SECONDS):
            self.wfile.write(b'event: done\ndata: {"delta": "lo"}\n\n')
        self.close_connection = True


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The dualstream golden case generated (runtime core included) and imported."""
    root = tmp_path_factory.mktemp("dualstream")
    (root / "spec").mkdir()
    (root / "spec" / "spec.yaml").write_bytes(SPEC.read_bytes())
    generate_into(root / "spec", root / "out")
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module("dualstream_sdk")
    finally:
        sys.path.remove(str(root / "out"))


@pytest.fixture
def server() -> Iterator[DualServer]:
    running = DualServer()
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.gate.set()
        running.shutdown()
        running.server_close()
        thread.join(5)


def sent(server: DualServer) -> list[tuple[str, str, Any]]:
    """(path, Accept, JSON body) of each request."""
    return [(path, accept, json.loads(body)) for path, accept, body in server.seen]


def test_the_ordinary_method_sends_stream_false_and_reads_the_object(sdk: ModuleType, server: DualServer) -> None:
    with sdk.DualClient(base_url=server.url, token="tok") as client:
        answer = client.chat.create_chat("hi")
        whole = client.chat.create_completion(sdk.models.CompletionRequest(prompt="p", stream=True))
    assert answer == sdk.models.Answer(text="whole")
    assert whole == sdk.models.Answer(text="whole")
    assert sent(server) == [
        ("/api/chats", "application/json", {"message": "hi", "stream": False}),
        ("/api/completions", "application/json", {"prompt": "p", "stream": False}),  # the model's True overridden
    ]


def test_the_twin_sends_stream_true_and_yields_each_event_as_it_arrives(sdk: ModuleType, server: DualServer) -> None:
    with sdk.DualClient(base_url=server.url, token="tok") as client, client.chat.create_chat_stream("hi") as events:
        stream = iter(events)
        first = next(stream)
        assert not server.gate.is_set()  # the server is still holding the second event
        server.gate.set()
        rest = list(stream)
    assert first.data == sdk.models.Piece(delta="Hel") and first.event == "message"
    assert [(e.data, e.event) for e in rest] == [(sdk.models.Piece(delta="lo"), "done")]
    assert sent(server) == [("/api/chats", "text/event-stream", {"message": "hi", "stream": True})]


def test_the_async_twin_is_an_async_iterator_of_events_as_they_arrive(sdk: ModuleType, server: DualServer) -> None:
    async def run() -> list[tuple[bool, Any]]:
        seen = []
        async with sdk.AsyncDualClient(base_url=server.url, token="tok") as client:
            body = sdk.models.CompletionRequest(prompt="p")
            async with client.chat.create_completion_stream(body) as events:
                async for event in events:
                    seen.append((server.gate.is_set(), event.data))
                    server.gate.set()
        return seen

    assert asyncio.run(run()) == [(False, sdk.models.Piece(delta="Hel")), (True, sdk.models.Piece(delta="lo"))]
    assert sent(server) == [("/api/completions", "text/event-stream", {"prompt": "p", "stream": True})]


def test_a_multipart_twin_sends_the_stream_field(sdk: ModuleType, server: DualServer, tmp_path: Path) -> None:
    server.gate.set()
    with sdk.DualClient(base_url=server.url, token="tok") as client:
        whole = client.chat.create_transcript(b"RIFF", language="en")
        pieces = [e.data.delta for e in client.chat.create_transcript_stream(b"RIFF")]
    assert whole == sdk.models.Answer(text="whole") and pieces == ["Hel", "lo"]
    (_, plain_accept, plain), (_, stream_accept, streamed) = server.seen
    assert (plain_accept, stream_accept) == ("application/json", "text/event-stream")
    assert b'name="stream"\r\n\r\nfalse\r\n' in plain
    assert b'name="stream"\r\n\r\ntrue\r\n' in streamed


def test_a_success_of_the_other_form_raises_a_clear_error(sdk: ModuleType, server: DualServer) -> None:
    server.gate.set()
    error = sdk.errors.UnexpectedContentTypeError
    with sdk.DualClient(base_url=server.url, token="tok") as client:
        with pytest.raises(error) as as_events:
            client.chat.summarize("t", format="sse")  # the server streams; the ordinary method reads JSON
        with pytest.raises(error) as as_json, client.chat.summarize_stream("t", format="json") as events:
            list(events)  # the server answers JSON; the twin reads events
        assert list(client.chat.summarize_stream("t", format="sse")) != []  # asked for as the server wants it
    assert isinstance(as_events.value, sdk.errors.SdkError)
    assert (as_events.value.method, as_events.value.expected) == ("summarize", ("application/json",))
    assert as_events.value.received == "text/event-stream"
    assert str(as_events.value).startswith("summarize reads application/json, but the response of summarize")
    assert (as_json.value.method, as_json.value.received) == ("summarize_stream", "application/json")
    assert "summarize_stream reads text/event-stream" in str(as_json.value)
    assert as_json.value.body_start == '{"text": "whole"}'

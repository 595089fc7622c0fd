"""A prefetching pager hands a page out as soon as the next page's request is written (httpcore's trace hook),
not when that request is answered; over a transport that does not trace, after SEND_WAIT_SECONDS at most.

These tests use a real HTTP server on 127.0.0.1 (httpx.MockTransport has no trace hook): its second page
is held back until the test opens a gate, and the reader's wait for the request to go out is allowed 30 s,
so a page handed out within seconds was released by the request being written.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from generator.runtime import AsyncApiClient, Call, SyncApiClient, TokenAuth, _pagers, _sent
from tests.runtime.conftest import KARAT_ENVELOPE
from tests.runtime.test_runtime_pagination import FILES_PAGES, LIST_FILES, File

WAIT = 10.0
PAGES = {None: (["a", "b"], "t1"), "t1": (["c"], None)}


class Gated:
    """What the server saw, and the gate that holds its answer to the second page."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.arrived = threading.Event()


def _handler(gated: Gated) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            token = parse_qs(urlsplit(self.path).query).get("pageToken", [None])[0]
            if token is not None:
                gated.arrived.set()
                gated.gate.wait(WAIT)
            paths, following = PAGES[token]
            body: dict[str, Any] = {"data": [{"path": p} for p in paths]}
            if following is not None:
                body["nextPageToken"] = following
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, Gated]]:
    gated = Gated()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gated))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", gated
    finally:
        gated.gate.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader would wait 30 s for a request that is never reported written."""
    monkeypatch.setattr(_pagers, "SEND_WAIT_SECONDS", 30.0)


def _settings(url: str) -> dict[str, Any]:
    return {
        "base_url": url,
        "auth": TokenAuth("t"),
        "envelope": KARAT_ENVELOPE,
        "logger_name": "test_sdk",
        "user_agent": "test-sdk/1.0",
    }


LISTED = Call(path_params={"datasetRid": "d"})


@pytest.mark.usefixtures("patient")
def test_sync_page_is_handed_out_once_the_next_request_is_written(server: tuple[str, Gated]) -> None:
    url, gated = server
    with SyncApiClient(**_settings(url)) as client:
        pager = client.paginate(LIST_FILES, FILES_PAGES, LISTED, item_type=File)
        started = time.perf_counter()
        pages = pager.pages()
        first = next(pages)
        assert time.perf_counter() - started < 5.0  # not the 30 s allowed: the request was reported written
        assert gated.arrived.wait(WAIT)  # and it did reach the server, which still holds its answer
        assert [f.path for f in first] == ["a", "b"]
        gated.gate.set()
        assert [f.path for f in next(pages)] == ["c"]


@pytest.mark.usefixtures("patient")
@pytest.mark.asyncio
async def test_async_page_is_handed_out_once_the_next_request_is_written(server: tuple[str, Gated]) -> None:
    url, gated = server
    client = AsyncApiClient(**_settings(url))
    try:
        pages = client.paginate(LIST_FILES, FILES_PAGES, LISTED, item_type=File).pages()
        started = time.perf_counter()
        first = await pages.__anext__()
        assert time.perf_counter() - started < 5.0
        assert await asyncio.to_thread(gated.arrived.wait, WAIT)
        assert [f.path for f in first] == ["a", "b"]
        gated.gate.set()
        assert [f.path for f in await pages.__anext__()] == ["c"]
        await pages.aclose()
    finally:
        await client.close()


def test_over_a_transport_without_trace_the_reader_waits_at_most_send_wait_seconds(
    server: tuple[str, Gated], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, gated = server
    monkeypatch.setattr(_pagers, "SEND_WAIT_SECONDS", 0.2)
    forwarded = httpx.Client(base_url=url)

    def untraced(request: httpx.Request) -> httpx.Response:  # a transport that reports nothing on the way
        response = forwarded.get(str(request.url))
        return httpx.Response(response.status_code, headers=response.headers, content=response.content)

    http = httpx.Client(transport=httpx.MockTransport(untraced))
    with SyncApiClient(**_settings(url), http_client=http) as client:
        pages = client.paginate(LIST_FILES, FILES_PAGES, LISTED, item_type=File).pages()
        started = time.perf_counter()
        first = next(pages)
        waited = time.perf_counter() - started
        assert 0.15 < waited < 5.0 and not gated.gate.is_set()  # the cap, while page 2 is still held back
        gated.gate.set()
        assert [f.path for f in first] + [f.path for f in next(pages)] == ["a", "b", "c"]
    forwarded.close()


def test_a_request_outside_a_prefetch_carries_no_trace_hook() -> None:
    request = httpx.Request("GET", "http://127.0.0.1/")
    _sent.watch_sent(request)
    _sent.awatch_sent(request)
    assert "trace" not in request.extensions
    calls: list[int] = []
    token = _sent.on_request_sent.set(lambda: calls.append(1))
    try:
        _sent.watch_sent(request)
    finally:
        _sent.on_request_sent.reset(token)
    trace = request.extensions["trace"]
    trace("http11.send_request_headers.complete", {})
    assert calls == []
    trace("http11.send_request_body.complete", {})
    assert calls == [1]

"""Page prefetch: the next page is requested while the current one is read; errors and early ends stay clean."""

from __future__ import annotations

import asyncio
import threading
import warnings
from collections.abc import AsyncGenerator, Callable
from typing import Any

import httpx
import pytest

from generator.runtime import AsyncApiClient, BadRequestError, Call, PaginationError, SyncApiClient
from tests.runtime.test_runtime_pagination import FILES_PAGES, LIST_FILES, File, files_server

WAIT = 5.0


def _tokens(requests: list[httpx.Request]) -> list[str | None]:
    return [r.url.params.get("pageToken") for r in requests]


class _Gated:
    """A handler whose later pages wait for `gate`, recording each such request as it arrives (`arrived` is set)."""

    def __init__(
        self, gate: threading.Event, requests: list[httpx.Request], handler: Callable[[httpx.Request], httpx.Response]
    ) -> None:
        self.gate, self.requests, self.handler = gate, requests, handler
        self.arrived = threading.Event()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.params.get("pageToken") is not None:
            self.requests.append(request)
            self.arrived.set()
            assert self.gate.wait(WAIT), "the test never opened the gate"
            self.requests.pop()
        return self.handler(request)


def _gated_server(gate: threading.Event) -> tuple[list[httpx.Request], _Gated]:
    """files_server whose later pages wait for `gate`, recording each request as it arrives."""
    requests, handler = files_server()
    return requests, _Gated(gate, requests, handler)


def test_sync_prefetch_requests_the_next_page_before_it_is_reached(make_client: Callable[..., SyncApiClient]) -> None:
    gate = threading.Event()
    requests, handler = _gated_server(gate)
    pages = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    first = next(iter(pages.pages()))
    assert [f.path for f in first] == ["a", "b", "c"]
    # the consumer still holds page 1, and page 2's request is already at the server
    assert handler.arrived.wait(WAIT)
    assert _tokens(requests) == [None, "t1"]
    gate.set()
    assert [f.path for f in pages] == list("abcdefg")


def test_sync_without_prefetch_each_page_waits_for_the_consumer(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = files_server()
    pager = make_client(handler, prefetch_pages=False).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    pages = pager.pages()
    next(pages)
    assert _tokens(requests) == [None]
    next(pages)
    assert _tokens(requests) == [None, "t1"]
    assert [f.path for f in pager] == list("abcdefg")


def test_sync_prefetched_error_is_raised_when_its_page_is_reached(make_client: Callable[..., SyncApiClient]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("pageToken") == "t1":
            return httpx.Response(400, json={"errorCode": "INVALID_ARGUMENT", "errorName": "InvalidPageToken"})
        return httpx.Response(200, json={"data": [{"path": "a"}, {"path": "b"}], "nextPageToken": "t1"})

    pager = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    seen: list[str] = []
    with pytest.raises(BadRequestError, match="InvalidPageToken"):
        for file in pager:
            seen.append(file.path)
    assert seen == ["a", "b"]  # the whole first page came before the error


def test_sync_early_stop_sends_at_most_one_page_ahead(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = files_server()
    pager = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    for file in pager:
        if file.path == "b":
            break
    for _ in range(50):  # the abandoned prefetch may still be finishing on its thread
        if len(requests) == 2:
            break
        threading.Event().wait(0.01)
    assert _tokens(requests) == [None, "t1"]
    assert not [t for t in threading.enumerate() if t.name == "sdk-page-prefetch" and not t.daemon]


def test_repeated_cursor_is_not_prefetched_and_still_raises(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = files_server({None: (["a"], "same"), "same": (["b"], "same")})
    pager = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    seen: list[str] = []
    with pytest.raises(PaginationError, match='repeated cursor "same"'):
        for file in pager:
            seen.append(file.path)
    assert seen == ["a", "b"]
    assert _tokens(requests) == [None, "same"]


@pytest.mark.asyncio
async def test_async_prefetch_overlaps_the_next_request_with_reading(
    make_async_client: Callable[..., AsyncApiClient],
) -> None:
    requests: list[str | None] = []
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        requests.append(token)
        if token is not None:
            await release.wait()
        more = {"nextPageToken": "t1"} if token is None else {}
        return httpx.Response(200, json={"data": [{"path": f"{token}-{i}"} for i in range(250)], **more})

    pager = make_async_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    background = asyncio.ensure_future(ticker())
    seen = 0
    async for _ in pager:
        seen += 1
        if seen == 1:  # page 2 was requested before page 1's first item came out
            assert requests == [None, "t1"]
            ticks_at_start = ticks
        if seen == 250:  # and the loop got turns while page 1 was read (every 100 items)
            assert ticks - ticks_at_start >= 2
            release.set()
    background.cancel()
    assert seen == 500


@pytest.mark.asyncio
async def test_async_without_prefetch_and_early_stop(make_async_client: Callable[..., AsyncApiClient]) -> None:
    requests, sync_handler = files_server()

    async def handler(request: httpx.Request) -> httpx.Response:
        return sync_handler(request)

    lazy = make_async_client(handler, prefetch_pages=False)
    pages = lazy.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File).pages()
    await pages.__anext__()
    await asyncio.sleep(0.01)
    assert _tokens(requests) == [None]
    await pages.aclose()

    requests.clear()
    eager = make_async_client(handler)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pager = eager.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File)
        items = pager.__aiter__()
        assert (await items.__anext__()).path == "a"
        assert isinstance(items, AsyncGenerator)  # narrows AsyncIterator (__aiter__'s type): items are a generator
        await items.aclose()  # the prefetch task is cancelled and its outcome collected
        await asyncio.sleep(0.01)
    assert _tokens(requests)[:1] == [None] and len(requests) <= 2


@pytest.mark.asyncio
async def test_async_prefetched_error_surfaces_after_the_page(make_async_client: Callable[..., AsyncApiClient]) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("pageToken") == "t1":
            return httpx.Response(400, json={"errorCode": "INVALID_ARGUMENT", "errorName": "InvalidPageToken"})
        return httpx.Response(200, json={"data": [{"path": "a"}], "nextPageToken": "t1"})

    pager = make_async_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    seen: list[Any] = []
    with pytest.raises(BadRequestError):
        async for file in pager:
            seen.append(file.path)
    assert seen == ["a"]


def test_sync_prefetch_delivers_long_pages_whole_and_in_order(make_client: Callable[..., SyncApiClient]) -> None:
    pages = {None: ([f"a{i}" for i in range(251)], "t1"), "t1": ([f"b{i}" for i in range(100)], None)}
    _, handler = files_server(pages)
    for prefetch in (True, False):
        pager = make_client(handler, prefetch_pages=prefetch).paginate(
            LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
        )
        assert [f.path for f in pager] == pages[None][0] + pages["t1"][0]


def test_stopping_early_and_closing_the_client_leaves_no_error_behind(
    make_client: Callable[..., SyncApiClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    requests, handler = _gated_server(gate)
    unhandled: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: unhandled.append(args.exc_value))
    client = make_client(handler)
    for file in client.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File):
        assert file.path == "a"
        break
    assert handler.arrived.wait(WAIT)
    client.close()  # while the prefetch of page 2 is still waiting for the server
    gate.set()
    for thread in [t for t in threading.enumerate() if t.name == "sdk-page-prefetch"]:
        thread.join(WAIT)
    assert unhandled == []
    assert not [t for t in threading.enumerate() if t.name == "sdk-page-prefetch"]

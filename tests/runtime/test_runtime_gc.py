"""Batching without the GC (issue 23): a completed call leaves no reference cycle for the cyclic GC to collect,
so reference counting frees each request and response as soon as it is dropped. Sync and async: single calls,
batches, listings (with their prefetch threads and tasks), streams, errors and retries.

Before the fix, every request left about 45 objects in cycles (httpx's response and its bound stream refer to
each other, and the connection-pool objects hang from them).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from generator.runtime import AsyncApiClient, Call, NotFoundError, Operation, SyncApiClient
from tests.runtime.test_runtime_batch import GET_BATCH, SPEC, Record, batch_server
from tests.runtime.test_runtime_pagination import FILES_PAGES, LIST_FILES, File, files_server

GET = Operation(operation_id="getThing", method="GET", path="/things/1", safe_to_retry=True)
MISSING = Operation(operation_id="getMissing", method="GET", path="/missing", safe_to_retry=True)
DOWNLOAD = Operation(
    operation_id="readFile", method="GET", path="/files/1", accept="application/octet-stream", safe_to_retry=True
)
KEYS = [f"ri.r.{i:03}" for i in range(250)]
LISTED = Call(path_params={"datasetRid": "ri.ds"})


def handler(request: httpx.Request) -> httpx.Response:
    """Every operation of these tests; nothing is kept."""
    if request.url.path.endswith("/missing"):
        return httpx.Response(404, json={"errorName": "NotFound", "message": "no such thing"})
    if request.url.path.endswith("/files/1"):
        return httpx.Response(200, content=b"x" * 200_000)
    if "getBatch" in request.url.path:
        return batch_server()[1](request)
    if request.url.path.endswith("/files"):
        return files_server()[1](request)
    return httpx.Response(200, json={"ok": True})


def flaky() -> Callable[[httpx.Request], httpx.Response]:
    """503 on every other request: each call is retried once."""
    count = iter(range(1_000_000))
    return lambda request: httpx.Response(503) if next(count) % 2 == 0 else handler(request)


def cyclic_garbage(call: Callable[[], Any]) -> list[str]:
    """What the cyclic GC finds after `call()` (run once before, to warm caches and connections)."""
    call()
    gc.collect()
    gc.disable()
    try:
        call()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
    finally:
        gc.set_debug(0)
        gc.enable()
    found = sorted({f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.garbage})
    gc.garbage.clear()
    return found


def _raises_not_found(call: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        with pytest.raises(NotFoundError):
            call()

    return run


def sync_calls(client: SyncApiClient) -> Iterator[tuple[str, Callable[[], Any]]]:
    yield "request", lambda: client.request(GET).json()
    yield "batch", lambda: client.batch(GET_BATCH, SPEC, KEYS, value_type=Record)
    yield (
        "listing",
        lambda: [f.path for f in client.paginate(LIST_FILES, FILES_PAGES, LISTED, item_type=File)],
    )
    yield "error", _raises_not_found(lambda: client.request(MISSING))

    def stream() -> int:
        with client.stream(DOWNLOAD) as response:
            return sum(map(len, response.iter_bytes()))

    yield "stream", stream


@pytest.mark.parametrize("prefetch", [True, False])
def test_a_completed_sync_call_leaves_no_cyclic_garbage(
    make_client: Callable[..., SyncApiClient], prefetch: bool
) -> None:
    for transport in (handler, flaky()):
        with make_client(transport, prefetch_pages=prefetch, max_retries=2) as client:  # close() ends its threads
            for name, call in sync_calls(client):
                assert cyclic_garbage(call) == [], name


def test_a_completed_async_call_leaves_no_cyclic_garbage(make_async_client: Callable[..., AsyncApiClient]) -> None:
    loop = asyncio.new_event_loop()
    try:
        for transport in (handler, flaky()):
            client = make_async_client(transport, max_retries=2)

            async def listing() -> list[str]:
                pager = client.paginate(LIST_FILES, FILES_PAGES, LISTED, item_type=File)
                return [f.path async for f in pager]

            async def stream() -> int:
                async with client.stream(DOWNLOAD) as response:
                    return sum([len(chunk) async for chunk in response.iter_bytes()])

            async def error() -> None:  # caught where it is awaited, as a caller does
                with pytest.raises(NotFoundError):
                    await client.request(MISSING)

            calls: dict[str, Callable[[], Any]] = {
                "request": lambda: client.request(GET),
                "batch": lambda: client.batch(GET_BATCH, SPEC, KEYS, value_type=Record),
                "listing": listing,
                "stream": stream,
                "error": error,
            }
            for name, call in calls.items():

                def run(call: Callable[[], Any] = call) -> Any:
                    return loop.run_until_complete(call())

                assert cyclic_garbage(run) == [], name
    finally:
        loop.close()

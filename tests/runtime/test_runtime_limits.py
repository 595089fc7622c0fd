"""Limits of a call and a listing: close() stops at once, one deadline per call, a bound on empty pages."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from generator.runtime import (
    AsyncApiClient,
    Call,
    ClientClosedError,
    Operation,
    PaginationError,
    RateLimitError,
    RequestOptions,
    ServiceUnavailableError,
    SyncApiClient,
    TokenAuth,
)
from tests.runtime.conftest import BASE_URL, CANARY, KARAT_ENVELOPE, LOGGER, FakeClock, recording
from tests.runtime.test_runtime_pagination import FILES_PAGES, LIST_FILES, File, files_server

GET = Operation(operation_id="getThing", method="GET", path="/things/1", safe_to_retry=True)


def real_client(handler: Callable[[httpx.Request], httpx.Response], **settings: Any) -> SyncApiClient:
    """A client that sleeps for real, with its own sleep (the one close() wakes)."""
    return SyncApiClient(
        base_url=BASE_URL,
        auth=TokenAuth(CANARY),
        envelope=KARAT_ENVELOPE,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        logger_name=LOGGER,
        user_agent="test-sdk/1.0",
        **settings,
    )


def prefetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sdk-page-prefetch" and t.is_alive()]


def test_close_wakes_a_prefetch_in_back_off_and_nothing_is_sent_after_it() -> None:
    sent: list[float] = []
    others = set(prefetch_threads())  # another test's client may still hold idle ones

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(time.monotonic())
        if request.url.params.get("pageToken") is None:
            return httpx.Response(200, json={"data": [{"path": "a"}], "nextPageToken": "t1"})
        return httpx.Response(503, headers={"Retry-After": "30"})

    client = real_client(handler)
    pages = client.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File).pages()
    assert [f.path for f in next(pages)] == ["a"]
    give_up = time.monotonic() + 5
    while len(sent) < 2 and time.monotonic() < give_up:
        time.sleep(0.01)
    time.sleep(0.1)  # the prefetch of page 2 got its 503 and sleeps out the Retry-After
    assert len(sent) == 2 and set(prefetch_threads()) - others
    started = time.monotonic()
    client.close()
    closed_at = time.monotonic()
    assert closed_at - started < 10.0  # woken: sleeping out the Retry-After would take 30 s
    assert set(prefetch_threads()) - others == set()
    time.sleep(0.3)
    assert all(at < started for at in sent) and len(sent) == 2
    with pytest.raises(ClientClosedError):
        client.request(GET)
    pages.close()


async def test_async_client_sends_nothing_after_close(make_async_client: Callable[..., AsyncApiClient]) -> None:
    sent: list[httpx.Request] = []
    client = make_async_client(recording(sent, 200, json={}))
    await client.request(GET)
    await client.close()
    with pytest.raises(ClientClosedError):
        await client.request(GET)
    assert len(sent) == 1


async def test_async_close_wakes_a_call_in_back_off(make_async_client: Callable[..., AsyncApiClient]) -> None:
    sent: list[httpx.Request] = []
    client = make_async_client(recording(sent, 503, headers={"Retry-After": "30"}), sleep=asyncio.sleep)
    call = asyncio.ensure_future(client.request(GET))
    while not sent:
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.05)  # the call sleeps out the Retry-After
    started = time.monotonic()
    await client.close()
    with pytest.raises(ClientClosedError):
        await asyncio.wait_for(call, 2)
    assert time.monotonic() - started < 10.0 and len(sent) == 1  # woken, not after the 30 s Retry-After


def test_retries_and_back_off_stay_within_the_calls_timeout(
    make_client: Callable[..., SyncApiClient], sleeps: list[float]
) -> None:
    client = make_client(lambda _: httpx.Response(429, headers={"Retry-After": "30"}), timeout=2)
    with pytest.raises(RateLimitError):
        client.request(GET)
    assert sleeps == []  # waiting 30 s would pass the deadline of 2 s: the 429 is raised at once
    with pytest.raises(RateLimitError):
        client.request(GET, Call(options=RequestOptions(deadline=100)))  # a longer deadline for this call
    assert sleeps == [30.0, 30.0]
    sleeps.clear()
    with pytest.raises(RateLimitError):
        make_client(lambda _: httpx.Response(429, headers={"Retry-After": "30"}), deadline=10).request(GET)
    assert sleeps == []


async def test_async_retries_stay_within_the_deadline(
    make_async_client: Callable[..., AsyncApiClient], sleeps: list[float]
) -> None:
    client = make_async_client(lambda _: httpx.Response(503, headers={"Retry-After": "5"}))
    with pytest.raises(ServiceUnavailableError):
        await client.request(GET, Call(options=RequestOptions(timeout=3)))
    assert sleeps == []


def test_the_deadline_bounds_the_calls_time(clock: FakeClock) -> None:
    """Each answer takes 0.05 s and asks for 0.4 s: a third wait would end past the 1 s deadline, so it is not made."""
    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(clock.now)
        clock.now += 0.05
        return httpx.Response(503, headers={"Retry-After": "0.4"})

    client = real_client(handler, timeout=1.0, max_retries=10, sleep=clock.sleep)
    with pytest.raises(ServiceUnavailableError):
        client.request(GET)
    assert clock.sleeps == [0.4, 0.4]
    assert sent == pytest.approx([0.0, 0.45, 0.9])
    assert clock.now <= 1.0


def endless_empty_pages() -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"data": [], "nextPageToken": f"t{len(requests)}"})

    return requests, handler


@pytest.mark.parametrize(("bound", "prefetch"), [(5, False), (5, True), (None, True)])
def test_consecutive_empty_pages_are_bounded(
    bound: int | None, prefetch: bool, make_client: Callable[..., SyncApiClient]
) -> None:
    requests, handler = endless_empty_pages()
    settings: dict[str, Any] = {"prefetch_pages": prefetch} | ({} if bound is None else {"max_empty_pages": bound})
    pager = make_client(handler, **settings).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    limit = 50 if bound is None else bound
    with pytest.raises(
        PaginationError, match=f"{limit + 1} pages in a row .* held no item .*max_empty_pages is {limit}"
    ):
        list(pager)
    assert limit + 1 <= len(requests) <= limit + 2  # a prefetch may have asked for one more


EMPTY_RUNS = {
    None: ([], "t1"),
    "t1": ([], "t2"),
    "t2": (["a"], "t3"),
    "t3": ([], "t4"),
    "t4": ([], "t5"),
    "t5": ([], "t6"),
    "t6": (["b"], None),
}


def test_empty_pages_with_advancing_cursors_below_the_bound_lose_nothing(
    make_client: Callable[..., SyncApiClient],
) -> None:
    _, handler = files_server(EMPTY_RUNS)
    pager = make_client(handler, max_empty_pages=3).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    assert [f.path for f in pager] == ["a", "b"]


async def test_async_empty_pages_are_bounded(make_async_client: Callable[..., AsyncApiClient]) -> None:
    requests, handler = endless_empty_pages()
    pager = make_async_client(handler, max_empty_pages=2).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    with pytest.raises(PaginationError, match="3 pages in a row"):
        [f async for f in pager]
    _, legit = files_server(EMPTY_RUNS)
    pager = make_async_client(legit, max_empty_pages=3).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    assert [f.path async for f in pager] == ["a", "b"]

"""The pagers: sync and async iteration over a listing's pages, with the next page prefetched."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from ._listing_guard import DEFAULT_MAX_EMPTY_PAGES, CursorGuard
from ._pagination import ITEMS_PER_LOOP_TURN, Page, PageArgs, PagePlan
from ._response import ApiResponse
from ._sent import SEND_WAIT_SECONDS, on_request_sent

T = TypeVar("T")


def _follows(page: Page[Any], guard: CursorGuard, prefetch: bool) -> bool:
    """True when the next page should be fetched ahead, before `page` is handed out."""
    return prefetch and page.has_next and guard.is_new(page.next_cursor)


StartThread = Callable[[Callable[[], None]], None]


def _daemon_thread(target: Callable[[], None]) -> None:
    threading.Thread(target=target, name="sdk-page-prefetch", daemon=True).start()


def _fetch_in_thread(load: Callable[[], Page[T]], start_thread: StartThread) -> Future[Page[T]]:
    """Start `load` on a daemon thread (never holding up interpreter exit) and return its future."""
    future: Future[Page[T]] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(load())
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer by future.result(), whatever it is
            future.set_exception(exc)

    start_thread(run)
    return future


def _forget(task: asyncio.Future[Any]) -> None:
    """Let an abandoned prefetch end quietly: cancel it and retrieve whatever it raised."""
    task.cancel()
    task.add_done_callback(lambda done: done.cancelled() or done.exception())


class SyncPager(Generic[T]):
    """Lazily iterates a listing: no request until iteration starts; each iteration starts over.

    With `prefetch` (the clients' default), the next page is requested on a background thread as
    soon as a page arrives, so the server works while this one is read; the page is handed out
    once that request is sent (see _sent). A listing abandoned early then has sent one request
    more than it used.
    """

    def __init__(
        self,
        plan: PagePlan[T],
        fetch: Callable[[PageArgs], ApiResponse],
        *,
        prefetch: bool = False,
        max_empty_pages: int = DEFAULT_MAX_EMPTY_PAGES,
        start_thread: StartThread = _daemon_thread,
    ) -> None:
        self._plan = plan
        self._fetch = fetch
        self._prefetch = prefetch
        self._max_empty_pages = max_empty_pages
        self._start_thread = start_thread
        self._total: int | None = None

    @property
    def total(self) -> int | None:
        """The listing's total item count, once a page that reports it has been fetched."""
        return self._total

    def _load(self, cursor: Any) -> Page[T]:
        return self._plan.read(self._fetch(self._plan.args(cursor)))

    def _load_ahead(self, cursor: Any, sent: threading.Event) -> Page[T]:
        """`_load` on the prefetch thread: `sent` is set once the request is written (or the fetch ended)."""
        token = on_request_sent.set(sent.set)
        try:
            return self._load(cursor)
        finally:
            on_request_sent.reset(token)
            sent.set()

    def pages(self) -> Generator[Page[T], None, None]:
        """Yield the pages one by one; without prefetch, each is fetched only when asked for."""
        guard = CursorGuard(self._plan.operation.operation_id, self._max_empty_pages)
        ahead: Future[Page[T]] | None = None
        number = 0
        try:
            page = self._load(None)
            while True:
                number += 1
                if page.total is not None:
                    self._total = page.total
                if _follows(page, guard, self._prefetch):
                    sent = threading.Event()
                    load = functools.partial(self._load_ahead, page.next_cursor, sent)
                    ahead = _fetch_in_thread(load, self._start_thread)
                    sent.wait(SEND_WAIT_SECONDS)  # off the GIL: the thread sends its request now (see _sent)
                yield page
                if not page.has_next:
                    return
                guard.check(page.next_cursor, len(page), number)
                page, ahead = (ahead.result(), None) if ahead is not None else (self._load(page.next_cursor), None)
        finally:
            if ahead is not None:
                ahead.cancel()  # a running fetch ends on its own; its page is dropped

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page

    def __repr__(self) -> str:
        return f"<SyncPager {self._plan.operation.operation_id}>"


class AsyncPager(Generic[T]):
    """The async twin of SyncPager: `async for item in pager`, `async for page in pager.pages()`.

    With `prefetch`, the next page is requested in a task as soon as a page arrives; iterating
    items yields to the event loop every ITEMS_PER_LOOP_TURN items, so that task (and others) run.
    """

    def __init__(
        self,
        plan: PagePlan[T],
        fetch: Callable[[PageArgs], Awaitable[ApiResponse]],
        *,
        prefetch: bool = False,
        max_empty_pages: int = DEFAULT_MAX_EMPTY_PAGES,
    ) -> None:
        self._plan = plan
        self._fetch = fetch
        self._prefetch = prefetch
        self._max_empty_pages = max_empty_pages
        self._total: int | None = None

    @property
    def total(self) -> int | None:
        """The listing's total item count, once a page that reports it has been fetched."""
        return self._total

    async def _load(self, cursor: Any) -> Page[T]:
        return self._plan.read(await self._fetch(self._plan.args(cursor)))

    async def _load_ahead(self, cursor: Any, sent: asyncio.Event) -> Page[T]:
        """`_load` in the prefetch task: `sent` is set once the request is written (or the fetch ended)."""
        on_request_sent.set(sent.set)  # in the task's own copy of the context
        try:
            return await self._load(cursor)
        finally:
            sent.set()

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Yield the pages one by one; without prefetch, each is fetched only when asked for."""
        guard = CursorGuard(self._plan.operation.operation_id, self._max_empty_pages)
        ahead: asyncio.Task[Page[T]] | None = None
        number = 0
        try:
            page = await self._load(None)
            while True:
                number += 1
                if page.total is not None:
                    self._total = page.total
                if _follows(page, guard, self._prefetch):
                    sent = asyncio.Event()
                    ahead = asyncio.ensure_future(self._load_ahead(page.next_cursor, sent))
                    with contextlib.suppress(TimeoutError):  # let it send its request before this page is read
                        async with asyncio.timeout(SEND_WAIT_SECONDS):
                            await sent.wait()
                yield page
                if not page.has_next:
                    return
                guard.check(page.next_cursor, len(page), number)
                page, ahead = (await ahead, None) if ahead is not None else (await self._load(page.next_cursor), None)
        finally:
            if ahead is not None:
                _forget(ahead)

    async def _items(self) -> AsyncGenerator[T, None]:
        async for page in self.pages():
            for index, item in enumerate(page, 1):
                yield item
                if index % ITEMS_PER_LOOP_TURN == 0:
                    await asyncio.sleep(0)

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    def __repr__(self) -> str:
        return f"<AsyncPager {self._plan.operation.operation_id}>"

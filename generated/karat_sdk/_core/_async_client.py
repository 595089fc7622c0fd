# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""The asynchronous client: the same logic as SyncApiClient over httpx.AsyncClient and asyncio."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar, overload

import httpx

from ._auth import TokenAuth
from ._base_client import BaseApiClient
from ._batch import BatchSpec, batch_body, batch_chunks, merge_in_order, read_batch_map, unique_keys
from ._call import NO_ARGUMENTS, Call, PreparedCall
from ._envelope import ErrorEnvelope
from ._errors import ClientClosedError
from ._in_flight import AWAIT_RENEWAL, RENEWAL_WAIT_SECONDS
from ._listing_guard import DEFAULT_MAX_EMPTY_PAGES
from ._operation import Operation, Server
from ._options import RequestOptions
from ._pagers import AsyncPager
from ._pagination import ItemType, PageArgs, PaginationSpec
from ._response import DEFAULT_MAX_RESPONSE_BYTES, ApiResponse, aread_capped
from ._retry import RetryPolicy
from ._security import Credentials
from ._sent import awatch_sent
from ._sequences import SequenceNotStr
from ._sse import AsyncEventStream
from ._streaming import AsyncStreamContext, AsyncStreamedResponse
from ._tls import default_tls_context

T = TypeVar("T")
DEFAULT_BATCH_CONCURRENCY = 8


class AsyncApiClient(BaseApiClient):
    """Sends the operations of one API with asyncio; batches run chunks concurrently, bounded."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: TokenAuth | None = None,
        credentials: Credentials | None = None,
        envelope: ErrorEnvelope,
        path_defaults: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout = 60.0,
        max_retries: int | None = None,
        http_client: httpx.AsyncClient | None = None,
        logger_name: str,
        token_renewal_header: str | None = None,
        user_agent: str,
        retry_policy: RetryPolicy | None = None,
        prefetch_pages: bool = True,
        batch_concurrency: int = DEFAULT_BATCH_CONCURRENCY,
        max_empty_pages: int = DEFAULT_MAX_EMPTY_PAGES,
        deadline: float | None = None,
        server_variables: Mapping[str, str] | None = None,
        servers: Sequence[Server] = (),
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=auth,
            credentials=credentials,
            envelope=envelope,
            path_defaults=path_defaults or {},
            timeout=timeout,
            max_retries=max_retries,
            logger_name=logger_name,
            token_renewal_header=token_renewal_header,
            user_agent=user_agent,
            retry_policy=retry_policy,
            deadline=deadline,
            server_variables=server_variables,
            servers=servers,
        )
        if batch_concurrency < 1:
            raise ValueError("batch_concurrency must be >= 1")
        if max_response_bytes is not None and max_response_bytes < 1:
            raise ValueError("max_response_bytes must be >= 1 (None: no limit)")
        self._max_response_bytes = max_response_bytes
        self._prefetch_pages = prefetch_pages
        self._max_empty_pages = max_empty_pages
        self._closed = False
        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.AsyncClient(follow_redirects=False, verify=default_tls_context())
        )
        self._batch_concurrency = batch_concurrency
        self._sleep = sleep
        self._close_signals: set[asyncio.Future[None]] = set()

    async def request(self, operation: Operation, call: Call = NO_ARGUMENTS) -> ApiResponse:
        """Send one operation, retrying when it is safe, and return its successful response (body read)."""
        return await self._send(self._prepare(operation, call), stream=False)

    def stream(self, operation: Operation, call: Call = NO_ARGUMENTS) -> AsyncStreamContext:
        """`async with client.stream(...) as response:` a successful response whose body is read as it arrives."""
        prepared = self._prepare(operation, call)

        async def open_response() -> AsyncStreamedResponse:
            response = await self._send(prepared, stream=True)
            return AsyncStreamedResponse(response.http_response, operation.operation_id)

        return AsyncStreamContext(open_response)

    def events(
        self, operation: Operation, call: Call = NO_ARGUMENTS, *, data_type: Any = None
    ) -> AsyncEventStream[Any]:
        """The Server-Sent Events of a `text/event-stream` operation, each handed over as soon as it is complete.

        `data_type`: each event's data parsed as JSON into it (else its text). Sent when iterated or entered.
        """
        prepared = self._prepare(operation, call)

        async def open_response() -> httpx.Response:
            return (await self._send(prepared, stream=True)).http_response

        return AsyncEventStream(open_response, data_type, operation.operation_id)

    async def _send(self, call: PreparedCall, *, stream: bool) -> ApiResponse:
        attempt = 0
        outcome: ApiResponse | float
        alone = False  # holding the InFlight gate: the next attempt goes out with nothing else in flight
        try:
            while True:
                attempt += 1
                if self._closed:
                    raise ClientClosedError(
                        f"{call.operation.operation_id}: the client was closed; nothing more is sent"
                    )
                request = self._build_request(self._http, call, attempt)
                started = time.perf_counter()
                held, alone = alone, False  # _exchange releases the gate
                try:
                    response = await self._exchange(request, call.operation, stream=stream, alone=held)
                except httpx.RequestError as exc:
                    outcome = self._after_transport_error(call, request, exc, attempt, started)
                else:
                    outcome = self._after_response(call, request, response, attempt, started)
                    if outcome == AWAIT_RENEWAL:
                        alone = await self._in_flight.alone_async(call.remaining() or RENEWAL_WAIT_SECONDS)
                        outcome = self._after_response(call, request, response, attempt, started, renewal_awaited=True)
                if isinstance(outcome, ApiResponse):
                    return outcome
                await self._pause(outcome)
        finally:
            if alone:
                self._in_flight.release()

    async def _exchange(
        self, request: httpx.Request, operation: Operation, *, stream: bool, alone: bool
    ) -> httpx.Response:
        """Send one attempt, counted in flight until its renewed token, if any, is adopted (see _in_flight)."""
        waited = False if alone else await self._in_flight.enter_async()
        try:
            if waited:  # another call went alone meanwhile, and may have adopted a renewed token
                self._with_current_token(request)
            awatch_sent(request)  # a listing's prefetch waits for the request to be written (see _sent)
            response = await self._http.send(request, stream=True)  # the body is read below, capped
            self._adopt_renewed_token(response)
        finally:
            if alone:
                self._in_flight.release()
            else:
                self._in_flight.leave()
        if not stream or self._must_read(response, operation):
            await aread_capped(response, self._max_response_bytes, operation.operation_id)
        return response

    @overload
    def paginate(
        self,
        operation: Operation,
        spec: PaginationSpec,
        call: Call = NO_ARGUMENTS,
        *,
        item_type: type[T],
        page_size: int | None = None,
    ) -> AsyncPager[T]: ...

    @overload
    def paginate(
        self,
        operation: Operation,
        spec: PaginationSpec,
        call: Call = NO_ARGUMENTS,
        *,
        item_type: Mapping[str, type[Any]],
        page_size: int | None = None,
    ) -> AsyncPager[Any]: ...

    def paginate(
        self,
        operation: Operation,
        spec: PaginationSpec,
        call: Call = NO_ARGUMENTS,
        *,
        item_type: ItemType,
        page_size: int | None = None,
    ) -> AsyncPager[Any]:
        """Return a lazy async pager over a cursor-paginated operation; nothing is sent until iteration."""
        plan, page_call = self._page_plan(operation, spec, call, item_type, page_size)

        async def fetch(args: PageArgs) -> ApiResponse:
            return await self.request(operation, page_call(args))

        return AsyncPager(plan, fetch, prefetch=self._prefetch_pages, max_empty_pages=self._max_empty_pages)

    @overload
    async def batch(
        self,
        operation: Operation,
        spec: BatchSpec,
        keys: SequenceNotStr[str],
        *,
        value_type: type[T],
        options: RequestOptions | None = None,
        concurrency: int | None = None,
    ) -> dict[str, T]: ...

    @overload
    async def batch(
        self,
        operation: Operation,
        spec: BatchSpec,
        keys: SequenceNotStr[str],
        *,
        value_type: Any,
        options: RequestOptions | None = None,
        concurrency: int | None = None,
    ) -> dict[str, Any]: ...  # a type alias (a union named in the spec)

    async def batch(
        self,
        operation: Operation,
        spec: BatchSpec,
        keys: SequenceNotStr[str],
        *,
        value_type: Any,
        options: RequestOptions | None = None,
        concurrency: int | None = None,
    ) -> dict[str, Any]:
        """Fetch many keys in chunks of `spec.max_size`, at most `concurrency` at once, and merge in input order."""
        unique = unique_keys(keys)
        chunks = batch_chunks(spec, unique)
        if not chunks:
            return {}
        limit = asyncio.Semaphore(concurrency or self._batch_concurrency)

        async def fetch(chunk: Sequence[str]) -> dict[str, Any]:
            async with limit:
                response = await self.request(operation, Call(json=batch_body(spec, chunk), options=options))
            return read_batch_map(response, spec, value_type)

        tasks = [asyncio.ensure_future(fetch(chunk)) for chunk in chunks]
        try:
            maps = await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:  # one chunk failed: stop the others rather than leave them running
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return merge_in_order(unique, maps)

    async def _pause(self, delay: float) -> None:
        """Sleep `delay` before a retry, or less when close() is called meanwhile."""
        signal = asyncio.get_running_loop().create_future()
        self._close_signals.add(signal)
        sleeping = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait({sleeping, signal}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self._close_signals.discard(signal)
            sleeping.cancel()

    async def close(self) -> None:
        """Stop at once: back-off sleeps wake, nothing more is sent; close the pool unless the caller supplied it."""
        self._closed = True
        for signal in list(self._close_signals):
            signal.get_loop().call_soon_threadsafe(_settle, signal)
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


def _settle(signal: asyncio.Future[None]) -> None:
    if not signal.done():
        signal.set_result(None)

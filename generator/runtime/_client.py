"""The synchronous client: sends requests with httpx.Client, retries by sleeping in the calling thread."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar, overload

import httpx

from ._auth import TokenAuth
from ._base_client import BaseApiClient
from ._batch import BatchSpec, batch_body, batch_chunks, merge_in_order, read_batch_map, unique_keys
from ._call import NO_ARGUMENTS, Call, PreparedCall
from ._envelope import ErrorEnvelope
from ._in_flight import AWAIT_RENEWAL, RENEWAL_WAIT_SECONDS
from ._lifecycle import Lifecycle
from ._listing_guard import DEFAULT_MAX_EMPTY_PAGES
from ._operation import Operation, Server
from ._options import RequestOptions
from ._pagers import SyncPager
from ._pagination import ItemType, PageArgs, PaginationSpec
from ._response import DEFAULT_MAX_RESPONSE_BYTES, ApiResponse, read_capped
from ._retry import RetryPolicy
from ._security import Credentials
from ._sent import watch_sent
from ._sequences import SequenceNotStr
from ._sse import EventStream
from ._streaming import StreamContext, StreamedResponse
from ._tls import default_tls_context

T = TypeVar("T")


class SyncApiClient(BaseApiClient):
    """Sends the operations of one API; closes its httpx.Client unless the caller supplied it."""

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
        http_client: httpx.Client | None = None,
        logger_name: str,
        token_renewal_header: str | None = None,
        user_agent: str,
        retry_policy: RetryPolicy | None = None,
        prefetch_pages: bool = True,
        max_empty_pages: int = DEFAULT_MAX_EMPTY_PAGES,
        deadline: float | None = None,
        server_variables: Mapping[str, str] | None = None,
        servers: Sequence[Server] = (),
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] | None = None,
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
        if max_response_bytes is not None and max_response_bytes < 1:
            raise ValueError("max_response_bytes must be >= 1 (None: no limit)")
        self._max_response_bytes = max_response_bytes
        self._prefetch_pages = prefetch_pages
        self._max_empty_pages = max_empty_pages
        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.Client(follow_redirects=False, verify=default_tls_context())
        )
        self._lifecycle = Lifecycle()
        self._sleep = sleep or self._lifecycle.sleep  # close() wakes the default sleep at once

    def request(self, operation: Operation, call: Call = NO_ARGUMENTS) -> ApiResponse:
        """Send one operation, retrying when it is safe, and return its successful response (body read)."""
        return self._send(self._prepare(operation, call), stream=False)

    def stream(self, operation: Operation, call: Call = NO_ARGUMENTS) -> StreamContext:
        """`with client.stream(...) as response:` a successful response whose body is read as it arrives."""
        prepared = self._prepare(operation, call)

        def open_response() -> StreamedResponse:
            return StreamedResponse(self._send(prepared, stream=True).http_response, operation.operation_id)

        return StreamContext(open_response)

    def events(self, operation: Operation, call: Call = NO_ARGUMENTS, *, data_type: Any = None) -> EventStream[Any]:
        """The Server-Sent Events of a `text/event-stream` operation, each handed over as soon as it is complete.

        `data_type`: each event's data parsed as JSON into it (else its text). Sent when iterated or entered.
        """
        prepared = self._prepare(operation, call)
        return EventStream(lambda: self._send(prepared, stream=True).http_response, data_type, operation.operation_id)

    def _send(self, call: PreparedCall, *, stream: bool) -> ApiResponse:
        attempt = 0
        outcome: ApiResponse | float
        alone = False  # holding the InFlight gate: the next attempt goes out with nothing else in flight
        try:
            while True:
                attempt += 1
                self._lifecycle.check(call.operation.operation_id)
                request = self._build_request(self._http, call, attempt)
                started = time.perf_counter()
                held, alone = alone, False  # _exchange releases the gate
                try:
                    response = self._exchange(request, call.operation, stream=stream, alone=held)
                except httpx.RequestError as exc:
                    outcome = self._after_transport_error(call, request, exc, attempt, started)
                else:
                    outcome = self._after_response(call, request, response, attempt, started)
                    if outcome == AWAIT_RENEWAL:
                        alone = self._in_flight.alone(call.remaining() or RENEWAL_WAIT_SECONDS)
                        outcome = self._after_response(call, request, response, attempt, started, renewal_awaited=True)
                if isinstance(outcome, ApiResponse):
                    return outcome
                self._sleep(outcome)
        finally:
            if alone:
                self._in_flight.release()

    def _exchange(self, request: httpx.Request, operation: Operation, *, stream: bool, alone: bool) -> httpx.Response:
        """Send one attempt, counted in flight until its renewed token, if any, is adopted (see _in_flight)."""
        waited = False if alone else self._in_flight.enter()
        try:
            if waited:  # another call went alone meanwhile, and may have adopted a renewed token
                self._with_current_token(request)
            watch_sent(request)  # a listing's prefetch waits for the request to be written (see _sent)
            response = self._http.send(request, stream=True)  # the body is read below, capped
            self._adopt_renewed_token(response)
        finally:
            if alone:
                self._in_flight.release()
            else:
                self._in_flight.leave()
        if not stream or self._must_read(response, operation):
            read_capped(response, self._max_response_bytes, operation.operation_id)
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
    ) -> SyncPager[T]: ...

    @overload
    def paginate(
        self,
        operation: Operation,
        spec: PaginationSpec,
        call: Call = NO_ARGUMENTS,
        *,
        item_type: Mapping[str, type[Any]],
        page_size: int | None = None,
    ) -> SyncPager[Any]: ...

    def paginate(
        self,
        operation: Operation,
        spec: PaginationSpec,
        call: Call = NO_ARGUMENTS,
        *,
        item_type: ItemType,
        page_size: int | None = None,
    ) -> SyncPager[Any]:
        """Return a lazy pager over a cursor-paginated operation; nothing is sent until iteration."""
        plan, page_call = self._page_plan(operation, spec, call, item_type, page_size)

        def fetch(args: PageArgs) -> ApiResponse:
            return self.request(operation, page_call(args))

        return SyncPager(
            plan,
            fetch,
            prefetch=self._prefetch_pages,
            max_empty_pages=self._max_empty_pages,
            start_thread=self._lifecycle.start_thread,
        )

    @overload
    def batch(
        self,
        operation: Operation,
        spec: BatchSpec,
        keys: SequenceNotStr[str],
        *,
        value_type: type[T],
        options: RequestOptions | None = None,
    ) -> dict[str, T]: ...

    @overload
    def batch(
        self,
        operation: Operation,
        spec: BatchSpec,
        keys: SequenceNotStr[str],
        *,
        value_type: Any,
        options: RequestOptions | None = None,
    ) -> dict[str, Any]: ...  # a type alias (a union named in the spec)

    def batch(
        self,
        operation: Operation,
        spec: BatchSpec,
        keys: SequenceNotStr[str],
        *,
        value_type: Any,
        options: RequestOptions | None = None,
    ) -> dict[str, Any]:
        """Fetch many keys in chunks of `spec.max_size`, one request after another, and merge the maps."""
        unique = unique_keys(keys)
        maps = [
            read_batch_map(
                self.request(operation, Call(json=batch_body(spec, chunk), options=options)), spec, value_type
            )
            for chunk in batch_chunks(spec, unique)
        ]
        return merge_in_order(unique, maps)

    def close(self) -> None:
        """Stop at once: back-off sleeps wake, nothing more is sent, prefetch threads end; then close the pool.

        The pool is closed unless the caller supplied the httpx.Client.
        """
        self._lifecycle.close()
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

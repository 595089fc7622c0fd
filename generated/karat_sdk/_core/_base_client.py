# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""What the sync and async clients share: request building, response handling, retry decisions, logging."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from ._auth import TokenAuth
from ._call import Call, PreparedCall
from ._envelope import ErrorEnvelope
from ._error_mapping import access_hints, error_from_response
from ._errors import ApiConnectionError, ApiTimeoutError, ConfigurationError, UnexpectedContentTypeError
from ._in_flight import AWAIT_RENEWAL, MAX_AUTH_RETRIES, InFlight
from ._operation import Operation, Server
from ._options import RequestOptions, clipped, default_deadline, to_timeout
from ._pagination import ItemType, PageArgs, PagePlan, PaginationSpec
from ._redact import scrubbed_request
from ._request_body import Rewind, httpx_arguments
from ._response import ApiResponse
from ._retry import RETRYABLE_TRANSPORT_ERRORS, RetryPolicy, is_retryable_status
from ._security import BearerCredential, Credentials


def _at_least_a_moment(remaining: float | None) -> float | None:
    return None if remaining is None else max(remaining, 0.001)


def _with_query(url: str, fragments: list[str]) -> str:
    """`url` with encoded `key=value` fragments appended to its query."""
    if not fragments:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(fragments)


def _server_at(servers: Sequence[Server], base_url: str, settings: Mapping[str, str]) -> str | None:
    """The URL (as the spec writes it) of the document's server that `base_url` is, if it is one of them."""
    for server in servers:
        try:
            if server.resolve(base_url, settings, "the client") == base_url:
                return server.url
        except ConfigurationError:  # a variable without a value: not the server the base URL was built from
            continue
    return None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, url.port or default_port)


def _check_media(operation: Operation, response: ApiResponse) -> None:
    """Raise UnexpectedContentTypeError for a success of a media type the method does not read (`expects`)."""
    expects = operation.expects
    if expects is None:  # most operations: nothing to look up
        return
    received = response.headers.get("Content-Type")
    if expects.accepts(received):
        return
    wanted = " or ".join(expects.media_types)
    summary = (
        f"{expects.method} reads {wanted}, but the response of {operation.operation_id} (HTTP "
        f"{response.status_code}) is {received or 'without a Content-Type'}: the server answered another form "
        "of the operation than this method reads"
    )
    raise UnexpectedContentTypeError(
        summary,
        operation_id=operation.operation_id,
        status_code=response.status_code,
        body_start=response.body_quote(),
        method=expects.method,
        expected=expects.media_types,
        received=received or "",
    )


def sent_token(request: httpx.Request) -> str | None:
    """The `Authorization` value a request carried."""
    value: str | None = request.headers.get("Authorization")
    return value


class BaseApiClient:
    """Configuration and I/O-free logic of a client; subclasses only send requests and sleep."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: TokenAuth | None = None,
        credentials: Credentials | None = None,
        envelope: ErrorEnvelope,
        path_defaults: Mapping[str, str],
        timeout: float | httpx.Timeout,
        max_retries: int | None,
        logger_name: str,
        token_renewal_header: str | None,
        user_agent: str,
        retry_policy: RetryPolicy | None,
        deadline: float | None = None,
        server_variables: Mapping[str, str] | None = None,
        servers: Sequence[Server] = (),
    ) -> None:
        url = httpx.URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigurationError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        if auth is not None and credentials is not None:
            raise TypeError("pass auth (one bearer token) or credentials (every scheme), not both")
        self._credentials = credentials or Credentials({"bearer": BearerCredential(auth)} if auth else {})
        self._auth = self._credentials.bearer  # the token a renewal replaces
        self._envelope = envelope
        self._path_defaults = dict(path_defaults)
        self._server_variables = dict(server_variables or {})
        self._document_servers = frozenset(server.url for server in servers)
        self._base_server = _server_at(servers, self.base_url, self._server_variables)
        self._hints = access_hints(
            token_env=self._auth.env_var if self._auth else None,
            scope=self._path_defaults,
            credentials=None if credentials is None else self._credentials.held_hints(),
        )
        self._timeout = to_timeout(timeout)
        if deadline is not None and deadline <= 0:
            raise ValueError("deadline must be > 0 seconds")
        self._deadline = deadline if deadline is not None else default_deadline(timeout)
        policy = retry_policy or RetryPolicy()
        self._retry_policy = policy if max_retries is None else dataclasses.replace(policy, max_retries=max_retries)
        self._log = logging.getLogger(logger_name)
        self._renewal_header = token_renewal_header
        self._user_agent = user_agent
        self._in_flight = InFlight()

    @property
    def retry_policy(self) -> RetryPolicy:
        """The client's retry policy (per-call `RequestOptions.max_retries` still overrides the count)."""
        return self._retry_policy

    def _prepare(self, operation: Operation, call: Call) -> PreparedCall:
        """Merge a call's arguments, its RequestOptions and the client's defaults once, for every attempt."""
        options = call.options or RequestOptions()
        path = operation.render_path({**self._path_defaults, **(call.path_params or {})})
        sent = {"Accept": operation.accept, "User-Agent": self._user_agent}
        sent.update(operation.render_headers(call.headers, call.cookies))
        if call.json is not None and operation.request_media != "application/json":
            sent["Content-Type"] = operation.request_media  # a +json type (merge-patch, vendor): JSON all the same
        sent.update(options.extra_headers or {})
        budget = self._deadline
        if options.deadline is not None:
            budget = options.deadline
        elif options.timeout is not None and not isinstance(options.timeout, httpx.Timeout):
            budget = float(options.timeout)
        base_url, security = self._server(operation)
        return PreparedCall(
            operation=operation,
            requirement=self._credentials.choose(operation.operation_id, security),
            url=_with_query(base_url + path, operation.render_query(call.query)),
            json=call.json,
            headers=sent,
            timeout=to_timeout(options.timeout) if options.timeout is not None else self._timeout,
            max_retries=options.max_retries if options.max_retries is not None else self._retry_policy.max_retries,
            on_response=options.on_response,
            body=call.body,
            rewind=Rewind(call.body),
            deadline_at=None if budget is None else time.monotonic() + budget,
        )

    def _server(self, operation: Operation) -> tuple[str, tuple[tuple[str, ...], ...] | None]:
        """The base URL of a call, and the security it sends there.

        An operation's own server wins over the client's base URL, unless it is the document's server the
        base URL is, or the base URL is none of the document's servers (a deployment, a proxy or a test
        server of the user's own) and the operation's server is one of them: then the base URL stands in
        for it, as it does for every other operation. Credentials go to an operation's server only when it
        has the base URL's origin, or when the operation declares its own `security` (then the spec
        says they belong there); otherwise the call to another origin sends none.
        """
        own = operation.servers
        if not own:
            return self.base_url, operation.security
        if self._base_server is None:
            if own[0].url in self._document_servers:
                return self.base_url, operation.security
        elif any(server.url == self._base_server for server in own):
            return self.base_url, operation.security
        url = own[0].resolve(self.base_url, self._server_variables, operation.operation_id)
        if operation.security is None and _origin(httpx.URL(url)) != _origin(httpx.URL(self.base_url)):
            return url, ()
        return url, operation.security

    def _page_plan(
        self, operation: Operation, spec: PaginationSpec, call: Call, item_type: ItemType, page_size: int | None
    ) -> tuple[PagePlan[Any], Callable[[PageArgs], Call]]:
        """The plan of a listing and how each page's call is made from the first call's arguments."""
        plan: PagePlan[Any] = PagePlan(
            operation,
            spec,
            item_type,
            path_params=call.path_params,
            query=call.query,
            json=call.json,
            page_size=page_size,
        )

        def page_call(args: PageArgs) -> Call:
            return dataclasses.replace(call, path_params=args.path_params, query=args.query, json=args.json)

        return plan, page_call

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: PreparedCall, attempt: int) -> httpx.Request:
        """Build one attempt's request; the token is fetched now, so a provider is asked every time."""
        sent = self._credentials.apply(call.requirement)
        headers = {**sent.headers, **call.headers}
        if sent.cookies:
            crumbs = "; ".join(f"{name}={quote(value, safe='')}" for name, value in sent.cookies)
            headers["Cookie"] = f"{headers['Cookie']}; {crumbs}" if "Cookie" in headers else crumbs
        url = _with_query(call.url, [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in sent.query])
        timeout = clipped(call.timeout, _at_least_a_moment(call.remaining()))
        if call.body is None:
            return http.build_request(call.operation.method, url, json=call.json, headers=headers, timeout=timeout)
        if attempt > 1:
            call.rewind()
        arguments = httpx_arguments(call.body, asynchronous=isinstance(http, httpx.AsyncClient))
        headers = {**arguments.pop("headers"), **headers}
        return http.build_request(call.operation.method, url, headers=headers, timeout=timeout, **arguments)

    def _may_retry(self, call: PreparedCall, attempt: int) -> bool:
        return call.operation.safe_to_retry and attempt <= call.max_retries and call.rewind.possible

    def _must_read(self, response: httpx.Response, operation: Operation) -> bool:
        """Whether a streamed response's body is needed before deciding: an error, a JSON success envelope, or a
        success of a media type the method does not read (quoted in its error; the connection is then free)."""
        if not response.is_success:
            return True
        content_type = response.headers.get("Content-Type")
        if operation.expects is not None and not operation.expects.accepts(content_type):
            return True
        return self._envelope.success is not None and "json" in (content_type or "")

    def _after_response(
        self,
        call: PreparedCall,
        request: httpx.Request,
        response: httpx.Response,
        attempt: int,
        started: float,
        *,
        renewal_awaited: bool = False,
    ) -> ApiResponse | float:
        """Return the ApiResponse of a success, the delay before a retry, or AWAIT_RENEWAL; raise the mapped error.

        AWAIT_RENEWAL (a 401 a renewed token may explain): take the InFlight gate (`alone`), then
        call again with `renewal_awaited=True`; a retry it returns is sent while holding the gate.
        """
        elapsed = time.perf_counter() - started
        if not renewal_awaited:
            self._log.debug(
                "%s %s -> %d in %.0f ms (attempt %d)",
                request.method,
                self._shown(request.url),
                response.status_code,
                elapsed * 1000,
                attempt,
            )
        api_response = ApiResponse(
            response,
            operation_id=call.operation.operation_id,
            elapsed=dt.timedelta(seconds=elapsed),
            redact=self._credentials.redact,
        )
        if response.is_success and not self._envelope_failed(api_response):
            _check_media(call.operation, api_response)
            if call.on_response is not None:
                call.on_response(api_response)
            return api_response
        if response.status_code == 401 and call.tally.auth_retries < MAX_AUTH_RETRIES and call.rewind.possible:
            superseded = self._auth is not None and self._auth.superseded(sent_token(request))
            if not renewal_awaited and (superseded or (self._auth is not None and self._renewal_header)):
                return AWAIT_RENEWAL  # judged again alone, nothing else in flight: see _in_flight
            if superseded:
                call.tally.auth_retries += 1  # sent with a token renewed since (and maybe revoked): again, current one
                self._log.info(
                    "Retrying %s %s with the renewed token after HTTP 401", request.method, self._shown(request.url)
                )
                return 0.0
        if not response.is_success and is_retryable_status(response.status_code) and self._may_retry(call, attempt):
            delay = self._retry_policy.delay(attempt, response.headers)
            if self._retry_fits(call, request, attempt, delay, f"HTTP {response.status_code}"):
                return delay
        raise error_from_response(
            call.operation,
            api_response,
            self._envelope,
            logger=self._log,
            redact=self._credentials.redact,
            hints=self._hints,
        )

    def _after_transport_error(
        self, call: PreparedCall, request: httpx.Request, exc: httpx.RequestError, attempt: int, started: float
    ) -> float:
        """Return the delay before a retry after a transport failure, or raise ApiConnectionError/ApiTimeoutError."""
        elapsed_ms = (time.perf_counter() - started) * 1000
        reason = type(exc).__name__
        self._log.debug(
            "%s %s -> %s after %.0f ms (attempt %d)",
            request.method,
            self._shown(request.url),
            reason,
            elapsed_ms,
            attempt,
        )
        if isinstance(exc, RETRYABLE_TRANSPORT_ERRORS) and self._may_retry(call, attempt):
            delay = self._retry_policy.delay(attempt)
            if self._retry_fits(call, request, attempt, delay, reason):
                return delay
        timed_out = isinstance(exc, httpx.TimeoutException)
        cls = ApiTimeoutError if timed_out else ApiConnectionError
        what = "Request timed out" if timed_out else "Connection error"
        detail = self._credentials.redact(str(exc)) or reason
        summary = (
            f"{what} on {call.operation.operation_id} ({request.method} {self._shown(request.url)}): {reason}: {detail}"
        )
        if attempt > 1:
            summary += f" (after {attempt} attempts)"
        scrubbed = scrubbed_request(request, self._credentials.redact)
        raise cls(summary, operation_id=call.operation.operation_id, request=scrubbed) from exc

    def _with_current_token(self, request: httpx.Request) -> None:
        """After waiting while another call went alone: the bearer token it may have renewed replaces the built one."""
        if self._auth is not None and request.headers.get("Authorization", "").startswith("Bearer "):
            request.headers.update(self._auth.headers())

    def _adopt_renewed_token(self, response: httpx.Response) -> None:
        """Take a renewed token from the response, only from the base URL's origin (not a redirect's host)."""
        if self._auth is None or not self._renewal_header or self._renewal_header not in response.headers:
            return
        if _origin(response.url) != _origin(httpx.URL(self.base_url)):
            self._log.warning("Ignored a renewed token sent by %s, not by %s", _origin(response.url), self.base_url)
        elif not self._auth.renew(response.headers[self._renewal_header]):
            self._log.warning("Ignored a renewed token that cannot be sent as a header (not shown)")

    def _envelope_failed(self, response: ApiResponse) -> bool:
        if self._envelope.success is None:
            return False
        try:
            _ = response.http_response.content
        except httpx.ResponseNotRead:  # a streamed body left unread by _must_read: not a JSON envelope
            return False
        return self._envelope.reports_failure(response.try_json())

    def _retry_fits(self, call: PreparedCall, request: httpx.Request, attempt: int, delay: float, reason: str) -> bool:
        """True (and logged) when a retry after `delay` can start before the call's deadline."""
        remaining = call.remaining()
        if remaining is not None and delay >= remaining:
            self._log.info(
                "Not retrying %s %s after %s: waiting %.2f s would pass the call's deadline (%.2f s left)",
                request.method,
                self._shown(request.url),
                reason,
                delay,
                max(remaining, 0.0),
            )
            return False
        self._log.info(
            "Retrying %s %s in %.2f s after %s (retry %d of %d)",
            request.method,
            self._shown(request.url),
            delay,
            reason,
            attempt,
            call.max_retries,
        )
        return True

    def _shown(self, url: httpx.URL) -> _Shown:
        """A URL for a log line or a message: redacted when formatted (an API key may be in its query)."""
        return _Shown(url, self._credentials.redact)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class _Shown:
    """Text redacted only when a log record or message is formatted (nothing is done for a muted debug line)."""

    __slots__ = ("_redact", "_url")

    def __init__(self, url: httpx.URL, redact: Callable[[str], str]) -> None:
        self._url = url
        self._redact = redact

    def __str__(self) -> str:
        return self._redact(str(self._url))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

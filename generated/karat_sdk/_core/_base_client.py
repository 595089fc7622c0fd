# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""What the sync and async clients share: request building, response handling, retry decisions, logging."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from ._auth import TokenAuth
from ._envelope import ErrorEnvelope
from ._error_mapping import access_hints, error_from_response
from ._errors import ApiConnectionError, ApiTimeoutError, ConfigurationError
from ._in_flight import AWAIT_RENEWAL, MAX_AUTH_RETRIES, InFlight
from ._operation import Operation
from ._options import RequestOptions, clipped, default_deadline, to_timeout
from ._redact import scrubbed_request
from ._request_body import RequestBody, Rewind, httpx_arguments
from ._response import ApiResponse
from ._retry import RETRYABLE_TRANSPORT_ERRORS, RetryPolicy, is_retryable_status


def _at_least_a_moment(remaining: float | None) -> float | None:
    return None if remaining is None else max(remaining, 0.001)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default_port = {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, url.port or default_port)


def sent_token(request: httpx.Request) -> str | None:
    """The `Authorization` value a request carried."""
    value: str | None = request.headers.get("Authorization")
    return value


@dataclass
class PreparedCall:
    """Everything about one call except the per-attempt authorization header; only `auth_retries` changes."""

    operation: Operation
    url: str
    params: tuple[tuple[str, str], ...]
    json: Any
    headers: dict[str, str]
    timeout: httpx.Timeout
    max_retries: int
    on_response: Callable[[ApiResponse], None] | None = None
    body: RequestBody | None = None
    rewind: Rewind = dataclasses.field(default_factory=lambda: Rewind(None))
    deadline_at: float | None = None  # time.monotonic() by which the call, retries included, must end
    auth_retries: int = 0

    def remaining(self) -> float | None:
        """Seconds left before the call's deadline (None: no deadline)."""
        return None if self.deadline_at is None else self.deadline_at - time.monotonic()


class BaseApiClient:
    """Configuration and I/O-free logic of a client; subclasses only send requests and sleep."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: TokenAuth,
        envelope: ErrorEnvelope,
        path_defaults: Mapping[str, str],
        timeout: float | httpx.Timeout,
        max_retries: int | None,
        logger_name: str,
        token_renewal_header: str | None,
        user_agent: str,
        retry_policy: RetryPolicy | None,
        deadline: float | None = None,
    ) -> None:
        url = httpx.URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigurationError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self._auth = auth
        self._envelope = envelope
        self._path_defaults = dict(path_defaults)
        self._hints = access_hints(token_env=auth.env_var, scope=self._path_defaults)
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

    def _prepare(
        self,
        operation: Operation,
        path_params: Mapping[str, Any] | None,
        query: Mapping[str, Any] | None,
        json: Any,
        options: RequestOptions | None,
        *,
        body: RequestBody | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
    ) -> PreparedCall:
        """Render the URL, query and headers of a call once; they are the same on every attempt."""
        if json is not None and body is not None:
            raise TypeError(f"{operation.operation_id}: a call sends either a JSON body or another body, not both")
        options = options or RequestOptions()
        path = operation.render_path({**self._path_defaults, **(path_params or {})})
        sent = {"Accept": operation.accept, "User-Agent": self._user_agent}
        sent.update(operation.render_headers(headers, cookies))
        sent.update(options.extra_headers or {})
        budget = self._deadline
        if options.deadline is not None:
            budget = options.deadline
        elif options.timeout is not None and not isinstance(options.timeout, httpx.Timeout):
            budget = float(options.timeout)
        return PreparedCall(
            operation=operation,
            url=self.base_url + path,
            params=tuple(operation.render_query(query)),
            json=json,
            headers=sent,
            timeout=to_timeout(options.timeout) if options.timeout is not None else self._timeout,
            max_retries=options.max_retries if options.max_retries is not None else self._retry_policy.max_retries,
            on_response=options.on_response,
            body=body,
            rewind=Rewind(body),
            deadline_at=None if budget is None else time.monotonic() + budget,
        )

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: PreparedCall, attempt: int) -> httpx.Request:
        """Build one attempt's request; the token is fetched now, so a provider is asked every time."""
        headers = {**self._auth.headers(), **call.headers}
        timeout = clipped(call.timeout, _at_least_a_moment(call.remaining()))
        if call.body is None:
            return http.build_request(
                call.operation.method, call.url, params=call.params, json=call.json, headers=headers, timeout=timeout
            )
        if attempt > 1:
            call.rewind()
        arguments = httpx_arguments(call.body, asynchronous=isinstance(http, httpx.AsyncClient))
        headers = {**arguments.pop("headers"), **headers}
        return http.build_request(
            call.operation.method, call.url, params=call.params, headers=headers, timeout=timeout, **arguments
        )

    def _may_retry(self, call: PreparedCall, attempt: int) -> bool:
        return call.operation.safe_to_retry and attempt <= call.max_retries and call.rewind.possible

    def _must_read(self, response: httpx.Response) -> bool:
        """Whether a streamed response's body is needed before deciding: an error, or a JSON success envelope."""
        if not response.is_success:
            return True
        return self._envelope.success is not None and "json" in response.headers.get("Content-Type", "")

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
                request.url,
                response.status_code,
                elapsed * 1000,
                attempt,
            )
        api_response = ApiResponse(
            response,
            operation_id=call.operation.operation_id,
            elapsed=dt.timedelta(seconds=elapsed),
            redact=self._auth.redact,
        )
        if response.is_success and not self._envelope_failed(api_response):
            if call.on_response is not None:
                call.on_response(api_response)
            return api_response
        if response.status_code == 401 and call.auth_retries < MAX_AUTH_RETRIES and call.rewind.possible:
            superseded = self._auth.superseded(sent_token(request))
            if not renewal_awaited and (superseded or self._renewal_header):
                return AWAIT_RENEWAL  # judged again alone, nothing else in flight: see _in_flight
            if superseded:
                call.auth_retries += 1  # sent with a token renewed since (and maybe revoked): again, current one
                self._log.info("Retrying %s %s with the renewed token after HTTP 401", request.method, request.url)
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
            redact=self._auth.redact,
            hints=self._hints,
        )

    def _after_transport_error(
        self, call: PreparedCall, request: httpx.Request, exc: httpx.RequestError, attempt: int, started: float
    ) -> float:
        """Return the delay before a retry after a transport failure, or raise ApiConnectionError/ApiTimeoutError."""
        elapsed_ms = (time.perf_counter() - started) * 1000
        reason = type(exc).__name__
        self._log.debug(
            "%s %s -> %s after %.0f ms (attempt %d)", request.method, request.url, reason, elapsed_ms, attempt
        )
        if isinstance(exc, RETRYABLE_TRANSPORT_ERRORS) and self._may_retry(call, attempt):
            delay = self._retry_policy.delay(attempt)
            if self._retry_fits(call, request, attempt, delay, reason):
                return delay
        timed_out = isinstance(exc, httpx.TimeoutException)
        cls = ApiTimeoutError if timed_out else ApiConnectionError
        what = "Request timed out" if timed_out else "Connection error"
        detail = self._auth.redact(str(exc)) or reason
        summary = f"{what} on {call.operation.operation_id} ({request.method} {request.url}): {reason}: {detail}"
        if attempt > 1:
            summary += f" (after {attempt} attempts)"
        scrubbed = scrubbed_request(request, self._auth.redact)
        raise cls(summary, operation_id=call.operation.operation_id, request=scrubbed) from exc

    def _adopt_renewed_token(self, response: httpx.Response) -> None:
        """Take a renewed token from the response, only from the base URL's origin (not a redirect's host)."""
        if not self._renewal_header or self._renewal_header not in response.headers:
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
                request.url,
                reason,
                delay,
                max(remaining, 0.0),
            )
            return False
        self._log.info(
            "Retrying %s %s in %.2f s after %s (retry %d of %d)",
            request.method,
            request.url,
            delay,
            reason,
            attempt,
            call.max_retries,
        )
        return True

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

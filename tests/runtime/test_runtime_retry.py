"""Retries: which failures, how many times, how long to wait, and the per-client/per-call overrides."""

from __future__ import annotations

import email.utils
import logging
import random
from collections.abc import Callable

import httpx
import pytest

from generator.runtime import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AsyncApiClient,
    Call,
    InternalServerError,
    Operation,
    RateLimitError,
    RequestOptions,
    RetryPolicy,
    ServiceUnavailableError,
    SyncApiClient,
)
from generator.runtime._retry import retry_after_seconds

SAFE = Operation(operation_id="listThings", method="GET", path="/things", safe_to_retry=True)
UNSAFE = Operation(operation_id="createThing", method="POST", path="/things")


def scripted(
    *outcomes: int | Exception, headers: dict[str, str] | None = None
) -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    """A handler answering with the given statuses (or raising the exceptions) in turn; the last one repeats."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        outcome = outcomes[min(len(requests), len(outcomes)) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return httpx.Response(outcome, json={"ok": outcome < 400}, headers=headers if outcome >= 400 else None)

    return requests, handler


# --- backoff -------------------------------------------------------------------------------------


def test_backoff_doubles_up_to_max_delay_without_jitter() -> None:
    policy = RetryPolicy()
    assert [policy.backoff(n, rand=0.0) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy.backoff(10_000, rand=0.0) == 8.0  # no overflow on absurd retry numbers


def test_backoff_jitter_stays_within_its_range_and_never_exceeds_max_delay() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0, jitter=0.25)
    rng = random.Random(1234)
    for n in range(1, 9):
        slot = min(0.5 * 2 ** (n - 1), 8.0)
        samples = [policy.backoff(n, rand=rng.random()) for _ in range(300)]
        assert all(0.75 * slot <= s <= slot for s in samples)
        assert max(samples) - min(samples) > 0.1 * slot  # jitter really varies the delay
    assert all(policy.backoff(n) <= 8.0 for n in range(1, 50))


def test_backoff_grows_across_retries_even_with_jitter() -> None:
    policy = RetryPolicy()
    shortest = [policy.backoff(n, rand=0.999) for n in range(1, 5)]
    longest = [policy.backoff(n, rand=0.0) for n in range(1, 5)]
    # below max_delay, the shortest wait of retry n+1 is still longer than the longest wait of retry n
    assert all(shortest[i + 1] > longest[i] for i in range(3))


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        RetryPolicy(jitter=1.5)


# --- Retry-After ---------------------------------------------------------------------------------

NOW = 1_700_000_000.0


def test_retry_after_seconds_and_milliseconds() -> None:
    assert retry_after_seconds(httpx.Headers({"retry-after": "3"})) == 3.0
    assert retry_after_seconds(httpx.Headers({"retry-after": "1.5"})) == 1.5
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "junk", "retry-after": "9"})) == 9.0
    assert retry_after_seconds(httpx.Headers({"retry-after": "-4"})) == 0.0
    assert retry_after_seconds(httpx.Headers({"retry-after": "soon"})) is None
    assert retry_after_seconds(httpx.Headers({})) is None


def test_retry_after_http_date() -> None:
    future = email.utils.formatdate(NOW + 30, usegmt=True)
    past = email.utils.formatdate(NOW - 30, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"retry-after": future}), now=lambda: NOW) == pytest.approx(30.0)
    assert retry_after_seconds(httpx.Headers({"retry-after": past}), now=lambda: NOW) == 0.0


def test_retry_after_wins_over_backoff_but_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    assert policy.delay(1, httpx.Headers({"retry-after": "12"})) == 12.0
    assert policy.delay(1, httpx.Headers({"retry-after": "3600"})) == 60.0
    assert policy.delay(2, httpx.Headers({}), rand=0.0) == 1.0


# --- the client's retry loop ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(
    status: int, make_client: Callable[..., SyncApiClient], sleeps: list[float]
) -> None:
    requests, handler = scripted(status, status, 200)
    response = make_client(handler).request(SAFE)
    assert response.status_code == 200
    assert len(requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422, 501])
def test_other_statuses_are_not_retried(
    status: int, make_client: Callable[..., SyncApiClient], sleeps: list[float]
) -> None:
    requests, handler = scripted(status, 200)
    with pytest.raises(ApiError) as caught:
        make_client(handler).request(SAFE)
    assert caught.value.status_code == status
    assert len(requests) == 1
    assert sleeps == []


def test_unsafe_operation_is_never_retried(make_client: Callable[..., SyncApiClient], sleeps: list[float]) -> None:
    requests, handler = scripted(503, 200)
    with pytest.raises(ServiceUnavailableError):
        make_client(handler).request(UNSAFE)
    requests_after_conn_error, conn_handler = scripted(httpx.ConnectError("refused"), 200)
    with pytest.raises(ApiConnectionError):
        make_client(conn_handler).request(UNSAFE)
    assert len(requests) == 1
    assert len(requests_after_conn_error) == 1
    assert sleeps == []


def test_gives_up_after_max_retries_with_the_last_error(
    make_client: Callable[..., SyncApiClient], sleeps: list[float]
) -> None:
    requests, handler = scripted(503)
    with pytest.raises(ServiceUnavailableError) as caught:
        make_client(handler, retry_policy=RetryPolicy(jitter=0.0)).request(SAFE)
    assert len(requests) == 3  # 1 try + max_retries=2
    assert sleeps == [0.5, 1.0]
    assert isinstance(caught.value, InternalServerError)


def test_client_and_call_level_max_retries(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = scripted(500)
    client = make_client(handler, max_retries=4)
    with pytest.raises(InternalServerError):
        client.request(SAFE)
    assert len(requests) == 5
    requests.clear()
    with pytest.raises(InternalServerError):
        client.request(SAFE, Call(options=RequestOptions(max_retries=0)))
    assert len(requests) == 1
    requests.clear()
    with pytest.raises(InternalServerError):
        client.request(SAFE, Call(options=RequestOptions(max_retries=1)))
    assert len(requests) == 2


def test_retry_policy_count_is_used_when_max_retries_is_not_given(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = scripted(502)
    with pytest.raises(InternalServerError):
        make_client(handler, retry_policy=RetryPolicy(max_retries=1)).request(SAFE)
    assert len(requests) == 2


def test_retry_after_header_sets_the_sleep(make_client: Callable[..., SyncApiClient], sleeps: list[float]) -> None:
    requests, handler = scripted(429, 429, 200, headers={"Retry-After": "7"})
    make_client(handler).request(SAFE)
    assert sleeps == [7.0, 7.0]
    requests_ms, handler_ms = scripted(429, 200, headers={"retry-after-ms": "1200"})
    sleeps.clear()
    make_client(handler_ms).request(SAFE)
    assert sleeps == [1.2]


def test_rate_limit_error_after_exhausting_retries(make_client: Callable[..., SyncApiClient]) -> None:
    _, handler = scripted(429, headers={"Retry-After": "1"})
    with pytest.raises(RateLimitError) as caught:
        make_client(handler).request(SAFE)
    assert caught.value.headers["retry-after"] == "1"


def test_connection_errors_and_timeouts_are_retried(
    make_client: Callable[..., SyncApiClient], sleeps: list[float]
) -> None:
    requests, handler = scripted(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), 200)
    assert make_client(handler).request(SAFE).status_code == 200
    assert len(requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "failure",
    [
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("connection reset"),
        httpx.WriteError("broken pipe"),
        httpx.PoolTimeout("no free connection"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_each_retryable_transport_error_is_retried(
    failure: httpx.RequestError, make_client: Callable[..., SyncApiClient], sleeps: list[float]
) -> None:
    """A keep-alive connection the server closed (RemoteProtocolError) is the common case: send again."""
    requests, handler = scripted(failure, 200)
    assert make_client(handler).request(SAFE).status_code == 200
    assert len(requests) == 2 and len(sleeps) == 1


@pytest.mark.asyncio
async def test_async_client_retries_a_remote_protocol_error(
    make_async_client: Callable[..., AsyncApiClient], sleeps: list[float]
) -> None:
    requests, handler = scripted(httpx.RemoteProtocolError("Server disconnected"), 200)
    async with make_async_client(handler) as client:
        assert (await client.request(SAFE)).status_code == 200
    assert len(requests) == 2 and len(sleeps) == 1


def test_timeout_after_retries_raises_api_timeout_error(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = scripted(httpx.ReadTimeout("slow"))
    with pytest.raises(ApiTimeoutError) as caught:
        make_client(handler).request(SAFE)
    assert len(requests) == 3
    assert isinstance(caught.value, ApiConnectionError)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert "listThings" in str(caught.value) and "after 3 attempts" in str(caught.value)


def test_each_retry_is_logged_with_its_delay(
    make_client: Callable[..., SyncApiClient], caplog: pytest.LogCaptureFixture
) -> None:
    _, handler = scripted(503, 200)
    with caplog.at_level(logging.INFO, logger="test_sdk"):
        make_client(handler, retry_policy=RetryPolicy(jitter=0.0)).request(SAFE)
    retries = [r for r in caplog.records if r.getMessage().startswith("Retrying")]
    assert len(retries) == 1
    assert "in 0.50 s after HTTP 503 (retry 1 of 2)" in retries[0].getMessage()
    assert "https://api.example.com/api/things" in retries[0].getMessage()


@pytest.mark.asyncio
async def test_async_client_retries_the_same_way(
    make_async_client: Callable[..., AsyncApiClient], sleeps: list[float]
) -> None:
    requests, handler = scripted(503, httpx.ConnectError("refused"), 200)
    async with make_async_client(handler, retry_policy=RetryPolicy(jitter=0.0)) as client:
        response = await client.request(SAFE)
    assert response.status_code == 200
    assert len(requests) == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.asyncio
async def test_async_unsafe_operation_is_not_retried(make_async_client: Callable[..., AsyncApiClient]) -> None:
    requests, handler = scripted(500, 200)
    with pytest.raises(InternalServerError):
        await make_async_client(handler).request(UNSAFE)
    assert len(requests) == 1

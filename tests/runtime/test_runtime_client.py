"""The clients themselves: headers, timeouts, logging, closing, configuration checks."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from generator.runtime import (
    AsyncApiClient,
    Call,
    ErrorEnvelope,
    Operation,
    RequestOptions,
    SyncApiClient,
    TokenAuth,
)

SEARCH = Operation(
    operation_id="searchRecords",
    method="POST",
    path="/v2/checkpoints/records/search",
    safe_to_retry=True,
    constant_query={"preview": "true"},
)


def capture() -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"data": []})

    return requests, handler


def test_request_carries_auth_agent_body_and_extra_headers(
    make_client: Callable[..., SyncApiClient], canary: str
) -> None:
    requests, handler = capture()
    body = {"where": {"filter": {"type": "eq", "field": "checkpointType", "value": "X"}}, "pageSize": 2}
    options = RequestOptions(extra_headers={"X-Trace": "t-1"})
    make_client(handler).request(SEARCH, Call(json=body, options=options))
    sent = requests[0]
    assert sent.method == "POST"
    assert str(sent.url) == "https://api.example.com/api/v2/checkpoints/records/search?preview=true"
    assert sent.headers["authorization"] == f"Bearer {canary}"
    assert sent.headers["user-agent"] == "test-sdk/1.0"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["x-trace"] == "t-1"
    assert json.loads(sent.content) == body


def test_every_request_has_a_timeout_and_calls_can_override_it(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = capture()
    client = make_client(handler)
    client.request(SEARCH)
    client.request(SEARCH, Call(options=RequestOptions(timeout=5.0)))
    client.request(SEARCH, Call(options=RequestOptions(timeout=httpx.Timeout(3.0, connect=1.0))))
    timeouts = [r.extensions["timeout"] for r in requests]
    # each attempt's limits are clipped to what is left of the call's deadline: a hair under them here
    assert timeouts[0] == pytest.approx({"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}, abs=0.5)
    assert timeouts[1] == pytest.approx({"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}, abs=0.5)
    assert timeouts[2]["connect"] == 1.0 and timeouts[2]["read"] == pytest.approx(3.0, abs=0.5)


def test_client_timeout_number_keeps_connect_at_ten_seconds(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = capture()
    make_client(handler, timeout=120.0).request(SEARCH)
    assert requests[0].extensions["timeout"]["connect"] == 10.0
    assert requests[0].extensions["timeout"]["read"] == pytest.approx(120.0, abs=0.5)  # clipped to the deadline
    with pytest.raises(ValueError):
        make_client(handler, timeout=0)


def test_debug_line_per_attempt(make_client: Callable[..., SyncApiClient], caplog: pytest.LogCaptureFixture) -> None:
    _, handler = capture()
    with caplog.at_level(logging.DEBUG, logger="test_sdk"):
        make_client(handler).request(SEARCH, Call(query={"pageSize": 5}))
    lines = [r for r in caplog.records if r.name == "test_sdk"]
    assert len(lines) == 1
    message = lines[0].getMessage()
    assert message.startswith(
        "POST https://api.example.com/api/v2/checkpoints/records/search?preview=true&pageSize=5 -> 200 in "
    )
    assert message.endswith(" ms (attempt 1)")
    assert lines[0].levelno == logging.DEBUG


def test_closing_leaves_a_caller_supplied_http_client_open() -> None:
    _, handler = capture()
    supplied = httpx.Client(transport=httpx.MockTransport(handler))
    common: dict[str, Any] = {
        "base_url": "https://api.example.com",
        "auth": TokenAuth("t0ken-value"),
        "envelope": ErrorEnvelope(),
        "logger_name": "x",
        "user_agent": "u",
    }
    with SyncApiClient(http_client=supplied, **common) as client:
        client.request(SEARCH)
    assert not supplied.is_closed
    own = SyncApiClient(**common)
    own.close()
    assert own._http.is_closed
    assert own._http.follow_redirects is False


@pytest.mark.asyncio
async def test_async_close_and_context_manager(make_async_client: Callable[..., AsyncApiClient]) -> None:
    requests, handler = capture()
    supplied = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with make_async_client(handler, http_client=supplied) as client:
        response = await client.request(SEARCH, Call(json={"a": 1}))
    assert response.json() == {"data": []}
    assert not supplied.is_closed
    own = AsyncApiClient(
        base_url="https://api.example.com",
        auth=TokenAuth("t0ken-value"),
        envelope=ErrorEnvelope(),
        logger_name="x",
        user_agent="u",
    )
    async with own:
        pass
    assert own._http.is_closed
    assert len(requests) == 1


def test_configuration_is_checked(make_client: Callable[..., SyncApiClient]) -> None:
    _, handler = capture()
    with pytest.raises(ValueError, match="base_url"):
        make_client(handler, base_url="api.example.com/api")
    with pytest.raises(ValueError, match="max_retries"):
        RequestOptions(max_retries=-1)
    client = make_client(handler, base_url="https://api.example.com/api/")
    assert client.base_url == "https://api.example.com/api"
    assert repr(client) == "SyncApiClient(base_url='https://api.example.com/api')"


def test_max_retries_argument_overrides_the_policy(make_client: Callable[..., SyncApiClient]) -> None:
    _, handler = capture()
    assert make_client(handler).retry_policy.max_retries == 2
    assert make_client(handler, max_retries=0).retry_policy.max_retries == 0

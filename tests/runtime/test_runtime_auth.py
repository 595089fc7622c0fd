"""Tokens: missing, rotated per request, renewed from responses, never shown, never sent to another host."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    ApiConnectionError,
    ApiDecodeError,
    ApiError,
    ApiResponseValidationError,
    AsyncApiClient,
    Call,
    MissingTokenError,
    Operation,
    RetryPolicy,
    SdkError,
    SyncApiClient,
    TokenAuth,
    UnauthorizedError,
)

GET = Operation(operation_id="getThing", method="GET", path="/things/1", safe_to_retry=True)
POST = Operation(operation_id="createThing", method="POST", path="/things")


class Thing(BaseModel):
    id: str


def recording(
    *responses: httpx.Response,
) -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return responses[min(len(requests), len(responses)) - 1]

    return requests, handler


def test_missing_token_names_the_environment_variable() -> None:
    with pytest.raises(MissingTokenError, match="KARAT_TOKEN"):
        TokenAuth(None, None, env_var="KARAT_TOKEN")
    with pytest.raises(MissingTokenError, match="UNICAT_TOKEN"):
        TokenAuth("", env_var="UNICAT_TOKEN")


def test_token_provider_is_called_for_every_attempt(make_client: Callable[..., SyncApiClient]) -> None:
    calls: list[int] = []

    def provider() -> str:
        calls.append(1)
        return f"rotated-{len(calls)}"

    requests, handler = recording(httpx.Response(503), httpx.Response(200, json={}))
    client = make_client(handler, auth=TokenAuth(token_provider=provider))
    client.request(GET)
    client.request(GET)
    assert [r.headers["authorization"] for r in requests] == [
        "Bearer rotated-1",
        "Bearer rotated-2",
        "Bearer rotated-3",
    ]


def test_a_provider_that_returns_nothing_fails_clearly(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = recording(httpx.Response(200, json={}))
    with pytest.raises(MissingTokenError, match="provider"):
        make_client(handler, auth=TokenAuth(token_provider=lambda: "")).request(GET)
    assert requests == []


@pytest.mark.parametrize(
    ("header", "expected"), [("fresh-jwt-1", "fresh-jwt-1"), ("Bearer fresh-jwt-2", "fresh-jwt-2")]
)
def test_token_renewed_from_the_response_header(
    header: str, expected: str, make_client: Callable[..., SyncApiClient], canary: str
) -> None:
    requests, handler = recording(
        httpx.Response(200, json={}, headers={"Authorization": header}), httpx.Response(200, json={})
    )
    client = make_client(handler, token_renewal_header="Authorization")
    client.request(GET)
    client.request(GET)
    assert requests[0].headers["authorization"] == f"Bearer {canary}"
    assert requests[1].headers["authorization"] == f"Bearer {expected}"


def test_renewal_is_ignored_when_empty_or_not_configured(
    make_client: Callable[..., SyncApiClient], canary: str
) -> None:
    requests, handler = recording(httpx.Response(200, json={}, headers={"Authorization": "Bearer  "}))
    client = make_client(handler, token_renewal_header="Authorization")
    client.request(GET)
    client.request(GET)
    requests_off, handler_off = recording(httpx.Response(200, json={}, headers={"Authorization": "other"}))
    client_off = make_client(handler_off)
    client_off.request(GET)
    client_off.request(GET)
    assert {r.headers["authorization"] for r in requests + requests_off} == {f"Bearer {canary}"}


def test_renewed_token_wins_over_the_provider() -> None:
    auth = TokenAuth(token_provider=lambda: "from-provider")
    assert auth.token() == "from-provider"
    auth.renew("from-server")
    assert auth.token() == "from-server"


@pytest.mark.asyncio
async def test_async_client_renews_too(make_async_client: Callable[..., AsyncApiClient], canary: str) -> None:
    requests, handler = recording(
        httpx.Response(200, json={}, headers={"X-New-Token": "jwt-2"}), httpx.Response(200, json={})
    )
    async with make_async_client(handler, token_renewal_header="X-New-Token") as client:
        await client.request(GET)
        await client.request(GET)
    assert [r.headers["authorization"] for r in requests] == [f"Bearer {canary}", "Bearer jwt-2"]


def test_canary_token_never_shows(
    make_client: Callable[..., SyncApiClient], canary: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Logs at DEBUG, reprs and every raised error stay free of the token, even when the server echoes it."""

    def echo(request: httpx.Request) -> httpx.Response:
        auth = request.headers["authorization"]
        if request.url.path.endswith("/decode"):
            return httpx.Response(200, content=f"not json {auth}".encode())
        if request.url.path.endswith("/schema"):
            return httpx.Response(200, json={"wrong": auth})
        if request.url.path.endswith("/down"):
            raise httpx.ConnectError(f"proxy refused {auth}")
        return httpx.Response(401, json={"errorName": auth, "message": auth, "parameters": {"header": auth}})

    errors: list[SdkError] = []
    client = make_client(echo, retry_policy=RetryPolicy(max_retries=1))
    expected: dict[str, type[SdkError]] = {
        "/echo": UnauthorizedError,
        "/decode": ApiDecodeError,
        "/schema": ApiResponseValidationError,
        "/down": ApiConnectionError,
    }
    with caplog.at_level(logging.DEBUG):
        for path, error_type in expected.items():  # every one of them fails, in its own way
            op = Operation(operation_id="op", method="GET", path=path, safe_to_retry=True)
            with pytest.raises(error_type) as caught:
                client.request(op).parse(Thing)
            errors.append(caught.value)
    assert [type(e) for e in errors] == list(expected.values())
    shown = [str(e) for e in errors] + [repr(e) for e in errors]
    shown += [repr(client), str(client), repr(client._auth), str(client._auth), caplog.text]
    assert caplog.text.count("GET https://api.example.com/api/") >= 4
    for text in shown:
        assert canary not in text
    assert isinstance(errors[0], ApiError) and "[REDACTED]" in str(errors[0])


def test_renewed_tokens_are_redacted_too(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = recording(
        httpx.Response(200, json={}, headers={"Authorization": "renewed-secret-123"}),
        httpx.Response(403, json={"errorName": "Denied", "parameters": {"echo": "renewed-secret-123"}}),
    )
    client = make_client(handler, token_renewal_header="Authorization")
    client.request(GET)
    with pytest.raises(ApiError) as caught:
        client.request(GET)
    assert "renewed-secret-123" not in str(caught.value)
    assert "renewed-secret-123" not in repr(client._auth)


def test_cross_host_redirect_is_not_followed_by_default(make_client: Callable[..., SyncApiClient]) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(307, headers={"Location": "https://evil.example.net/steal"})

    with pytest.raises(ApiError) as caught:
        make_client(handler).request(POST, Call(json={"a": 1}))
    assert caught.value.status_code == 307
    assert "redirect to https://evil.example.net/steal not followed" in str(caught.value)
    assert [r.url.host for r in requests] == ["api.example.com"]


def test_following_client_strips_the_token_on_cross_host_redirect(
    make_client: Callable[..., SyncApiClient], canary: str
) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.host == "api.example.com":
            return httpx.Response(307, headers={"Location": "https://evil.example.net/steal"})
        return httpx.Response(200, json={"id": "x"})

    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    response = make_client(handler, http_client=http).request(GET)
    assert response.parse(Thing).id == "x"
    evil = [r for r in requests if r.url.host == "evil.example.net"]
    assert len(evil) == 1
    assert "authorization" not in evil[0].headers
    assert all(canary not in value for _, value in evil[0].headers.items())
    assert requests[0].headers["authorization"] == f"Bearer {canary}"


def test_auth_repr_is_redacted(canary: str) -> None:
    auth: Any = TokenAuth(canary)
    assert canary not in repr(auth)
    assert repr(auth) == "TokenAuth(token='[REDACTED]', source=static)"
    assert auth.headers() == {"Authorization": f"Bearer {canary}"}

"""Credentials: bad tokens refused unseen, redaction of every form of every token, errors that pickle without them."""

from __future__ import annotations

import copy
import pickle
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from generator.runtime import (
    ApiConnectionError,
    ApiDecodeError,
    ApiResponseValidationError,
    Call,
    InvalidTokenError,
    MissingTokenError,
    NotFoundError,
    Operation,
    PaginationError,
    SdkError,
    SyncApiClient,
    TokenAuth,
    UnauthorizedError,
)
from generator.runtime._in_flight import MAX_AUTH_RETRIES
from tests.runtime.conftest import recording
from tests.runtime.test_runtime_errors import BRANCH_BODY, LIST_FILES, BranchNotFound

GET = Operation(operation_id="getThing", method="GET", path="/things/1", safe_to_retry=True)
POST = Operation(operation_id="createThing", method="POST", path="/things")
BACKSLASHED = "tok\\CANARY-8c1f0e2d4b6a"


@pytest.mark.parametrize("stray", ["\n", "\r\n", "\t", "\x00", "\x7f", " ", "é"])
def test_a_token_that_is_no_header_value_is_refused_when_the_client_is_made(
    stray: str, canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    sent: list[httpx.Request] = []
    with pytest.raises(InvalidTokenError) as caught:
        make_client(recording(sent, 200), auth=TokenAuth(canary + stray)).request(GET)
    assert isinstance(caught.value, ValueError) and "token" in str(caught.value)
    assert canary[4:] not in str(caught.value) and canary[4:] not in repr(caught.value) and not sent


def test_a_provider_token_with_a_newline_is_refused_and_never_shown(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    sent: list[httpx.Request] = []
    client = make_client(recording(sent, 200), auth=TokenAuth(token_provider=lambda: canary + "\n"))
    with pytest.raises(InvalidTokenError, match="newline") as caught:
        client.request(GET)
    assert canary[4:] not in str(caught.value) and not sent


def test_redaction_covers_escaped_forms(canary: str) -> None:
    auth = TokenAuth(BACKSLASHED)
    forms = {
        "repr": repr(f"Bearer {BACKSLASHED}"),
        "bytes": f"Illegal header value {f'Bearer {BACKSLASHED}'.encode()!r}",
        "json": '{"token": "tok\\\\CANARY-8c1f0e2d4b6a"}',
        "url": "https://h/x?token=tok%5CCANARY-8c1f0e2d4b6a",
    }
    for name, text in forms.items():
        assert "CANARY" not in auth.redact(text), name
        assert "[REDACTED]" in auth.redact(text), name


def test_redaction_covers_fragments_and_leaves_other_text_alone(canary: str) -> None:
    auth = TokenAuth(canary)
    assert auth.redact(f"cut at the end: {canary[:12]}") == "cut at the end: [REDACTED]"
    assert auth.redact(f"{canary[-11:]} continues") == "[REDACTED] continues"
    assert auth.redact("tok-CANAR: nine letters of it are left alone") == "tok-CANAR: nine letters of it are left alone"
    assert auth.redact(f"{canary}{canary}x") == "[REDACTED]x"


def test_every_token_ever_held_is_redacted(canary: str) -> None:
    auth = TokenAuth(canary)
    renewed = [f"jwt.{n:04}.d41d8cd98f00b204e9800998ecf8427e" for n in range(50)]
    for token in renewed:
        assert auth.renew(f"Bearer {token}")
    assert auth.token() == renewed[-1]
    echoed = f"old tokens: {canary} {renewed[0]} {renewed[9]} {renewed[-1]}"
    assert auth.redact(echoed) == "old tokens: [REDACTED] [REDACTED] [REDACTED] [REDACTED]"


def test_a_renewed_token_that_is_no_header_value_is_ignored(canary: str) -> None:
    auth = TokenAuth(canary)
    assert not auth.renew("Bearer new\ntoken-1234567")
    assert auth.token() == canary


def roundtrips(error: SdkError) -> list[Any]:
    return [pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)]


def test_api_errors_survive_pickle_and_copy_and_carry_no_token(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    echo = {**BRANCH_BODY, "message": f"token {canary} is not allowed here"}
    headers = {"Authorization": "Bearer renewed-jwt-31415926535", "X-Echo": canary}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json=echo, headers=headers)

    client = make_client(handler, token_renewal_header="Authorization")
    with pytest.raises(BranchNotFound) as caught:
        client.request(LIST_FILES, Call(path_params={"datasetRid": "ri.1"}))
    error = caught.value
    for kept in [error, *roundtrips(error)]:
        assert type(kept) is BranchNotFound and str(kept) == str(error)
        assert kept.status_code == 404 and kept.parameters == error.parameters and kept.error_key == "BranchNotFound"
        assert kept.http_response is not None  # narrows httpx.Response | None (an API error has its response)
        assert kept.http_response.request.headers["Authorization"] == "[REDACTED]"
        assert kept.headers["Authorization"] == "[REDACTED]" and kept.headers["X-Echo"] == "[REDACTED]"
        assert kept.http_response.headers["Authorization"] == "[REDACTED]"
        assert kept.http_response.json()["message"] == "token [REDACTED] is not allowed here"
        assert kept.body["message"] == "token [REDACTED] is not allowed here"
    dumped = pickle.dumps(error)
    assert canary.encode() not in dumped and b"renewed-jwt" not in dumped


def test_connection_errors_survive_pickle_without_the_authorization_header(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ApiConnectionError) as caught:
        make_client(handler, max_retries=0).request(GET)
    assert caught.value.request is not None
    for kept in [caught.value, *roundtrips(caught.value)]:
        assert type(kept) is ApiConnectionError and str(kept) == str(caught.value)
        assert kept.request is not None  # narrows httpx.Request | None, as for caught.value above
        assert kept.request.headers["Authorization"] == "[REDACTED]" and kept.request.url.path == "/api/things/1"
    assert canary.encode() not in pickle.dumps(caught.value)


@pytest.mark.parametrize(
    "error",
    [
        ApiDecodeError("bad", operation_id="op", status_code=200, body_start="<html>"),
        ApiResponseValidationError("bad", operation_id="op", status_code=200, errors=[{"loc": ("a",)}]),
        NotFoundError("gone", status_code=404, operation_id="op", error_key="X"),
        PaginationError("loop"),
        MissingTokenError("none"),
        InvalidTokenError("bad"),
    ],
)
def test_every_error_class_roundtrips(error: SdkError) -> None:
    for kept in roundtrips(error):
        assert type(kept) is type(error) and str(kept) == str(error) and kept.__dict__ == error.__dict__


def test_a_renewed_token_is_adopted_only_from_the_base_urls_origin(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.host == "api.example.com" and request.url.path == "/api/things/1":
            return httpx.Response(302, headers={"Location": "https://elsewhere.example.net/things/1"})
        return httpx.Response(200, json={}, headers={"Authorization": "Bearer foreign-token-1234"})

    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    client = make_client(handler, http_client=http, token_renewal_header="Authorization")
    client.request(GET)
    client.request(GET)
    assert [r.headers.get("Authorization") for r in requests if r.url.host == "api.example.com"] == [
        f"Bearer {canary}",
        f"Bearer {canary}",
    ]


def test_a_401_for_a_token_renewed_since_is_retried_once_with_the_current_one(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    auth = TokenAuth(canary)
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers["Authorization"])
        if len(sent) == 1:
            auth.renew("Bearer renewed-by-another-thread-42")  # another response renewed it meanwhile
        if request.headers["Authorization"] != "Bearer renewed-by-another-thread-42":
            return httpx.Response(401, json={"errorName": "Unauthorized"})
        return httpx.Response(201, json={})

    assert make_client(handler, auth=auth, max_retries=0).request(POST).status_code == 201
    assert sent == [f"Bearer {canary}", "Bearer renewed-by-another-thread-42"]


def test_a_401_retry_is_bounded_and_a_401_for_the_current_token_is_final(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    auth = TokenAuth(canary)
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers["Authorization"])
        auth.renew(f"Bearer renewed-{len(sent)}-0123456789")  # renewed again every time: bounded all the same
        return httpx.Response(401)

    with pytest.raises(UnauthorizedError):
        make_client(handler, auth=auth).request(GET)
    assert len(sent) == 1 + MAX_AUTH_RETRIES
    sent.clear()

    def unauthorized(request: httpx.Request) -> httpx.Response:
        sent.append("x")
        return httpx.Response(401)

    with pytest.raises(UnauthorizedError):
        make_client(unauthorized, token_renewal_header="Authorization").request(GET)
    assert sent == ["x"]  # nothing else in flight could bring a renewed token: final at once


def test_a_401_waits_for_the_renewed_token_another_request_is_bringing(
    canary: str, make_client: Callable[..., SyncApiClient]
) -> None:
    """The server revoked the token as it renewed it; the answer with the new one is still on its way."""
    renewed = "Bearer renewed-in-flight-271828"
    first_arrived, second_refused = threading.Event(), threading.Event()
    sent: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.path, request.headers["Authorization"]))
        if request.headers["Authorization"] == renewed:
            return httpx.Response(200, json={})
        if request.url.path.endswith("/first"):
            first_arrived.set()
            assert second_refused.wait(5)
            return httpx.Response(200, json={}, headers={"Authorization": renewed})
        second_refused.set()
        return httpx.Response(401)

    client = make_client(handler, token_renewal_header="Authorization", max_retries=0)
    first = threading.Thread(target=client.request, args=(Operation(operation_id="a", method="GET", path="/first"),))
    first.start()
    assert first_arrived.wait(5)
    assert client.request(Operation(operation_id="b", method="GET", path="/second")).status_code == 200
    first.join(5)
    assert [token for path, token in sent if path == "/api/second"] == [f"Bearer {canary}", renewed]

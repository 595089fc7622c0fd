"""Per-operation servers: they win over the base URL; credentials go there only when same origin or declared."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from generator.runtime import AsyncApiClient, ConfigurationError, Operation, Server, SyncApiClient
from tests.runtime.conftest import CANARY


def sent_by_both(
    make_client: Callable[..., SyncApiClient],
    make_async_client: Callable[..., AsyncApiClient],
    operation: Operation,
    **settings: Any,
) -> list[tuple[str, str | None]]:
    """The URL and Authorization header of one call by the sync and then the async client."""
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("Authorization")))
        return httpx.Response(200, json={})

    make_client(handler, **settings).request(operation)
    asyncio.run(make_async_client(handler, **settings).request(operation))
    return seen


UPLOADS = Server("https://uploads.example.com/{region}/v1", {"region": "eu"})
BEARER = f"Bearer {CANARY}"


def op(*servers: Server, security: tuple[tuple[str, ...], ...] | None = None) -> Operation:
    return Operation(operation_id="put", method="GET", path="/files", servers=servers, security=security)


def test_an_operation_server_wins_and_gets_no_credentials_from_another_origin(
    make_client: Any, make_async_client: Any
) -> None:
    assert (
        sent_by_both(make_client, make_async_client, op(UPLOADS))
        == [("https://uploads.example.com/eu/v1/files", None)] * 2
    )


def test_declared_security_sends_credentials_to_the_operation_server(make_client: Any, make_async_client: Any) -> None:
    assert (
        sent_by_both(make_client, make_async_client, op(UPLOADS, security=(("bearer",),)))
        == [("https://uploads.example.com/eu/v1/files", BEARER)] * 2
    )


def test_client_settings_fill_server_variables(make_client: Any, make_async_client: Any) -> None:
    sent = sent_by_both(make_client, make_async_client, op(UPLOADS), server_variables={"region": "us"})
    assert sent == [("https://uploads.example.com/us/v1/files", None)] * 2


def test_a_same_origin_server_gets_the_credentials(make_client: Any, make_async_client: Any) -> None:
    relative = op(Server("/v2"))
    assert sent_by_both(make_client, make_async_client, relative) == [("https://api.example.com/v2/files", BEARER)] * 2
    absolute = op(Server("https://api.example.com:443/other"))
    assert (
        sent_by_both(make_client, make_async_client, absolute) == [("https://api.example.com/other/files", BEARER)] * 2
    )


def test_a_variable_without_a_value_is_a_configuration_error(make_client: Any) -> None:
    client = make_client(lambda r: httpx.Response(200))
    with pytest.raises(ConfigurationError, match="server variable 'tenant' has no value"):
        client.request(op(Server("https://{tenant}.example.com")))


def test_a_value_its_enum_does_not_allow_is_a_configuration_error(make_client: Any) -> None:
    regions = Server("https://{region}.example.com", {"region": "eu"}, {"region": ("eu", "us")})
    client = make_client(lambda r: httpx.Response(200, json={}), server_variables={"region": "ap"})
    with pytest.raises(ConfigurationError, match="server variable 'region' is 'ap'; the spec allows eu, us"):
        client.request(op(regions))
    allowed = make_client(lambda r: httpx.Response(200, json={}), server_variables={"region": "us"})
    assert allowed.request(op(regions)).http_response.request.url.host == "us.example.com"


@pytest.mark.parametrize("root", ["", "/", "."])
def test_a_server_at_the_hosts_root_sends_to_its_root(make_client: Any, make_async_client: Any, root: str) -> None:
    """InfluxDB's `/health`: `servers: [{url: ''}]` beside the document's `/api/v2` (its API is there, its health
    at the root). `''` and `/` were joined to the base URL as `.../api/v2//health`; a relative `v2/` still joins it."""
    assert (
        sent_by_both(make_client, make_async_client, op(Server(root)))
        == [("https://api.example.com/files", BEARER)] * 2
    )
    beside = sent_by_both(make_client, make_async_client, op(Server("v2/")))
    assert beside == [("https://api.example.com/api/v2/files", BEARER)] * 2  # relative to the base URL, as before

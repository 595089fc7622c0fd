"""The `routing` golden case's SDK, sync and async: operation and path servers, and `security: []`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.conftest import Recorder, clients, sdk


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith(("/exports", "/archives")):
        return httpx.Response(200, json=["a", "b"])
    return httpx.Response(204)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def call(mode: str, api: tuple[Any, Any, Recorder], method: str) -> Any:
    sync, asynchronous, _ = api
    if mode == "sync":
        return getattr(sync.files, method)()
    return asyncio.run(getattr(asynchronous.files, method)())


def test_path_server_with_its_variable_default_and_a_client_setting(mode: str, golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "routing_sdk")
    api = clients(module, "Routing", answer)
    assert call(mode, api, "create_upload") is None
    assert str(api[2].last.url) == "https://eu.uploads.example/v1/uploads"
    # another origin, and the security only inherited from the document: the token stays home
    assert "Authorization" not in api[2].last.headers
    chosen = clients(module, "Routing", answer, server_variables={"region": "us"})
    call(mode, chosen, "create_upload")
    assert str(chosen[2].last.url) == "https://us.uploads.example/v1/uploads"
    elsewhere = clients(module, "Routing", answer, server_variables={"region": "ap"})  # not in its enum
    with pytest.raises(module.errors.ConfigurationError, match="'region' is 'ap'; the spec allows eu, us"):
        call(mode, elsewhere, "create_upload")


def test_operation_relative_server_and_no_credentials(mode: str, golden_sdks: dict[str, Path]) -> None:
    api = clients(sdk(golden_sdks, "routing_sdk"), "Routing", answer)
    assert call(mode, api, "list_exports") == ["a", "b"]
    assert str(api[2].last.url) == "https://api.test/exports-api/exports"
    assert api[2].last.headers["Authorization"] == "Bearer tok"  # same origin as the base URL
    assert call(mode, api, "get_health") is None
    assert str(api[2].last.url) == "https://api.test/api/health"
    assert "Authorization" not in api[2].last.headers


def test_operation_server_wins_over_its_paths_with_its_variable(mode: str, golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "routing_sdk")
    api = clients(module, "Routing", answer)
    assert call(mode, api, "list_archives") == ["a", "b"]
    assert str(api[2].last.url) == "https://archive.example/v1/archives"  # not the path's /v0
    elsewhere = clients(module, "Routing", answer, server_variables={"host": "archive.test:8443"})
    call(mode, elsewhere, "list_archives")
    assert str(elsewhere[2].last.url) == "https://archive.test:8443/v1/archives"


def test_own_security_sends_the_token_to_the_operations_other_origin(mode: str, golden_sdks: dict[str, Path]) -> None:
    api = clients(sdk(golden_sdks, "routing_sdk"), "Routing", answer)
    call(mode, api, "list_archives")
    assert api[2].last.headers.get("Authorization") == "Bearer tok"


def test_an_operation_server_that_is_a_document_server_follows_the_base_url(
    mode: str, golden_sdks: dict[str, Path]
) -> None:
    """Linode's shape: operations that repeat the document's servers, or name one of them only."""
    module = sdk(golden_sdks, "routing_sdk")
    own = clients(module, "Routing", answer)  # https://api.test/api: none of the document's servers
    for method, path in (("get_status", "/status"), ("create_report", "/reports")):
        call(mode, own, method)
        assert str(own[2].last.url) == "https://api.test/api" + path
        assert own[2].last.headers["Authorization"] == "Bearer tok"
    default = clients(module, "Routing", answer, base_url="https://routing.example/api")
    call(mode, default, "get_status")
    assert str(default[2].last.url) == "https://routing.example/api/status"
    beta = clients(module, "Routing", answer, base_url="https://beta.routing.example/api")
    call(mode, beta, "get_status")
    assert str(beta[2].last.url) == "https://beta.routing.example/api/status"
    call(mode, beta, "create_report")  # not served at beta: its own server, and no token to another origin
    assert str(beta[2].last.url) == "https://routing.example/api/reports"
    assert "Authorization" not in beta[2].last.headers

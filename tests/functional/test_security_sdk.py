"""The `security` and `open` golden cases' SDKs, sync and async: every scheme kind on the wire, as declared.

`vault_sdk` declares a bearer token, an OAuth2 scheme (the same token), HTTP basic, and API keys in a
header, the query and a cookie; its operations choose among them (`security: []`, alternatives, two
schemes together, an optional one). `open_sdk` declares no scheme: its client takes no credential.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.conftest import Recorder, clients, sdk

TOKEN = "tok-CANARY-5e6f7a8b"
USER, PASSWORD = "ada", "pw-CANARY-1c2d3e4f"
HEADER_KEY = "hk-CANARY-9a8b7c6d"
QUERY_KEY = "qk-CANARY-4d3c2b1a"
COOKIE_KEY = "ck-CANARY-7f6e5d4c"
SECRETS = (TOKEN, PASSWORD, HEADER_KEY, QUERY_KEY, COOKIE_KEY)
ALL = {
    "token": TOKEN,
    "username": USER,
    "password": PASSWORD,
    "x_api_key": HEADER_KEY,
    "token_2": QUERY_KEY,
    "session_key": COOKIE_KEY,
}
ENV = {
    "VAULT_TOKEN": "token",
    "VAULT_USERNAME": "username",
    "VAULT_PASSWORD": "password",
    "VAULT_X_API_KEY": "x_api_key",
    "VAULT_TOKEN_2": "token_2",
    "VAULT_SESSION_KEY": "session_key",
}
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
NOTHING: dict[str, Any] = {"authorization": None, "x-api-key": None, "api_key": None, "cookie": None}


@pytest.fixture(autouse=True)
def no_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*ENV, "VAULT_BASE_URL", "OPEN_BASE_URL", "OPEN_TOKEN"]:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(204)


def wire(request: httpx.Request) -> dict[str, Any]:
    """Every place a credential can travel."""
    return {
        "authorization": request.headers.get("Authorization"),
        "x-api-key": request.headers.get("X-API-Key"),
        "api_key": request.url.params.get("api_key"),
        "cookie": request.headers.get("Cookie"),
    }


def call(mode: str, api: tuple[Any, Any, Recorder], method: str, **arguments: Any) -> dict[str, Any]:
    """Call one operation on the sync or the async client; what its request carried."""
    sync, asynchronous, recorder = api
    if mode == "sync":
        getattr(sync.secrets, method)(**arguments)
    else:
        asyncio.run(getattr(asynchronous.secrets, method)(**arguments))
    return wire(recorder.last)


def vault(golden_sdks: dict[str, Path], **credentials: Any) -> tuple[Any, Any, Recorder]:
    return clients(sdk(golden_sdks, "vault_sdk"), "Vault", answer, credentials)


@pytest.mark.parametrize(
    ("method", "arguments", "sent"),
    [
        ("get_me", {}, {"authorization": f"Bearer {TOKEN}"}),  # the document's first alternative
        ("get_health", {}, {}),  # security: []
        ("get_reports", {}, {"authorization": BASIC}),
        ("search", {"q": "x"}, {"api_key": QUERY_KEY}),
        ("get_session", {}, {"cookie": f"session={COOKIE_KEY}"}),
        ("get_either", {}, {"x-api-key": HEADER_KEY}),  # the first of two alternatives
        ("get_both", {}, {"x-api-key": HEADER_KEY, "cookie": f"session={COOKIE_KEY}"}),
        ("get_maybe", {}, {"authorization": f"Bearer {TOKEN}"}),
        ("get_admin", {}, {"authorization": f"Bearer {TOKEN}"}),  # oauth2: the bearer token
    ],
)
def test_each_operation_sends_exactly_what_its_security_says(
    mode: str, golden_sdks: dict[str, Path], method: str, arguments: dict[str, Any], sent: dict[str, Any]
) -> None:
    api = vault(golden_sdks, **ALL)
    assert call(mode, api, method, **arguments) == {**NOTHING, **sent}
    request = api[2].last
    assert str(request.url).startswith("https://api.test/api/")
    if method == "search":
        assert dict(request.url.params) == {"q": "x", "api_key": QUERY_KEY}


def test_alternatives_use_the_first_the_client_has(mode: str, golden_sdks: dict[str, Path]) -> None:
    basic_only = vault(golden_sdks, username=USER, password=PASSWORD)
    assert call(mode, basic_only, "get_either") == {**NOTHING, "authorization": BASIC}
    assert call(mode, basic_only, "get_maybe") == NOTHING  # the empty alternative
    key_only = vault(golden_sdks, x_api_key=HEADER_KEY)
    assert call(mode, key_only, "get_me") == {**NOTHING, "x-api-key": HEADER_KEY}  # the document's second


def test_a_call_whose_credential_the_client_lacks_is_refused_naming_how_to_give_it(
    mode: str, golden_sdks: dict[str, Path]
) -> None:
    module = sdk(golden_sdks, "vault_sdk")
    api = vault(golden_sdks, username=USER, password=PASSWORD)
    with pytest.raises(module.errors.SdkError) as raised:
        call(mode, api, "get_session")
    assert "session.key (pass session_key=... or set $VAULT_SESSION_KEY)" in str(raised.value)
    assert api[2].requests == []  # nothing was sent


def test_every_setting_comes_from_its_environment_variable(
    mode: str, golden_sdks: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable, argument in ENV.items():
        monkeypatch.setenv(variable, ALL[argument])
    api = vault(golden_sdks)
    assert call(mode, api, "get_reports") == {**NOTHING, "authorization": BASIC}
    assert call(mode, api, "search", q="x") == {**NOTHING, "api_key": QUERY_KEY}
    assert call(mode, api, "get_both") == {**NOTHING, "x-api-key": HEADER_KEY, "cookie": f"session={COOKIE_KEY}"}
    assert call(mode, api, "get_me") == {**NOTHING, "authorization": f"Bearer {TOKEN}"}
    monkeypatch.delenv("VAULT_TOKEN")
    assert call(mode, vault(golden_sdks), "get_me") == {**NOTHING, "x-api-key": HEADER_KEY}


def test_an_argument_wins_over_its_environment_variable(
    golden_sdks: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAULT_X_API_KEY", "from-env")
    api = vault(golden_sdks, x_api_key=HEADER_KEY)
    assert call("sync", api, "get_either")["x-api-key"] == HEADER_KEY


def test_a_client_needs_some_credential_and_says_which(golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "vault_sdk")
    with pytest.raises(module.errors.SdkError) as raised:
        module.VaultClient()
    message = str(raised.value)
    for way in ("token=", "username=", "x_api_key=", "$VAULT_TOKEN_2", "$VAULT_SESSION_KEY"):
        assert way in message


@pytest.mark.parametrize(
    ("settings", "env", "message"),
    [
        ({"username": USER}, {}, "username is given without password: pass password=... or set $VAULT_PASSWORD"),
        ({}, {"VAULT_PASSWORD": PASSWORD}, "password is given without username"),
        ({"x_api_key": "  "}, {}, "x_api_key is empty"),
        ({"token": TOKEN}, {"VAULT_SESSION_KEY": ""}, "$VAULT_SESSION_KEY is set but empty"),
    ],
)
def test_a_half_or_blank_setting_is_refused_without_showing_it(
    golden_sdks: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    settings: dict[str, str],
    env: dict[str, str],
    message: str,
) -> None:
    module = sdk(golden_sdks, "vault_sdk")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(module.errors.SdkError) as raised:
        module.VaultClient(**settings)
    assert message in str(raised.value)
    assert not any(secret in str(raised.value) for secret in SECRETS)


def test_credentials_are_never_shown(golden_sdks: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    module = sdk(golden_sdks, "vault_sdk")

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": f"bad key {request.url.params.get('api_key')}"})

    sync, _, recorder = clients(module, "Vault", refuse, ALL)
    caplog.set_level(logging.DEBUG, logger="vault_sdk")
    with pytest.raises(module.errors.SdkError) as raised:
        sync.secrets.search(q="x")
    assert recorder.last.url.params["api_key"] == QUERY_KEY  # it was sent...
    shown = [str(raised.value), repr(raised.value), repr(sync), caplog.text, repr(sync._client._credentials)]
    shown.append(str(getattr(raised.value, "body", "")))
    for text in shown:
        assert not any(secret in text for secret in SECRETS), text  # ...and never shown


def test_a_document_without_schemes_gives_a_client_without_credentials(mode: str, golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "open_sdk")

    def facts(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=["water is wet"])

    sync, asynchronous, recorder = clients(module, "Open", facts, {})
    if mode == "sync":
        assert sync.facts.list_facts() == ["water is wet"]
    else:
        assert asyncio.run(asynchronous.facts.list_facts()) == ["water is wet"]
    assert "Authorization" not in recorder.last.headers
    assert "Cookie" not in recorder.last.headers
    assert str(recorder.last.url) == "https://api.test/api/facts"
    with module.OpenClient() as default:  # no argument, no variable: the spec's server, nothing else needed
        assert default._client.base_url == "https://open.example/api"
    with pytest.raises(TypeError):
        module.OpenClient(token=TOKEN)  # there is no token to give


def test_a_refused_call_says_which_credentials_to_check(golden_sdks: dict[str, Path]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "refused"})

    keyed, _, _ = clients(sdk(golden_sdks, "vault_sdk"), "Vault", refuse, {"x_api_key": HEADER_KEY})
    with pytest.raises(Exception, match=r"Check the credentials \(pass x_api_key=\.\.\. or set \$VAULT_X_API_KEY\)"):
        keyed.secrets.get_either()
    public, _, _ = clients(sdk(golden_sdks, "open_sdk"), "Open", refuse, {})
    with pytest.raises(Exception, match="The client has no credentials"):
        public.facts.list_facts()

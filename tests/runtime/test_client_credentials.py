"""A generated client's credentials from its arguments and the environment (runtime/_client_credentials.py)."""

from __future__ import annotations

import base64

import pytest

from generator.runtime import (
    ApiKeySetting,
    BasicSetting,
    BearerSetting,
    ConfigurationError,
    ExternalSetting,
    MissingCredentialsError,
    MissingTokenError,
    client_credentials,
)

KEY = "key-CANARY-2b3c4d"
PASSWORD = "pw-CANARY-5e6f7a"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("P_TOKEN", "P_USERNAME", "P_PASSWORD", "P_KEY"):
        monkeypatch.delenv(name, raising=False)


def bearer(token: str | None = None) -> BearerSetting:
    return BearerSetting(("bearerAuth", "oauth"), token, None, env_var="P_TOKEN")


def basic(username: str | None = None, password: str | None = None) -> BasicSetting:
    return BasicSetting(("basicAuth",), username, password, username_env="P_USERNAME", password_env="P_PASSWORD")


def key(value: str | None = None) -> ApiKeySetting:
    return ApiKeySetting("apiKey", value, argument="api_key", env_var="P_KEY", name="X-Key", location="header")


def test_one_required_setting_keeps_its_own_error() -> None:
    with pytest.raises(MissingTokenError, match=r"No token configured: pass token=\.\.\. or set the P_TOKEN"):
        client_credentials(bearer(), required=True)


def test_several_settings_need_one_of_them_and_the_error_names_each_way() -> None:
    with pytest.raises(MissingCredentialsError) as raised:
        client_credentials(bearer(), basic(), key(), required=True)
    message = str(raised.value)
    assert "token_provider=" in message and "$P_USERNAME and $P_PASSWORD" in message and "api_key=" in message
    credentials = client_credentials(bearer(), basic(), key(KEY), required=True)
    assert credentials.choose("op", None) == ("apiKey",)  # the only one held, of the default alternatives


def test_nothing_required_gives_an_empty_client() -> None:
    credentials = client_credentials(bearer(), key())
    assert credentials.choose("op", None) == ()
    assert credentials.choose("op", ((),)) == ()


def test_every_bearer_scheme_shares_one_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("P_TOKEN", "from-env")
    credentials = client_credentials(bearer(), required=True)
    assert credentials.apply(("oauth",)).headers == credentials.apply(("bearerAuth",)).headers
    assert credentials.apply(("oauth",)).headers == {"Authorization": "Bearer from-env"}
    assert credentials.bearer is not None


def test_basic_auth_needs_both_halves(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match=r"username is given without password: pass password=\.\.\."):
        client_credentials(basic("ada"))
    monkeypatch.setenv("P_USERNAME", "ada")
    monkeypatch.setenv("P_PASSWORD", PASSWORD)
    sent = client_credentials(basic()).apply(("basicAuth",))
    assert sent.headers["Authorization"] == "Basic " + base64.b64encode(f"ada:{PASSWORD}".encode()).decode()


def test_a_blank_setting_is_refused_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match="api_key is empty"):
        client_credentials(key(" "))
    monkeypatch.setenv("P_KEY", "")
    with pytest.raises(ConfigurationError, match=r"\$P_KEY is set but empty"):
        client_credentials(key())


def test_a_missing_scheme_names_how_to_give_it() -> None:
    credentials = client_credentials(bearer("t"), key())
    with pytest.raises(MissingCredentialsError, match=r"apiKey \(pass api_key=\.\.\. or set \$P_KEY\)"):
        credentials.choose("getThing", (("apiKey",),))


def test_a_scheme_on_the_http_client_is_taken_only_when_nothing_the_sdk_sends_is_held() -> None:
    credentials = client_credentials(key(KEY), ExternalSetting(("digest",)))
    assert credentials.choose("op", (("digest",), ("apiKey",))) == ("apiKey",)
    assert credentials.choose("op", (("digest",),)) == ("digest",)
    assert credentials.apply(("digest",)).headers == {}
    without_key = client_credentials(key(), ExternalSetting(("digest",)))
    assert without_key.choose("op", (("apiKey",), ("digest",))) == ("digest",)


def test_the_redacted_forms_hold_no_secret() -> None:
    credentials = client_credentials(basic("ada", PASSWORD), key(KEY))
    assert KEY not in repr(credentials) and PASSWORD not in repr(credentials)
    assert credentials.redact(f"a {KEY} b {PASSWORD}") == "a [REDACTED] b [REDACTED]"

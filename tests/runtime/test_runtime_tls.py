"""The clients the SDK creates share one verifying TLS context per process (httpx builds one per client)."""

from __future__ import annotations

import shutil
import ssl
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest

from generator.runtime import AsyncApiClient, SyncApiClient
from generator.runtime._tls import default_tls_context
from tests.runtime.conftest import BASE_URL, KARAT_ENVELOPE, LOGGER

SETTINGS: dict[str, Any] = {
    "base_url": BASE_URL,
    "envelope": KARAT_ENVELOPE,
    "logger_name": LOGGER,
    "user_agent": "test-sdk/1.0",
}


def context_of(http: httpx.Client | httpx.AsyncClient) -> ssl.SSLContext:
    """The TLS context the client's connection pool wraps its connections with."""
    transport: Any = http._transport
    context: ssl.SSLContext = transport._pool._ssl_context
    return context


@pytest.fixture
def no_cert_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.mark.usefixtures("no_cert_env")
async def test_the_clients_the_sdk_creates_share_one_verifying_context() -> None:
    first, second = SyncApiClient(**SETTINGS), SyncApiClient(**SETTINGS)
    other = AsyncApiClient(**SETTINGS)
    try:
        shared = context_of(first._http)
        assert context_of(second._http) is shared and context_of(other._http) is shared
        assert shared is default_tls_context()
        assert shared.verify_mode == ssl.CERT_REQUIRED and shared.check_hostname
        assert shared.cert_store_stats()["x509_ca"] > 0  # certifi's bundle is loaded
        assert context_of(httpx.Client()) is not shared  # httpx alone builds one per client
    finally:
        first.close()
        second.close()
        await other.close()


@pytest.mark.usefixtures("no_cert_env")
def test_a_bundle_named_by_ssl_cert_file_gets_its_own_context(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    default = default_tls_context()
    bundle = tmp_path / "bundle.pem"
    shutil.copyfile(certifi.where(), bundle)
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    named = default_tls_context()
    assert named is not default and named is default_tls_context()
    client = SyncApiClient(**SETTINGS)
    try:
        assert context_of(client._http) is named
    finally:
        client.close()
    monkeypatch.delenv("SSL_CERT_FILE")
    assert default_tls_context() is default


def test_a_client_given_its_own_http_client_keeps_its_tls_settings() -> None:
    unverified = httpx.Client(verify=False)
    with SyncApiClient(**SETTINGS, http_client=unverified) as sdk:
        assert sdk._http is unverified
        assert context_of(sdk._http).verify_mode == ssl.CERT_NONE

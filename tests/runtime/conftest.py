"""Fixtures for the runtime tests: clients whose HTTP is faked with httpx.MockTransport, no real sleeps."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from generator.runtime import AsyncApiClient, ErrorEnvelope, SyncApiClient, TokenAuth, _base_client, _call, _client

CANARY = "tok-CANARY-5f1e9c7a3b2d"
BASE_URL = "https://api.example.com/api"
LOGGER = "test_sdk"

KARAT_ENVELOPE = ErrorEnvelope(
    key="/errorName",
    message="/message",
    parameters="/parameters",
    instance_id="/errorInstanceId",
    code="/errorCode",
)
UNICAT_ENVELOPE = ErrorEnvelope(
    key="/result/code",
    message="/result/message",
    parameters="/result/info",
    code="/result/code",
    success="/success",
)

Handler = Callable[[httpx.Request], httpx.Response]
AsyncHandler = Callable[[httpx.Request], Coroutine[Any, Any, httpx.Response]]


def recording(sent: list[httpx.Request], status: int, **response: Any) -> Handler:
    """A handler that keeps every request in `sent` and answers each with a new `httpx.Response(status, **response)`."""

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, **response)

    return handler


class FakeClock:
    """The runtime's clocks (monotonic, perf_counter), moved only by the tests and by the client's injected sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    perf_counter = monotonic

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """A fake clock in place of the `time` module of the sync client's code (nothing really waits)."""
    fake = FakeClock()
    monkeypatch.setattr(_base_client, "time", fake)
    monkeypatch.setattr(_client, "time", fake)
    monkeypatch.setattr(_call, "time", fake)
    return fake


@pytest.fixture
def canary() -> str:
    return CANARY


@pytest.fixture
def unicat_envelope() -> ErrorEnvelope:
    return UNICAT_ENVELOPE


@pytest.fixture
def sleeps() -> list[float]:
    """The delays the clients asked to sleep, in order (nothing really sleeps)."""
    return []


@pytest.fixture
def make_client(sleeps: list[float]) -> Callable[..., SyncApiClient]:
    """Build a SyncApiClient over a handler; keyword arguments override the defaults."""

    def factory(handler: Handler, **overrides: Any) -> SyncApiClient:
        settings: dict[str, Any] = {
            "base_url": BASE_URL,
            "auth": TokenAuth(CANARY),
            "envelope": KARAT_ENVELOPE,
            "http_client": httpx.Client(transport=httpx.MockTransport(handler)),
            "logger_name": LOGGER,
            "user_agent": "test-sdk/1.0",
            "sleep": sleeps.append,
        }
        settings.update(overrides)
        return SyncApiClient(**settings)

    return factory


@pytest.fixture
def make_async_client(sleeps: list[float]) -> Callable[..., AsyncApiClient]:
    """Build an AsyncApiClient over a (sync or async) handler; keyword arguments override the defaults."""

    async def record_sleep(delay: float) -> None:
        sleeps.append(delay)

    def factory(handler: Handler | AsyncHandler, **overrides: Any) -> AsyncApiClient:
        settings: dict[str, Any] = {
            "base_url": BASE_URL,
            "auth": TokenAuth(CANARY),
            "envelope": KARAT_ENVELOPE,
            "http_client": httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            "logger_name": LOGGER,
            "user_agent": "test-sdk/1.0",
            "sleep": record_sleep,
        }
        settings.update(overrides)
        return AsyncApiClient(**settings)

    return factory

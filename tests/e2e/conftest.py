"""Fixtures of the end-to-end tests: the mock server on 127.0.0.1 (a free port), and clients against it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

import pytest
from hypothesis.configuration import set_hypothesis_home_dir
from unicat_sdk import models as um

from mockserver import MockServer, ServerConfig
from tests.conftest import ROOT

# Hypothesis (under schemathesis) keeps files; keep them in the git-ignored pytest cache, not in .hypothesis/.
set_hypothesis_home_dir(ROOT / ".pytest_cache" / "hypothesis")

TOKEN = "e2e-token-5f1c"
# A Unicat selection item that selects everything, as the SDK types it: the README's plain-dict form
# ({"search": {}}) is not in the SDK's signature (tests/e2e/test_readme.py runs it as the README shows it).
EVERYTHING = um.SearchSelector(search=um.SearchQuery())
SEED = 20240601
# Small enough to start fast, large enough for many pages.
BASE = ServerConfig(
    seed=SEED, records=400, datasets=4, files_per_dataset=150, unicat_records=260, schema_items=45, self_check=True
)


if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Each generated package has its own copy of the runtime core, so its clients are matched by shape.
Policy = TypeVar("Policy", bound="DataclassInstance")


class _Core(Protocol[Policy]):
    """The runtime core client inside a generated client: its retry policy (a dataclass)."""

    _retry_policy: Policy

    @property
    def retry_policy(self) -> Policy: ...


class _GeneratedClient(Protocol[Policy]):
    """A generated client (sync or async, of any package): it holds a runtime core client."""

    @property
    def _client(self) -> _Core[Policy]: ...


def fast_retries(client: _GeneratedClient[Policy], retries: int = 8) -> None:
    """Give a generated client a retry policy with tiny delays (the clients take only max_retries)."""
    api = client._client
    api._retry_policy = dataclasses.replace(api.retry_policy, max_retries=retries, initial_delay=0.005, max_delay=0.02)


@pytest.fixture(scope="session")
def server() -> Iterator[MockServer]:
    """One self-checking server for the whole e2e session; stopping it fails on any spec violation."""
    with MockServer(BASE) as running:
        yield running

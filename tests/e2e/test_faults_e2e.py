"""Retries ride through injected faults (429 with Retry-After, 500, 503, dropped connections, truncated bodies)."""

from __future__ import annotations

import collections
import dataclasses
import time
from collections.abc import Iterator

import karat_sdk
import pytest
import unicat_sdk
from karat_sdk import errors as karat_errors
from karat_sdk import models as km

from mockserver import FaultPlan, MockServer
from mockserver.karat_data import DOCS_DATASET
from tests.e2e.conftest import BASE, EVERYTHING, TOKEN, fast_retries

FAULTS = FaultPlan({"429": 0.12, "500": 0.06, "503": 0.08, "drop": 0.08, "truncate": 0.08}, retry_after=0.01)


@pytest.fixture
def faulty() -> Iterator[MockServer]:
    with MockServer(dataclasses.replace(BASE, faults=FAULTS)) as running:
        yield running


def fault_counts(server: MockServer) -> collections.Counter[str | None]:
    return collections.Counter(r.fault for r in server.requests)


def answered(server: MockServer, operation_id: str) -> int:
    return sum(1 for r in server.requests if r.operation_id == operation_id and r.fault is None)


def test_sync_karat_client_loses_and_duplicates_nothing_through_faults(faulty: MockServer) -> None:
    records = faulty.karat.records
    where = km.SearchCheckpointRecordsRequest(
        filter=km.NotFilter(filter=km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN"))
    )
    with karat_sdk.KaratClient(base_url=faulty.url, token=TOKEN) as client:
        fast_retries(client, 12)
        found = client.records.get_batch([r["rid"] for r in records])
        searched = [r.rid for r in client.records.search(where, page_size=20)]
        files = [f.path for f in client.datasets.list_files(DOCS_DATASET, branch_id="develop", page_size=1)]
    assert list(found) == [r["rid"] for r in records]
    expected = [
        r["rid"]
        for r in sorted(records, key=lambda r: (r["createdAt"], r["rid"]), reverse=True)
        if r["type"] != "LOGIN"
    ]
    assert searched == expected
    assert files == [
        f["path"]
        for f in faulty.karat.datasets[DOCS_DATASET].view(faulty.karat.datasets[DOCS_DATASET].branches["develop"])
    ]
    # every page and chunk was answered exactly once; everything else was a fault that got retried
    assert answered(faulty, "getRecordsBatch") == -(-len(records) // 100)
    assert answered(faulty, "searchRecords") == -(-len(expected) // 20)
    assert answered(faulty, "listFiles") == len(files)
    counts = fault_counts(faulty)
    assert all(counts[kind] > 0 for kind in ("429", "500", "503", "drop", "truncate")), counts


async def test_async_clients_lose_and_duplicate_nothing_through_faults(faulty: MockServer) -> None:
    rids = [r["rid"] for r in faulty.karat.records]
    async with karat_sdk.AsyncKaratClient(base_url=faulty.url, token=TOKEN) as karat:
        fast_retries(karat, 12)
        found = await karat.records.get_batch(rids)
    project = faulty.unicat.project_gid
    async with unicat_sdk.AsyncUnicatClient(base_url=faulty.url, token=TOKEN, project_gid=project) as unicat:
        fast_retries(unicat, 12)
        gids = [str(r.gid) async for r in unicat.records.bulk_get([EVERYTHING], page_size=15)]
    assert list(found) == rids
    assert gids == list(faulty.unicat.records)
    assert answered(faulty, "getRecordsBulk") == -(-len(gids) // 15)
    assert sum(fault_counts(faulty)[k] for k in ("429", "500", "503", "drop", "truncate")) > 5


def test_sync_unicat_client_keeps_renewed_tokens_through_faults() -> None:
    config = dataclasses.replace(BASE, faults=FAULTS, tokens=(TOKEN,), renew_every=3, revoke_on_renewal=True)
    with MockServer(config) as server:
        with unicat_sdk.UnicatClient(base_url=server.url, token=TOKEN, project_gid=server.unicat.project_gid) as client:
            fast_retries(client, 12)
            gids = [str(r.gid) for r in client.records.bulk_get([EVERYTHING], page_size=10)]
        assert gids == list(server.unicat.records)
        assert len(server.tokens.issued) >= 5


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("429", karat_errors.RateLimitError),
        ("503", karat_errors.ServiceUnavailableError),
        ("500", karat_errors.InternalServerError),
        ("drop", karat_errors.ApiConnectionError),
        ("truncate", karat_errors.ApiConnectionError),
    ],
)
def test_each_fault_is_what_it_says_when_not_retried(kind: str, error: type[Exception]) -> None:
    config = dataclasses.replace(BASE, faults=FaultPlan({kind: 1.0}, retry_after=0.25))
    with (
        MockServer(config) as server,
        karat_sdk.KaratClient(base_url=server.url, token=TOKEN, max_retries=0) as client,
        pytest.raises(error) as caught,
    ):
        client.records.get_batch([server.karat.records[0]["rid"]])
    if kind in ("429", "503"):
        assert isinstance(caught.value, karat_errors.ApiError)  # narrows: 429 and 503 are API errors, with headers
        assert caught.value.headers["Retry-After"] == "0.25"
    assert [r.fault for r in server.requests] == [kind]


def test_retry_after_is_honoured_and_faults_repeat_with_the_seed() -> None:
    config = dataclasses.replace(BASE, faults=FaultPlan({"429": 0.5}, retry_after=0.03))
    runs = []
    for _ in range(2):
        with (
            MockServer(config) as server,
            karat_sdk.KaratClient(base_url=server.url, token=TOKEN, max_retries=10) as client,
        ):
            started = time.perf_counter()
            paths = [f.path for f in client.datasets.list_files(DOCS_DATASET, branch_id="develop", page_size=1)]
            elapsed = time.perf_counter() - started
            runs.append([r.fault for r in server.requests])
        assert len(paths) == 4
        assert elapsed >= 0.03 * runs[-1].count("429")  # each 429 waited its Retry-After
    assert runs[0] == runs[1] and runs[0].count("429") >= 2


def test_added_latency() -> None:
    with MockServer(BASE, latency_ms=60) as server, karat_sdk.KaratClient(base_url=server.url, token=TOKEN) as client:
        started = time.perf_counter()
        client.datasets.list_files(DOCS_DATASET).pages().__next__()
        assert time.perf_counter() - started >= 0.06

"""A bounded fault soak: shared clients in threads and tasks, 10% injected faults of every kind, Unicat JWTs
renewed on the way. Nothing is lost, nothing duplicated, no token shows in any log line or error."""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import logging
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import karat_sdk
import pytest
import unicat_sdk
from karat_sdk import models as km

from mockserver import FaultPlan, MockServer
from mockserver.config import FAULT_KINDS
from tests.e2e.conftest import BASE, EVERYTHING, TOKEN, fast_retries

FAULTS = FaultPlan({kind: 0.02 for kind in FAULT_KINDS}, retry_after=0.01)  # 10% in all, every kind
WORKERS = 4
SOAK_SECONDS = 30  # the bound: a soak that takes longer has gone wrong


class Captured(logging.Handler):
    """Keeps every formatted record, for the token check."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        with self._guard:
            self.lines.append(line)


@pytest.fixture
def logs() -> Iterator[Captured]:
    """The SDK loggers at DEBUG, httpx at INFO, httpcore kept quiet as the README says."""
    handler = Captured()
    levels = {
        "karat_sdk": logging.DEBUG,
        "unicat_sdk": logging.DEBUG,
        "httpx": logging.INFO,
        "httpcore": logging.WARNING,
    }
    saved = {name: logging.getLogger(name).level for name in levels}
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).addHandler(handler)
    yield handler
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).removeHandler(handler)


@pytest.fixture
def soak_server() -> Iterator[MockServer]:
    config = dataclasses.replace(BASE, faults=FAULTS, tokens=(TOKEN,), renew_every=7, unicat_records=120)
    with MockServer(config) as running:
        yield running


def expected_karat(server: MockServer) -> tuple[list[str], list[str]]:
    records = server.karat.records
    rids = [r["rid"] for r in records]
    searched = [
        r["rid"]
        for r in sorted(records, key=lambda r: (r["createdAt"], r["rid"]), reverse=True)
        if r["type"] != "LOGIN"
    ]
    return rids, searched


NOT_LOGIN = km.SearchCheckpointRecordsRequest(
    filter=km.NotFilter(filter=km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN"))
)


def secrets_of(server: MockServer) -> list[str]:
    return [TOKEN, *(new for _, new in server.tokens.issued)]


def errors_made_without_retries(server: MockServer) -> list[BaseException]:
    """Errors the faults cause when nothing is retried: their text and pickles are checked for tokens."""
    caught: list[BaseException] = []
    project = server.unicat.project_gid
    with unicat_sdk.UnicatClient(base_url=server.url, token=TOKEN, project_gid=project, max_retries=0) as client:
        for _ in range(40):
            try:
                list(client.records.bulk_get([EVERYTHING], page_size=60))
            except unicat_sdk.errors.SdkError as exc:
                caught.append(exc)
    return caught


def test_sync_and_async_clients_through_a_fault_soak(soak_server: MockServer, logs: Captured) -> None:
    started = time.monotonic()
    rids, searched = expected_karat(soak_server)
    gids = list(soak_server.unicat.records)
    project = soak_server.unicat.project_gid
    results: dict[str, list[list[str]]] = collections.defaultdict(list)

    with (
        karat_sdk.KaratClient(base_url=soak_server.url, token=TOKEN) as karat,
        unicat_sdk.UnicatClient(base_url=soak_server.url, token=TOKEN, project_gid=project) as unicat,
    ):
        fast_retries(karat, 12)
        fast_retries(unicat, 12)
        jobs: list[tuple[str, Callable[[], list[str]]]] = [
            ("batch", lambda: list(karat.records.get_batch(rids))),
            ("search", lambda: [r.rid for r in karat.records.search(NOT_LOGIN, page_size=40)]),
            ("unicat", lambda: [str(r.gid) for r in unicat.records.bulk_get([EVERYTHING], page_size=25)]),
        ]
        with ThreadPoolExecutor(WORKERS) as pool:
            for name, outcome in [(name, pool.submit(job)) for name, job in jobs * WORKERS]:
                results[f"sync {name}"].append(outcome.result())

    async def in_tasks() -> None:
        async with (
            karat_sdk.AsyncKaratClient(base_url=soak_server.url, token=TOKEN) as karat,
            unicat_sdk.AsyncUnicatClient(base_url=soak_server.url, token=TOKEN, project_gid=project) as unicat,
        ):
            fast_retries(karat, 12)
            fast_retries(unicat, 12)

            async def batch() -> list[str]:
                return list(await karat.records.get_batch(rids))

            async def search() -> list[str]:
                return [r.rid async for r in karat.records.search(NOT_LOGIN, page_size=40)]

            async def listing() -> list[str]:
                return [str(r.gid) async for r in unicat.records.bulk_get([EVERYTHING], page_size=25)]

            for name, job in [("batch", batch), ("search", search), ("unicat", listing)]:
                for outcome in await asyncio.gather(*(job() for _ in range(WORKERS))):
                    results[f"async {name}"].append(outcome)

    asyncio.run(in_tasks())
    errors = errors_made_without_retries(soak_server)
    elapsed = time.monotonic() - started

    expected = {"batch": rids, "search": searched, "unicat": gids}
    for key, runs in results.items():
        assert len(runs) == WORKERS, key
        for run in runs:  # nothing lost, nothing duplicated, in order
            assert run == expected[key.split()[1]], key
    counts = collections.Counter(r.fault for r in soak_server.requests)
    assert all(counts[kind] > 0 for kind in FAULT_KINDS), counts
    assert 0.05 < sum(counts[kind] for kind in FAULT_KINDS) / sum(counts.values()) < 0.15, counts
    assert len(soak_server.tokens.issued) >= 5 and errors
    secrets = secrets_of(soak_server)
    texts = [*logs.lines, *(str(e) for e in errors), *(repr(e) for e in errors)]
    assert logs.lines and not [t for t in texts if any(s in t for s in secrets)]
    dumped = [pickle.dumps(e) for e in errors]
    assert not [d for d in dumped if any(s.encode() in d for s in secrets)]
    assert [(type(pickle.loads(d)), str(pickle.loads(d))) for d in dumped] == [(type(e), str(e)) for e in errors]
    assert elapsed < SOAK_SECONDS


def test_threads_sharing_a_unicat_client_ride_through_jwt_revocation() -> None:
    """Unicat revokes the old JWT on renewal: requests in flight with it get 401 and are sent again with the new one."""
    config = dataclasses.replace(BASE, tokens=(TOKEN,), renew_every=5, revoke_on_renewal=True, unicat_records=120)
    with MockServer(config) as server:
        project = server.unicat.project_gid
        with (
            unicat_sdk.UnicatClient(base_url=server.url, token=TOKEN, project_gid=project, max_retries=0) as client,
            ThreadPoolExecutor(8) as pool,
        ):
            runs = list(
                pool.map(lambda _: [str(r.gid) for r in client.records.bulk_get([EVERYTHING], page_size=20)], range(8))
            )
        assert runs == [list(server.unicat.records)] * 8
        statuses = collections.Counter(r.status for r in server.requests)
        assert len(server.tokens.issued) >= 5 and statuses[401] > 0, statuses

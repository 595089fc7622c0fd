"""The renewal race (issue 23): 8 threads, or 8 tasks, share one Unicat client; the server renews the JWT on
every answer and revokes the old one. Across 50 runs (25 of each), no call may fail with 401.

Before the fix (a 401 retried at once, while other requests were in flight) both tests failed in their
first run: a retry was refused again whenever another answer renewed, and revoked, the token it carried,
until the call ran out of its 10 auth retries. The fix is in the runtime's _in_flight.py.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
from concurrent.futures import ThreadPoolExecutor

import unicat_sdk

from mockserver import MockServer, ServerConfig
from tests.e2e.conftest import BASE, EVERYTHING, TOKEN

RUNS = 25  # of each kind: 50 in all, about 10 s
WORKERS = 8
CONFIG = dataclasses.replace(
    BASE, records=10, datasets=1, files_per_dataset=1, unicat_records=20, schema_items=5, self_check=False
)


def _config() -> ServerConfig:
    return dataclasses.replace(CONFIG, tokens=(TOKEN,), renew_every=1, revoke_on_renewal=True)


def _current(server: MockServer) -> str:
    """The token a run's new client starts with: the last one issued (nothing used it yet, so it is valid)."""
    return server.tokens.issued[-1][1] if server.tokens.issued else TOKEN


def test_threads_sharing_a_client_never_lose_a_call_to_revocation() -> None:
    with MockServer(_config()) as server, ThreadPoolExecutor(WORKERS) as pool:
        expected = list(server.unicat.records)
        for _ in range(RUNS):  # each run a new client: its 8 first requests carry the same token
            with unicat_sdk.UnicatClient(
                base_url=server.url, token=_current(server), project_gid=server.unicat.project_gid, max_retries=0
            ) as client:

                def listing(_: int, client: unicat_sdk.UnicatClient = client) -> list[str]:
                    return [str(r.gid) for r in client.records.bulk_get([EVERYTHING], page_size=10)]

                assert list(pool.map(listing, range(WORKERS))) == [expected] * WORKERS
        _assert_raced(server)


def test_tasks_sharing_an_async_client_never_lose_a_call_to_revocation() -> None:
    async def run(server: MockServer) -> list[list[str]]:
        async with unicat_sdk.AsyncUnicatClient(
            base_url=server.url, token=_current(server), project_gid=server.unicat.project_gid, max_retries=0
        ) as client:

            async def listing() -> list[str]:
                return [str(r.gid) async for r in client.records.bulk_get([EVERYTHING], page_size=10)]

            return await asyncio.gather(*(listing() for _ in range(WORKERS)))

    with MockServer(_config()) as server:
        expected = list(server.unicat.records)
        for _ in range(RUNS):
            assert asyncio.run(run(server)) == [expected] * WORKERS
        _assert_raced(server)


def _assert_raced(server: MockServer) -> None:
    """The race did happen: many 401s for revoked tokens, a renewal every second answer."""
    statuses = collections.Counter(r.status for r in server.requests)
    assert statuses[401] >= RUNS and len(server.tokens.issued) >= RUNS * WORKERS, statuses

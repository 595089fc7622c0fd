"""get_batch of many rids against a server with added latency: sequential chunks against bounded concurrency."""

from __future__ import annotations

import asyncio

from bench.contenders import TOKEN
from bench.servers import Served

WHAT_IF_CONCURRENCY = 16


def sequential(served: Served, rids: list[str]) -> int:
    """karat_sdk.KaratClient.records.get_batch: chunks of 100, one after the other."""
    from karat_sdk import KaratClient

    with KaratClient(base_url=served.url, token=TOKEN) as client:
        return len(client.records.get_batch(rids))


def concurrent(served: Served, rids: list[str]) -> int:
    """karat_sdk.AsyncKaratClient.records.get_batch: chunks of 100, at most 8 in flight (the default)."""
    from karat_sdk import AsyncKaratClient

    async def run() -> int:
        async with AsyncKaratClient(base_url=served.url, token=TOKEN) as client:
            return len(await client.records.get_batch(rids))

    return asyncio.run(run())


def concurrent_what_if(served: Served, rids: list[str]) -> int:
    """As `concurrent`, with the runtime's batch concurrency raised to 16 (the private knob, set after creation)."""
    from karat_sdk import AsyncKaratClient

    async def run() -> int:
        async with AsyncKaratClient(base_url=served.url, token=TOKEN) as client:
            client._client._batch_concurrency = WHAT_IF_CONCURRENCY
            return len(await client.records.get_batch(rids))

    return asyncio.run(run())

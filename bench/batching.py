"""get_batch of many rids against a server with added latency: sequential chunks against bounded concurrency."""

from __future__ import annotations

import asyncio
import gc
import json

import httpx

from bench.contenders import TOKEN
from bench.servers import Served

WHAT_IF_CONCURRENCY = 16
CONCURRENCY = 8  # the async client's default (DEFAULT_BATCH_CONCURRENCY)
CHUNK = 100
BATCH_PATH = "/api/v2/checkpoints/records/getBatch"


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


def concurrent_gc_paused(served: Served, rids: list[str]) -> int:
    """As `concurrent`, with the cyclic GC disabled for the call: what collecting the 10,000 kept records costs."""
    gc.disable()
    try:
        return concurrent(served, rids)
    finally:
        gc.enable()


def raw_concurrent(served: Served, rids: list[str]) -> int:
    """The ceiling: raw httpx.AsyncClient + json.loads, the same 100 POSTs 8 at a time, no validation at all."""

    async def run() -> int:
        limit = asyncio.Semaphore(CONCURRENCY)
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(base_url=served.url, headers=headers, timeout=60) as http:

            async def chunk(keys: list[str]) -> dict[str, object]:
                async with limit:
                    response = await http.post(
                        BATCH_PATH, params={"preview": "true"}, json=[{"recordRid": key} for key in keys]
                    )
                response.raise_for_status()
                found: dict[str, object] = json.loads(response.content)["data"]
                return found

            maps = await asyncio.gather(*(chunk(rids[i : i + CHUNK]) for i in range(0, len(rids), CHUNK)))
        merged: dict[str, object] = {}
        for found in maps:
            merged.update(found)
        return len(merged)

    return asyncio.run(run())

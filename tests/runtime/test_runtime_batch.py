"""Batches: chunking, merging in input order, duplicates, empty input, bounded async concurrency."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    DEFAULT_BATCH_CONCURRENCY,
    AsyncApiClient,
    BatchSpec,
    InternalServerError,
    NotFoundError,
    Operation,
    SyncApiClient,
)

GET_BATCH = Operation(
    operation_id="getRecordsBatch",
    method="POST",
    path="/v2/checkpoints/records/getBatch",
    safe_to_retry=True,
    constant_query={"preview": "true"},
)
SPEC = BatchSpec(max_size=100, item_key="recordRid", merge="/data")


class Record(BaseModel):
    rid: str


def keys_of(request: httpx.Request) -> list[str]:
    return [element["recordRid"] for element in json.loads(request.content)]


def batch_server(
    *, omit: frozenset[str] = frozenset()
) -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        found = {k: {"rid": k} for k in reversed(keys_of(request)) if k not in omit}  # server order differs
        return httpx.Response(200, json={"data": found})

    return requests, handler


def test_250_keys_make_three_requests_merged_in_input_order(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = batch_server()
    keys = [f"ri.r.{i:03}" for i in range(250)]
    result = make_client(handler).batch(GET_BATCH, SPEC, keys, value_type=Record)
    assert [len(keys_of(r)) for r in requests] == [100, 100, 50]
    assert [k for r in requests for k in keys_of(r)] == keys
    assert list(result) == keys
    assert all(isinstance(v, Record) and v.rid == k for k, v in result.items())
    assert all(r.url.params["preview"] == "true" for r in requests)


def test_duplicates_are_sent_once_and_missing_keys_are_omitted(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = batch_server(omit=frozenset({"b"}))
    result = make_client(handler).batch(GET_BATCH, SPEC, ["a", "b", "a", "c", "b"], value_type=Record)
    assert [keys_of(r) for r in requests] == [["a", "b", "c"]]
    assert list(result) == ["a", "c"]


def test_empty_input_sends_nothing(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = batch_server()
    assert make_client(handler).batch(GET_BATCH, SPEC, [], value_type=Record) == {}
    assert requests == []


def test_keys_the_server_adds_come_after_the_asked_ones(make_client: Callable[..., SyncApiClient]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        found = {"ri.extra": {"rid": "ri.extra"}, **{k: {"rid": k} for k in reversed(keys_of(request))}}
        return httpx.Response(200, json={"data": found})

    result = make_client(handler).batch(GET_BATCH, SPEC, ["a", "b"], value_type=Record)
    assert list(result) == ["a", "b", "ri.extra"]
    assert result["ri.extra"].rid == "ri.extra"


def test_absent_map_is_empty_and_a_single_string_is_refused(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(lambda request: httpx.Response(200, json={}))
    assert client.batch(GET_BATCH, SPEC, ["a"], value_type=Record) == {}
    with pytest.raises(TypeError, match="single string"):
        client.batch(GET_BATCH, SPEC, "abc", value_type=Record)  # type: ignore[call-overload]  # what mypy refuses, at run time


def test_batch_spec_validation() -> None:
    with pytest.raises(ValueError):
        BatchSpec(max_size=0, item_key="k", merge="/data")
    with pytest.raises(ValueError):
        BatchSpec(max_size=1, item_key="k", merge="data")


def concurrency_server(
    fail_chunk: int | None = None,
) -> tuple[dict[str, Any], Callable[[httpx.Request], Any]]:
    """An async handler that counts requests in flight; later chunks answer first, a failing one at once."""
    stats: dict[str, Any] = {"in_flight": 0, "max_in_flight": 0, "started": 0, "finished": 0, "cancelled": 0}

    async def handler(request: httpx.Request) -> httpx.Response:
        keys = keys_of(request)
        chunk = int(keys[0].rsplit(".", 1)[1]) // 100
        stats["started"] += 1
        stats["in_flight"] += 1
        stats["max_in_flight"] = max(stats["max_in_flight"], stats["in_flight"])
        try:
            turns = 0 if chunk == fail_chunk else 20 - chunk if fail_chunk is None else 50
            for _ in range(turns):  # yield to the loop; no wall-clock sleeping
                await asyncio.sleep(0)
            if chunk == fail_chunk:
                return httpx.Response(404, json={"errorName": "Gone"})
            return httpx.Response(200, json={"data": {k: {"rid": k} for k in reversed(keys)}})
        except asyncio.CancelledError:
            stats["cancelled"] += 1
            raise
        finally:
            stats["in_flight"] -= 1
            stats["finished"] += 1

    return stats, handler


@pytest.mark.asyncio
@pytest.mark.parametrize(("configured", "expected"), [(None, DEFAULT_BATCH_CONCURRENCY), (2, 2), (16, 10)])
async def test_async_batch_respects_the_concurrency_bound(
    configured: int | None, expected: int, make_async_client: Callable[..., AsyncApiClient]
) -> None:
    stats, handler = concurrency_server()
    overrides = {} if configured is None else {"batch_concurrency": configured}
    keys = [f"ri.r.{i:04}" for i in range(1000)]
    async with make_async_client(handler, **overrides) as client:
        result = await client.batch(GET_BATCH, SPEC, keys, value_type=Record)
    assert stats["started"] == 10
    assert stats["max_in_flight"] == expected
    assert list(result) == keys  # input order, although later chunks finished first


@pytest.mark.asyncio
async def test_async_batch_per_call_concurrency_and_duplicates(
    make_async_client: Callable[..., AsyncApiClient],
) -> None:
    stats, handler = concurrency_server()
    keys = [f"ri.r.{i:04}" for i in range(500)]
    result = await make_async_client(handler).batch(GET_BATCH, SPEC, keys + keys[:50], value_type=Record, concurrency=1)
    assert stats["max_in_flight"] == 1
    assert stats["started"] == 5
    assert list(result) == keys
    assert await make_async_client(handler).batch(GET_BATCH, SPEC, [], value_type=Record) == {}
    assert stats["started"] == 5


@pytest.mark.asyncio
async def test_async_batch_failure_raises_the_api_error_and_stops_the_rest(
    make_async_client: Callable[..., AsyncApiClient],
) -> None:
    stats, handler = concurrency_server(fail_chunk=9)
    keys = [f"ri.r.{i:04}" for i in range(1000)]
    with pytest.raises(NotFoundError):
        await make_async_client(handler, batch_concurrency=10).batch(GET_BATCH, SPEC, keys, value_type=Record)
    assert stats["in_flight"] == 0  # the other chunks were cancelled and cleaned up, not left running
    assert stats["finished"] == stats["started"]
    assert stats["cancelled"] == 9  # chunk 9 fails at once; chunks 0-8 were still waiting


@pytest.mark.asyncio
async def test_async_batch_chunks_are_retried_individually(
    make_async_client: Callable[..., AsyncApiClient], sleeps: list[float]
) -> None:
    calls: list[list[str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys = keys_of(request)
        calls.append(keys)
        if keys[0] == "k100" and calls.count(keys) == 1:
            return httpx.Response(503)
        return httpx.Response(200, json={"data": {k: {"rid": k} for k in keys}})

    keys = [f"k{i}" for i in range(150)]
    result = await make_async_client(handler).batch(GET_BATCH, SPEC, keys, value_type=Record)
    assert len(result) == 150
    assert len(calls) == 3
    assert len(sleeps) == 1
    with pytest.raises(InternalServerError):
        await make_async_client(lambda r: httpx.Response(500)).batch(GET_BATCH, SPEC, ["a"], value_type=Record)

"""A ceiling on a reply (issue 23): a body read whole above `max_response_bytes` raises ResponseTooLargeError
as soon as the count passes the limit, before the rest is read; streamed downloads are not limited."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest

from generator.runtime import (
    DEFAULT_MAX_RESPONSE_BYTES,
    ApiDecodeError,
    AsyncApiClient,
    Operation,
    ResponseTooLargeError,
    SdkError,
    SyncApiClient,
)

GET = Operation(operation_id="getThing", method="GET", path="/things/1", safe_to_retry=True)
DOWNLOAD = Operation(operation_id="readFile", method="GET", path="/files/1", accept="application/octet-stream")
CHUNK = b"x" * 1000
LIMIT = 10_000


class Chunks:
    """A body of `count` chunks of 1000 bytes (a JSON string), counting how many were read."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.read = 0

    def parts(self) -> Iterator[bytes]:
        yield b'"'
        for _ in range(self.count):
            self.read += 1
            yield CHUNK
        yield b'"'

    async def async_parts(self) -> AsyncIterator[bytes]:
        for part in self.parts():
            yield part


def test_the_default_ceiling_is_256_mib(make_client: Callable[..., SyncApiClient]) -> None:
    assert DEFAULT_MAX_RESPONSE_BYTES == 256 * 2**20
    assert make_client(lambda r: httpx.Response(200))._max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES
    with pytest.raises(ValueError, match="max_response_bytes"):
        make_client(lambda r: httpx.Response(200), max_response_bytes=0)


def test_a_body_above_the_limit_stops_at_the_limit(make_client: Callable[..., SyncApiClient]) -> None:
    body = Chunks(1000)  # 1 MB, limit 10 kB
    client = make_client(lambda r: httpx.Response(200, content=body.parts()), max_response_bytes=LIMIT)
    with pytest.raises(ResponseTooLargeError) as caught:
        client.request(GET)
    assert isinstance(caught.value, ApiDecodeError) and isinstance(caught.value, SdkError)
    assert body.read <= LIMIT // len(CHUNK) + 1  # refused as the count passed the limit, not after the whole body
    assert caught.value.limit == LIMIT and caught.value.status_code == 200
    assert str(caught.value).startswith("Response of getThing (HTTP 200) is above the client's limit of 10,000 bytes")
    assert "max_response_bytes" in str(caught.value)


def test_a_declared_length_above_the_limit_is_refused_unread(make_client: Callable[..., SyncApiClient]) -> None:
    body = Chunks(20)
    headers = {"Content-Length": str(20 * len(CHUNK) + 2)}
    client = make_client(lambda r: httpx.Response(200, content=body.parts(), headers=headers), max_response_bytes=LIMIT)
    with pytest.raises(ResponseTooLargeError, match="is 20,002 bytes, above the client's limit of 10,000 bytes"):
        client.request(GET)
    assert body.read == 0


def test_a_body_at_the_limit_and_no_limit_are_read(make_client: Callable[..., SyncApiClient]) -> None:
    at_limit = make_client(
        lambda r: httpx.Response(200, content=b'"' + b"y" * (LIMIT - 2) + b'"'), max_response_bytes=LIMIT
    )
    assert at_limit.request(GET).json() == "y" * (LIMIT - 2)
    unlimited = make_client(lambda r: httpx.Response(200, content=Chunks(50).parts()), max_response_bytes=None)
    assert len(unlimited.request(GET).json()) == 50 * len(CHUNK)


def test_a_compressed_body_counts_as_it_expands(make_client: Callable[..., SyncApiClient]) -> None:
    bomb = gzip.compress(b'"' + b"z" * 1_000_000 + b'"')
    assert len(bomb) < LIMIT
    client = make_client(
        lambda r: httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"}), max_response_bytes=LIMIT
    )
    with pytest.raises(ResponseTooLargeError):
        client.request(GET)


def test_an_error_body_above_the_limit_is_refused_too(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(
        lambda r: httpx.Response(500, content=Chunks(100).parts()), max_retries=0, max_response_bytes=LIMIT
    )
    with pytest.raises(ResponseTooLargeError, match=r"\(HTTP 500\)"):
        client.request(GET)


def test_a_streamed_download_is_not_limited(make_client: Callable[..., SyncApiClient]) -> None:
    body = Chunks(100)  # 100 kB through a 10 kB limit
    client = make_client(lambda r: httpx.Response(200, content=body.parts()), max_response_bytes=LIMIT)
    with client.stream(DOWNLOAD) as response:
        received = b"".join(response.iter_bytes())
    assert len(received) == 100 * len(CHUNK) + 2 and body.read == 100


def test_the_async_client_has_the_same_ceiling(make_async_client: Callable[..., AsyncApiClient]) -> None:
    async def run() -> tuple[int, int]:
        refused, streamed = Chunks(1000), Chunks(100)
        client = make_async_client(
            lambda r: httpx.Response(200, content=refused.async_parts()), max_response_bytes=LIMIT
        )
        with pytest.raises(ResponseTooLargeError):
            await client.request(GET)
        client = make_async_client(
            lambda r: httpx.Response(200, content=streamed.async_parts()), max_response_bytes=LIMIT
        )
        async with client.stream(DOWNLOAD) as response:
            received = b"".join([chunk async for chunk in response.iter_bytes()])
        assert len(received) == 100 * len(CHUNK) + 2
        return refused.read, streamed.read

    refused_read, streamed_read = asyncio.run(run())
    assert refused_read <= LIMIT // len(CHUNK) + 1 and streamed_read == 100

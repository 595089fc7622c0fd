"""Streamed responses: chunks as they arrive, written to files, errors mapped, connections closed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from generator.runtime import ApiError, AsyncApiClient, Call, ErrorEnvelope, NotFoundError, Operation, SyncApiClient

DOWNLOAD = Operation(
    operation_id="download", method="GET", path="/files/{id}", accept="application/octet-stream", safe_to_retry=True
)
BODY = bytes(range(256)) * 4096  # 1 MiB


class Chunks(httpx.SyncByteStream):
    """A body that counts the chunks the client pulled and whether it was closed."""

    def __init__(self) -> None:
        self.pulled = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(BODY), 65536):
            self.pulled += 1
            yield BODY[start : start + 65536]

    def close(self) -> None:
        self.closed = True


def test_chunks_are_pulled_as_the_caller_reads(make_client: Callable[..., SyncApiClient]) -> None:
    stream = Chunks()
    client = make_client(lambda request: httpx.Response(200, stream=stream))
    with client.stream(DOWNLOAD, Call(path_params={"id": "a"})) as response:
        assert response.status_code == 200
        first = next(response.iter_bytes(65536))
        assert len(first) == 65536
        assert stream.pulled == 1  # nothing read ahead: the body is not held
    assert stream.closed


def test_write_to_a_path(make_client: Callable[..., SyncApiClient], tmp_path: Path) -> None:
    client = make_client(lambda request: httpx.Response(200, content=BODY))
    target = tmp_path / "out.bin"
    with client.stream(DOWNLOAD, Call(path_params={"id": "a"})) as response:
        assert response.write_to(target) == len(BODY)
    assert target.read_bytes() == BODY


def test_nothing_is_sent_before_the_with_block(make_client: Callable[..., SyncApiClient]) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=b"x")

    client = make_client(handler)
    context = client.stream(DOWNLOAD, Call(path_params={"id": "a"}))
    assert sent == []
    with context as response:
        assert response.read() == b"x"
    assert sent[0].headers["Accept"] == "application/octet-stream"


def test_an_error_status_raises_its_mapped_error_with_the_body(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(lambda request: httpx.Response(404, json={"errorName": "Nope", "errorCode": "NOT_FOUND"}))
    with pytest.raises(NotFoundError) as info, client.stream(DOWNLOAD, Call(path_params={"id": "a"})):
        pass
    assert info.value.status_code == 404


def test_a_streamed_call_retries_like_any_other(make_client: Callable[..., SyncApiClient], sleeps: list[float]) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, content=b"ok")])
    client = make_client(lambda request: next(answers))
    with client.stream(DOWNLOAD, Call(path_params={"id": "a"})) as response:
        assert response.read() == b"ok"
    assert len(sleeps) == 1


def test_async_stream_yields_chunks_and_writes_files(
    make_async_client: Callable[..., AsyncApiClient], tmp_path: Path
) -> None:
    client = make_async_client(lambda request: httpx.Response(200, content=BODY))

    async def main() -> tuple[int, int]:
        total = 0
        async with client.stream(DOWNLOAD, Call(path_params={"id": "a"})) as response:
            async for chunk in response.iter_bytes(65536):
                total += len(chunk)
        async with client.stream(DOWNLOAD, Call(path_params={"id": "a"})) as response:
            written = await response.write_to(tmp_path / "a.bin")
        return total, written

    assert asyncio.run(main()) == (len(BODY), len(BODY))
    assert (tmp_path / "a.bin").read_bytes() == BODY


def test_async_stream_error_is_mapped(make_async_client: Callable[..., AsyncApiClient]) -> None:
    client = make_async_client(lambda request: httpx.Response(404, json={"errorName": "Nope"}))

    async def main() -> None:
        async with client.stream(DOWNLOAD, Call(path_params={"id": "a"})):
            pass

    with pytest.raises(NotFoundError):
        asyncio.run(main())


def test_a_success_envelope_does_not_read_a_binary_stream(
    make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    stream = Chunks()
    headers = {"Content-Type": "application/octet-stream"}
    client = make_client(lambda request: httpx.Response(200, stream=stream, headers=headers), envelope=unicat_envelope)
    with client.stream(DOWNLOAD, Call(path_params={"id": "a"})) as response:
        assert len(next(response.iter_bytes(65536))) == 65536
        assert stream.pulled == 1


def test_a_success_envelope_still_catches_a_json_failure_on_a_stream(
    make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    failure = {"success": False, "result": {"code": 1006, "message": "bad", "info": {}}, "data": {}}
    client = make_client(lambda request: httpx.Response(200, json=failure), envelope=unicat_envelope)
    with pytest.raises(ApiError), client.stream(DOWNLOAD, Call(path_params={"id": "a"})):
        pass

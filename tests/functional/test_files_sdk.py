"""The `files` golden case's SDK, sync and async: binary and text responses (whole and streamed), binary,
multipart and form bodies, and single-item envelopes."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.conftest import Recorder, clients, sdk

BLOB = bytes(range(256)) * 1024  # 256 KiB


def answer(request: httpx.Request) -> httpx.Response:
    path, method = request.url.path, request.method
    if path.endswith("/content") and method == "GET":
        return httpx.Response(200, content=BLOB, headers={"Content-Type": "application/octet-stream"})
    if path.startswith("/api/tables/"):
        return httpx.Response(200, text="a,b\n1,2\n", headers={"Content-Type": "text/csv"})
    if path == "/api/auth":
        return httpx.Response(204)
    if path == "/api/records/get":
        gid = json.loads(request.content)["record"]
        body = {"success": True, "result": {"record": gid}, "data": {"records": {gid: {"gid": gid, "title": "T"}}}}
        return httpx.Response(200, json=body)
    if path.endswith("/info"):
        return httpx.Response(200, json={"success": True, "data": {"path": "a.bin", "size": 3}})
    return httpx.Response(200, json={"path": "a.bin", "size": len(request.content)})


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def files(golden_sdks: dict[str, Path]) -> tuple[Any, Any, Recorder]:
    return clients(sdk(golden_sdks, "files_sdk"), "Files", answer)


def call(mode: str, files: tuple[Any, Any, Recorder], method: str, *args: Any, **kwargs: Any) -> Any:
    sync, asynchronous, _ = files
    if mode == "sync":
        return getattr(sync.files, method)(*args, **kwargs)
    return asyncio.run(getattr(asynchronous.files, method)(*args, **kwargs))


def test_binary_response_is_bytes_with_the_spec_accept(mode: str, files: Any) -> None:
    assert call(mode, files, "read_file", "a.bin") == BLOB
    assert files[2].last.headers["Accept"] == "application/octet-stream"


def test_text_response_is_str(mode: str, files: Any) -> None:
    assert call(mode, files, "read_table", "t", columns=["a", "b"]) == "a,b\n1,2\n"
    assert files[2].last.headers["Accept"] == "text/csv"
    assert files[2].last.url.query == b"columns=a&columns=b"


def test_streamed_response_in_chunks_and_to_a_file(mode: str, files: Any, tmp_path: Path) -> None:
    sync, asynchronous, _ = files
    if mode == "sync":
        with sync.files.read_file_stream("a.bin") as response:
            chunks = list(response.iter_bytes(65536))
        with sync.files.read_file_stream("a.bin") as response:
            written = response.write_to(tmp_path / "out.bin")
    else:

        async def main() -> tuple[list[bytes], int]:
            async with asynchronous.files.read_file_stream("a.bin") as response:
                found = [chunk async for chunk in response.iter_bytes(65536)]
            async with asynchronous.files.read_file_stream("a.bin") as response:
                return found, await response.write_to(tmp_path / "out.bin")

        chunks, written = asyncio.run(main())
    assert len(chunks) == 4
    assert b"".join(chunks) == BLOB
    assert written == len(BLOB)
    assert (tmp_path / "out.bin").read_bytes() == BLOB


def test_binary_upload_from_bytes_file_and_iterator(mode: str, files: Any) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"ab"
        yield b"cd"

    for content, expected in ((b"raw", b"raw"), (io.BytesIO(b"from a file"), b"from a file"), (chunks(), b"abcd")):
        stored = call(mode, files, "upload_file", "a.bin", content, overwrite=True)
        request = files[2].last
        assert request.content == expected
        assert request.headers["Content-Type"] == "application/octet-stream"
        assert request.url.query == b"overwrite=true"
        assert stored.size == len(expected)


def test_multipart_upload_has_typed_fields_and_the_file(mode: str, files: Any, golden_sdks: dict[str, Path]) -> None:
    models = sdk(golden_sdks, "files_sdk").models
    core = __import__("files_sdk._core", fromlist=["File"])
    upload = core.File(b"\x89PNG", filename="logo.png", content_type="image/png")
    call(mode, files, "upload_asset", "logo", upload, tags=["a", "b"], public=False, meta=models.AssetMeta(source="s"))
    request = files[2].last
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    text = request.content.decode("latin-1")
    for part in (
        'name="name"\r\n\r\nlogo\r\n',
        'name="tags"\r\n\r\na\r\n',
        'name="tags"\r\n\r\nb\r\n',
        'name="public"\r\n\r\nfalse\r\n',
        'name="meta"\r\nContent-Type: application/json\r\n\r\n{"source":"s"}\r\n',
        'name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n',
    ):
        assert part in text


def test_urlencoded_form(mode: str, files: Any) -> None:
    assert call(mode, files, "sign_in", "k&1", scopes=["r", "w"]) is None
    request = files[2].last
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.content == b"api_key=k%261&scopes=r&scopes=w"


def test_single_item_envelope_by_key(mode: str, files: Any) -> None:
    record = call(mode, files, "get_record", "r1")
    assert type(record).__name__ == "Record"
    assert (record.gid, record.title) == ("r1", "T")


def test_single_item_envelope_by_value(mode: str, files: Any) -> None:
    stored = call(mode, files, "get_file_info", "a.bin")
    assert (stored.path, stored.size) == ("a.bin", 3)


def test_an_envelope_without_the_item_is_a_clear_error(golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "files_sdk")
    empty = {"success": True, "result": {"record": "r9"}, "data": {"records": {}}}
    sync, _, _ = clients(module, "Files", lambda request: httpx.Response(200, json=empty))
    with pytest.raises(
        module.errors.ApiResponseValidationError, match=r"holds no Record at /data/records/</result/record>"
    ):
        sync.files.get_record("r9")


def test_an_error_body_on_a_stream_raises_its_error(golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "files_sdk")
    failure = {"success": False, "result": {"code": 404, "message": "no such file"}, "data": {}}
    sync, _, _ = clients(module, "Files", lambda request: httpx.Response(404, json=failure))
    with pytest.raises(module.errors.NotFoundError), sync.files.read_file_stream("gone"):
        pass

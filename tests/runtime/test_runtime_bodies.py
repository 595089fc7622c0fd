"""Non-JSON request bodies, header and cookie parameters, query styles and the Accept header."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterator

import httpx
import pytest

from generator.runtime import (
    AsyncApiClient,
    Call,
    File,
    FormBody,
    MultipartBody,
    Operation,
    RawBody,
    ServiceUnavailableError,
    SyncApiClient,
)

UPLOAD = Operation(operation_id="upload", method="POST", path="/files", safe_to_retry=True)
SEEN: list[httpx.Request] = []


def recorder(status: int = 204) -> Callable[[httpx.Request], httpx.Response]:
    SEEN.clear()

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        SEEN.append(request)
        return httpx.Response(status)

    return handler


def test_raw_bytes_go_out_with_the_spec_media_type(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    client.request(UPLOAD, Call(body=RawBody(b"\x00\x01binary", "application/octet-stream")))
    assert SEEN[0].content == b"\x00\x01binary"
    assert SEEN[0].headers["Content-Type"] == "application/octet-stream"


def test_a_file_object_is_streamed_in_chunks_with_its_length(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    data = bytes(range(256)) * 1000
    client.request(UPLOAD, Call(body=RawBody(io.BytesIO(data), "text/csv")))
    assert SEEN[0].content == data
    assert SEEN[0].headers["Content-Length"] == str(len(data))
    assert SEEN[0].headers["Content-Type"] == "text/csv"


def test_an_iterator_of_chunks_is_sent_chunked(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())

    def chunks() -> Iterator[bytes]:
        yield b"abc"
        yield b"def"

    client.request(UPLOAD, Call(body=RawBody(chunks(), "application/octet-stream")))
    assert SEEN[0].content == b"abcdef"
    assert SEEN[0].headers.get("Transfer-Encoding") == "chunked"


def test_a_seekable_file_is_rewound_before_a_retry(make_client: Callable[..., SyncApiClient]) -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        return httpx.Response(503 if len(bodies) == 1 else 204)

    client = make_client(handler)
    client.request(UPLOAD, Call(body=RawBody(io.BytesIO(b"payload"), "application/octet-stream")))
    assert bodies == [b"payload", b"payload"]


def test_a_one_shot_iterator_is_never_retried(make_client: Callable[..., SyncApiClient]) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        calls.append(1)
        return httpx.Response(503)

    client = make_client(handler)
    with pytest.raises(ServiceUnavailableError) as caught:
        client.request(UPLOAD, Call(body=RawBody(iter([b"x"]), "application/octet-stream")))
    assert caught.value.status_code == 503
    assert len(calls) == 1


def test_urlencoded_form_repeats_lists_and_drops_none(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    client.request(UPLOAD, Call(body=FormBody({"name": "a b", "tags": ["x", "y"], "flag": True, "skip": None})))
    assert SEEN[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert SEEN[0].content == b"name=a+b&tags=x&tags=y&flag=true"


def test_multipart_has_typed_fields_and_file_parts(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    body = MultipartBody(
        {"title": "report", "count": 3, "meta": {"k": "v"}},
        {"file": File(b"a,b\n1,2\n", filename="t.csv", content_type="text/csv"), "other": io.BytesIO(b"raw")},
    )
    client.request(UPLOAD, Call(body=body))
    request = SEEN[0]
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    text = request.content.decode()
    assert 'name="title"\r\n\r\nreport\r\n' in text
    assert 'name="count"\r\n\r\n3\r\n' in text
    assert 'name="meta"\r\nContent-Type: application/json\r\n\r\n{"k":"v"}\r\n' in text
    assert 'name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n' in text
    assert 'name="other"; filename="other"\r\nContent-Type: application/octet-stream\r\n\r\nraw\r\n' in text


def test_multipart_without_files_is_still_multipart(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    client.request(UPLOAD, Call(body=MultipartBody({"title": "x"})))
    assert SEEN[0].headers["Content-Type"].startswith("multipart/form-data")


def test_json_and_another_body_together_are_refused(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    with pytest.raises(TypeError, match="either a JSON body or another body"):
        client.request(UPLOAD, Call(json={}, body=RawBody(b"", "text/plain")))


def test_header_and_cookie_parameters(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    client.request(UPLOAD, Call(headers={"X-Trace": "t1", "X-Ids": [1, 2], "X-None": None}, cookies={"session": "a b"}))
    assert SEEN[0].headers["X-Trace"] == "t1"
    assert SEEN[0].headers["X-Ids"] == "1,2"
    assert "X-None" not in SEEN[0].headers
    assert SEEN[0].headers["Cookie"] == "session=a%20b"


def test_a_header_value_with_a_line_break_is_refused(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(recorder())
    with pytest.raises(ValueError, match="line break"):
        client.request(UPLOAD, Call(headers={"X-Trace": "a\r\nInjected: 1"}))


def test_query_arrays_follow_style_and_explode(make_client: Callable[..., SyncApiClient]) -> None:
    op = Operation(
        operation_id="list",
        method="GET",
        path="/things",
        query_delimiters={"csv": ",", "spaced": " ", "piped": "|"},
    )
    client = make_client(recorder(200))
    client.request(op, Call(query={"csv": ["a", "b"], "spaced": [1, 2], "piped": ["x", "y"], "multi": ["m", "n"]}))
    assert SEEN[0].url.query == b"csv=a,b&spaced=1%202&piped=x|y&multi=m&multi=n"  # delimiters as the style table shows


def test_accept_comes_from_the_operation(make_client: Callable[..., SyncApiClient]) -> None:
    op = Operation(operation_id="csv", method="GET", path="/t", accept="text/csv")
    client = make_client(recorder(200))
    client.request(op)
    assert SEEN[0].headers["Accept"] == "text/csv"


def test_async_client_streams_a_file_and_an_iterator(make_async_client: Callable[..., AsyncApiClient]) -> None:
    client = make_async_client(recorder())

    def chunks() -> Iterator[bytes]:
        yield b"one"
        yield b"two"

    async def main() -> None:
        await client.request(UPLOAD, Call(body=RawBody(io.BytesIO(b"filedata"), "application/octet-stream")))
        await client.request(UPLOAD, Call(body=RawBody(chunks(), "application/octet-stream")))
        await client.request(UPLOAD, Call(body=MultipartBody({"a": "1"}, {"f": b"xyz"})))

    asyncio.run(main())
    assert [r.content for r in SEEN[:2]] == [b"filedata", b"onetwo"]
    assert b'name="f"; filename="f"' in SEEN[2].content

"""Request bodies on the wire: optional bodies, merge patches, +json media, per-part encoding, styled forms."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel

from generator.runtime import (
    NOT_GIVEN,
    AsyncApiClient,
    Call,
    File,
    FormBody,
    MultipartBody,
    Operation,
    ParamStyle,
    PartEncoding,
    SyncApiClient,
    dump_patch,
    given,
)

CREATE = Operation(operation_id="create", method="POST", path="/things")
PATCH = Operation(operation_id="patch", method="PATCH", path="/things/1", request_media="application/merge-patch+json")


def sent_by_both(
    make_client: Callable[..., SyncApiClient],
    make_async_client: Callable[..., AsyncApiClient],
    operation: Operation,
    call: Call,
) -> list[httpx.Request]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(204)

    make_client(handler).request(operation, call)
    asyncio.run(make_async_client(handler).request(operation, call))
    return seen


def test_an_optional_body_not_given_sends_no_body_and_no_content_type(make_client: Any, make_async_client: Any) -> None:
    for request in sent_by_both(make_client, make_async_client, CREATE, Call()):
        assert request.content == b"" and "Content-Type" not in request.headers
    for request in sent_by_both(make_client, make_async_client, PATCH, Call()):
        assert request.content == b"" and "Content-Type" not in request.headers


class Change(BaseModel):
    name: str | None = None
    size: int | None = None
    note: str | None = None


def test_a_merge_patch_sends_null_for_none_and_leaves_out_what_was_not_passed(
    make_client: Any, make_async_client: Any
) -> None:
    assert dump_patch(given({"name": None, "size": NOT_GIVEN, "note": "n"})) == {"name": None, "note": "n"}
    body = dump_patch(Change(**given({"name": None, "size": NOT_GIVEN, "note": "n"})))
    assert body == {"name": None, "note": "n"}
    for request in sent_by_both(make_client, make_async_client, PATCH, Call(json=body)):
        assert request.headers["Content-Type"] == "application/merge-patch+json"
        assert request.content == b'{"name":null,"note":"n"}'
    assert not NOT_GIVEN and repr(NOT_GIVEN) == "NOT_GIVEN"


def test_a_vendor_json_body_goes_with_its_media_type(make_client: Any, make_async_client: Any) -> None:
    vendor = Operation(operation_id="v", method="POST", path="/v", request_media="application/vnd.acme.v2+json")
    for request in sent_by_both(make_client, make_async_client, vendor, Call(json={"a": 1})):
        assert request.headers["Content-Type"] == "application/vnd.acme.v2+json"
        assert request.content == b'{"a":1}'


def test_multipart_parts_follow_their_encoding(make_client: Any, make_async_client: Any) -> None:
    body = MultipartBody(
        {"meta": {"k": "v"}, "note": "plain", "count": 3},
        {"file": io.BytesIO(b"PNG"), "doc": File(b"x", filename="d.txt", content_type="text/plain")},
        encoding={
            "note": PartEncoding(content_type="text/markdown", headers={"X-Part": "1"}),
            "count": PartEncoding(content_type="application/vnd.count+json"),
            "file": PartEncoding(content_type="image/png", headers={"X-Rate": "2"}),
            "doc": PartEncoding(content_type="application/pdf"),
        },
    )
    for request in sent_by_both(make_client, make_async_client, CREATE, Call(body=body)):
        text = request.content.decode()
        assert 'name="meta"\r\nContent-Type: application/json\r\n\r\n{"k":"v"}\r\n' in text
        assert 'name="note"\r\nX-Part: 1\r\nContent-Type: text/markdown\r\n\r\nplain\r\n' in text
        assert 'name="count"\r\nContent-Type: application/vnd.count+json\r\n\r\n3\r\n' in text
        assert 'name="file"; filename="file"\r\nX-Rate: 2\r\nContent-Type: image/png\r\n\r\nPNG\r\n' in text
        assert 'filename="d.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n' in text  # the file's own type wins


def test_form_fields_follow_their_style(make_client: Any, make_async_client: Any) -> None:
    body = FormBody(
        {"filter": {"min": 1, "tag": "a b"}, "ids": [1, 2], "csv": ["x", "y"], "plain": ["p", "q"], "name": "a b"},
        encoding={
            "filter": PartEncoding(style=ParamStyle("deepObject", True)),
            "ids": PartEncoding(style=ParamStyle("pipeDelimited", False)),
            "csv": PartEncoding(style=ParamStyle("form", False)),
        },
    )
    for request in sent_by_both(make_client, make_async_client, CREATE, Call(body=body)):
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert request.content == b"filter[min]=1&filter[tag]=a%20b&ids=1|2&csv=x,y&plain=p&plain=q&name=a+b"


def test_not_given_stays_itself() -> None:
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN and copy.copy(NOT_GIVEN) is NOT_GIVEN


def test_a_part_of_a_declared_list_of_types_takes_the_one_its_file_name_suggests() -> None:
    from generator.runtime._request_body import part_media

    allowed = "image/*, application/pdf"
    assert part_media(allowed, "photo.png") == "image/png"
    assert part_media(allowed, "manual.pdf") == "application/pdf"
    assert part_media(allowed, "notes.txt") == "application/pdf"  # not allowed: the first concrete type
    assert part_media(allowed, None) == "application/pdf"
    assert part_media("image/*", "data.bin") is None  # nothing concrete: the caller's default
    assert part_media("text/csv", "photo.png") == "text/csv"  # one type: as declared
    assert part_media(None, "photo.png") is None


def test_merge_patch_values_are_json_ready_and_an_optional_patch_of_nothing_is_no_body() -> None:
    import datetime as dt

    when = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    patch = dump_patch({"at": when, "items": [Change(name="x")], "gone": None, "kept": NOT_GIVEN})
    assert patch == {"at": "2024-01-02T03:04:05Z", "items": [{"name": "x"}], "gone": None}
    assert dump_patch({"a": NOT_GIVEN}, optional=True) is None
    assert dump_patch({"a": NOT_GIVEN}) == {}
    assert dump_patch({"a": None}, optional=True) == {"a": None}

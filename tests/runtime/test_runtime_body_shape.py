"""BodyShape: the parts of a body at JSON pointers, validated from the bytes, or None so the caller diagnoses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import ApiDecodeError, ApiResponseValidationError, BatchSpec, SyncApiClient
from generator.runtime._body_shape import BodyShape, body_shape
from generator.runtime._response import ApiResponse
from tests.runtime.test_runtime_batch import GET_BATCH, SPEC, Record


class Item(BaseModel):
    id: int


def response(content: bytes | str) -> ApiResponse:
    raw = content.encode() if isinstance(content, str) else content
    return ApiResponse(httpx.Response(200, content=raw), operation_id="op", elapsed=dt.timedelta(0))


def test_nested_and_escaped_pointers_read_only_their_parts() -> None:
    shape = BodyShape({"items": ("/result/a~1b", list[Item]), "next": ("/result/page.cursor", Any)})
    body = '{"result": {"a/b": [{"id": 1}, {"id": "2"}], "page.cursor": 7, "other": [1, 2]}, "extra": {}}'
    assert shape.read(response(body)) == {"items": [Item(id=1), Item(id=2)], "next": 7}
    assert shape.read(response('{"result": null}')) == {"items": None, "next": None}
    assert shape.read(response("{}")) == {"items": None, "next": None}


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",  # not an object at the root
        '{"result": "text"}',  # not an object along the pointer
        '{"result": {"a/b": [{"id": "x"}]}}',  # an item that does not validate
    ],
)
def test_a_body_that_does_not_fit_gives_none(body: str) -> None:
    shape = BodyShape({"items": ("/result/a~1b", list[Item]), "next": ("/result/page.cursor", Any)})
    assert shape.read(response(body)) is None


def test_pointers_that_cannot_be_one_object_make_an_unusable_shape() -> None:
    assert not BodyShape({"all": ("", list[Item])}).usable
    assert not BodyShape({"outer": ("/a", Any), "inner": ("/a/b", Any)}).usable
    assert not BodyShape({"inner": ("/a/b", Any), "outer": ("/a", Any)}).usable
    assert BodyShape({"inner": ("/a/b", Any), "sibling": ("/a/c", Any)}).usable
    assert body_shape(("x", "", Item)).read(response('{"id": 1}')) is None  # the caller falls back


def test_shapes_are_cached_and_an_unhashable_type_gets_the_generic_reader(
    make_client: Callable[..., SyncApiClient],
) -> None:
    assert body_shape(("m", "/data", dict[str, Item])) is body_shape(("m", "/data", dict[str, Item]))
    unhashable: Any = Annotated[Record, {"unhashable": "metadata"}]
    assert not body_shape(("m", "/data", dict[str, unhashable])).usable
    client = make_client(lambda request: httpx.Response(200, json={"data": {"r1": {"rid": "r1"}}}))
    assert client.batch(GET_BATCH, SPEC, ["r1"], value_type=unhashable) == {"r1": Record(rid="r1")}


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ('{"data": {"r1": {"nope": 1}}}', ApiResponseValidationError, r"dict\[str, Record\] at /data: .*r1\.rid"),
        ("<html>oops</html>", ApiDecodeError, "not valid JSON"),
    ],
)
def test_a_batch_body_that_does_not_fit_is_diagnosed_by_the_generic_reader(
    make_client: Callable[..., SyncApiClient], body: str, error: type[Exception], message: str
) -> None:
    client = make_client(lambda request: httpx.Response(200, content=body.encode()))
    with pytest.raises(error, match=message):
        client.batch(GET_BATCH, SPEC, ["r1"], value_type=Record)


def test_a_batch_map_at_the_root_uses_the_generic_reader(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(lambda request: httpx.Response(200, json={"r1": {"rid": "r1"}}))
    found = client.batch(GET_BATCH, BatchSpec(max_size=10, item_key="recordRid", merge=""), ["r1"], value_type=Record)
    assert found == {"r1": Record(rid="r1")}

"""Parameter styles against the OpenAPI 3.1 spec's style table (`color`: "blue", an array, an object)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import AsyncApiClient, Call, Operation, ParamStyle, SyncApiClient
from generator.runtime._params import cookie_pairs, expand_path, header_value, query_fragments

EMPTY = ""
STRING = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}
NA = None

# style, explode: the "empty", string, array and object columns of the spec's table (NA: not applicable).
PATH_TABLE = [
    ("matrix", False, ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
    ("matrix", True, ";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"),
    ("label", False, ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("label", True, ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("simple", False, NA, "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True, NA, "blue", "blue,black,brown", "R=100,G=200,B=150"),
]
QUERY_TABLE = [
    ("form", False, "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"),
    ("form", True, "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
    ("spaceDelimited", False, NA, NA, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"),
    ("pipeDelimited", False, NA, NA, "color=blue|black|brown", "color=R|100|G|200|B|150"),
    (
        "deepObject",
        True,
        NA,
        NA,
        "color[0]=blue&color[1]=black&color[2]=brown",
        "color[R]=100&color[G]=200&color[B]=150",
    ),
]
# The spec's table has no deepObject array: the column above is the convention of indices (see _params).


def cases(table: list[tuple[Any, ...]]) -> list[tuple[str, bool, Any, str]]:
    return [
        (style, explode, value, expected)
        for style, explode, *columns in table
        for value, expected in zip((EMPTY, STRING, ARRAY, OBJECT), columns, strict=True)
        if expected is not NA
    ]


@pytest.mark.parametrize(("style", "explode", "value", "expected"), cases(PATH_TABLE))
def test_path_styles_match_the_spec_table(style: Any, explode: bool, value: Any, expected: str) -> None:
    assert expand_path("color", value, ParamStyle(style, explode)) == expected


@pytest.mark.parametrize(("style", "explode", "value", "expected"), cases(QUERY_TABLE))
def test_query_styles_match_the_spec_table(style: Any, explode: bool, value: Any, expected: str) -> None:
    assert "&".join(query_fragments("color", value, ParamStyle(style, explode))) == expected


def test_defaults_values_and_encoding() -> None:
    assert ParamStyle().exploded and not ParamStyle("simple").exploded
    assert query_fragments("q", "a b&c/d") == ["q=a%20b%26c%2Fd"]
    assert query_fragments("q", "a/b?", ParamStyle(allow_reserved=True)) == ["q=a/b?"]
    assert query_fragments("q", ["a,b", "c"], ParamStyle(explode=False)) == ["q=a%2Cb,c"]  # a value's comma is data
    assert query_fragments("q", None) == [] and query_fragments("q", [None]) == []
    assert query_fragments("f", {"a": {"b": 1}, "c": [1, None, 2]}, ParamStyle("deepObject", True)) == [
        "f[a][b]=1",
        "f[c][0]=1",
        "f[c][1]=2",
    ]
    line_items = [{"price": "p 1", "quantity": 2}, None, {"price": "p2", "tags": ["a", "b"]}]
    assert query_fragments("line_items", line_items, ParamStyle("deepObject", True)) == [
        "line_items[0][price]=p%201",
        "line_items[0][quantity]=2",
        "line_items[1][price]=p2",
        "line_items[1][tags][0]=a",
        "line_items[1][tags][1]=b",
    ]
    assert query_fragments("f", [], ParamStyle("deepObject", True)) == []
    assert query_fragments("q", {"k": [1, "x"]}, ParamStyle(content="application/json")) == [
        "q=%7B%22k%22%3A%5B1%2C%22x%22%5D%7D"
    ]
    assert expand_path("id", "a/b c") == "a%2Fb%20c"
    assert header_value(["a", "b"]) == "a,b" and header_value({"a": 1}, ParamStyle("simple", True)) == "a=1"
    assert cookie_pairs("c", ["a", "b"]) == ["c=a", "c=b"]
    assert cookie_pairs("c", ["a", "b"], ParamStyle(explode=False)) == ["c=a,b"]
    assert query_fragments("f", 1, ParamStyle("deepObject", True)) == ["f=1"]  # the base case (Stripe's scalars)
    with pytest.raises(ValueError, match="not a path style"):
        expand_path("f", 1, ParamStyle("form"))


class Filter(BaseModel):
    min_price: int | None = None
    tag: str | None = None

    model_config = {"populate_by_name": True, "alias_generator": lambda name: name.replace("_", "-")}


STYLED = Operation(
    operation_id="styled",
    method="GET",
    path="/items/{id}/{coords}",
    param_styles={
        ("path", "id"): ParamStyle("label", True),
        ("path", "coords"): ParamStyle("matrix", True),
        ("query", "filter"): ParamStyle("deepObject", True),
        ("query", "ids"): ParamStyle("pipeDelimited", False),
        ("query", "where"): ParamStyle(content="application/json"),
        ("header", "X-Point"): ParamStyle("simple", True),
    },
)
ARGUMENTS = Call(
    path_params={"id": ["a", "b"], "coords": {"x": 1, "y": 2}},
    query={"filter": Filter(min_price=5), "ids": [1, 2], "where": {"a": 1}},
    headers={"X-Point": {"x": 1, "y": 2}},
)
WIRE_PATH = "/api/items/.a.b/;x=1;y=2"
WIRE_QUERY = b"filter[min-price]=5&ids=1|2&where=%7B%22a%22%3A1%7D"


def test_styles_reach_the_wire_sync_and_async(
    make_client: Callable[..., SyncApiClient], make_async_client: Callable[..., AsyncApiClient]
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    make_client(handler).request(STYLED, ARGUMENTS)
    asyncio.run(make_async_client(handler).request(STYLED, ARGUMENTS))
    for request in seen:
        assert request.url.raw_path.split(b"?")[0].decode() == WIRE_PATH
        assert request.url.query == WIRE_QUERY
        assert request.headers["X-Point"] == "x=1,y=2"
    assert len(seen) == 2

"""The `operations` golden case's SDK, sync and async: every JSON shape of a request and a response."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.conftest import Recorder, clients, sdk

ITEM = {"id": "i1", "name": "First", "tags": ["a"]}


def answer(request: httpx.Request) -> httpx.Response:
    """The server of the test: one answer per path and method."""
    path, method = request.url.path, request.method
    if path == "/api/items/counts":
        return httpx.Response(200, json={"a": 2})
    if path == "/api/items" and method == "GET":
        return httpx.Response(200, json=[ITEM, {"id": "i2", "name": "Second"}])
    if path == "/api/items" and method == "POST":
        return httpx.Response(201, json={**json.loads(request.content), "id": "new"})
    if path == "/api/items/import":
        return httpx.Response(202, json={"jobId": "j1"})
    if path.endswith("/touch"):
        return httpx.Response(200)
    if path.endswith("/history"):
        return httpx.Response(206, json={"events": ["made"], "next": None})
    if path.startswith("/api/shapes/"):
        return httpx.Response(200, json={"kind": "square", "side": 2})
    if method == "DELETE":
        return httpx.Response(204)
    if method == "PUT":
        return httpx.Response(200, json={"id": "i1", "changed": True, "extra": {"any": 1}})
    return httpx.Response(200, json=ITEM)


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, golden_sdks: dict[str, Path]) -> Callable[..., Any]:
    """Call `resource.method(*args, **kwargs)` on the sync or the async client; returns (result, recorder)."""
    module = sdk(golden_sdks, "ops_sdk")
    sync, asynchronous, recorder = clients(module, "Ops", answer)

    def call(method: str, *args: Any, **kwargs: Any) -> tuple[Any, Recorder]:
        if request.param == "sync":
            return getattr(sync.items, method)(*args, **kwargs), recorder
        return asyncio.run(getattr(asynchronous.items, method)(*args, **kwargs)), recorder

    return call


def test_one_object_with_header_cookie_and_comma_array(run: Callable[..., Any]) -> None:
    item, seen = run("get_item", "i/1", x_request_id="r-9", fields=["id", "name"], session="s 1")
    assert (item.id, item.name, item.tags) == ("i1", "First", ["a"])
    request = seen.last
    assert request.url.raw_path == b"/api/items/i%2F1?fields=id,name"  # the delimiter as the style table shows it
    assert request.headers["X-Request-Id"] == "r-9"
    assert request.headers["Cookie"] == "session=s%201"
    assert request.headers["Accept"] == "application/json"


def test_inline_body_and_inline_response(run: Callable[..., Any]) -> None:
    result, seen = run("replace_item", "i1", "New", tags=["x"])
    assert json.loads(seen.last.content) == {"name": "New", "tags": ["x"]}
    assert type(result).__name__ == "ReplaceItemResponse"
    assert (result.id, result.changed, result.extra) == ("i1", True, {"any": 1})


def test_204_returns_none(run: Callable[..., Any]) -> None:
    result, seen = run("delete_item", "i1")
    assert result is None
    assert seen.last.method == "DELETE"
    assert seen.last.content == b""


def test_map_response(run: Callable[..., Any]) -> None:
    counts, _ = run("count_items")
    assert counts == {"a": 2}


def test_list_response_and_styled_array_queries(run: Callable[..., Any]) -> None:
    items, seen = run("list_items", tag=["a", "b"], ids=["x", "y"], sizes=[1, 2], limit=5)
    assert [i.id for i in items] == ["i1", "i2"]
    assert seen.last.url.query == b"tag=a&tag=b&ids=x%20y&sizes=1|2&limit=5"


def test_component_body_fields_and_201(run: Callable[..., Any]) -> None:
    item, seen = run("create_item", "Made", tags=["t"])
    assert json.loads(seen.last.content) == {"name": "Made", "tags": ["t"]}
    assert (item.id, item.name) == ("new", "Made")


def test_array_component_body_and_202(run: Callable[..., Any], golden_sdks: dict[str, Path]) -> None:
    models = sdk(golden_sdks, "ops_sdk").models
    job, seen = run("import_items", [models.NewItem(name="a"), models.NewItem(name="b", tags=[])])
    assert json.loads(seen.last.content) == [{"name": "a"}, {"name": "b", "tags": []}]
    assert job.job_id == "j1"


def test_no_body_either_way(run: Callable[..., Any]) -> None:
    result, seen = run("touch_item", "i1")
    assert result is None
    assert (seen.last.method, seen.last.url.path) == ("POST", "/api/items/i1/touch")


def test_206_with_a_nullable_field(run: Callable[..., Any]) -> None:
    history, _ = run("get_item_history", "i1")
    assert (history.events, history.next) == (["made"], None)


def test_union_response(run: Callable[..., Any], golden_sdks: dict[str, Path]) -> None:
    shape, _ = run("get_shape", "s1")
    assert type(shape).__name__ == "Square"
    assert shape.side == 2


def test_a_required_header_is_required(run: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match="x_request_id"):
        run("get_item", "i1")

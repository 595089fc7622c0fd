"""Cursor pagination: query and body cursors, lookups into collections, totals, endings, the repeat guard."""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    ApiResponseValidationError,
    AsyncApiClient,
    Call,
    LookupSpec,
    Operation,
    Page,
    PaginationError,
    PaginationSpec,
    SyncApiClient,
)


class File(BaseModel):
    path: str


class Record(BaseModel):
    gid: str
    name: str


class Definition(BaseModel):
    gid: str
    label: str


class Klass(BaseModel):
    gid: str
    fields: list[str]


LIST_FILES = Operation(
    operation_id="listFiles", method="GET", path="/v1/datasets/{datasetRid}/files", safe_to_retry=True
)
FILES_PAGES = PaginationSpec(
    cursor_param="pageToken",
    cursor_in="query",
    next_cursor="/nextPageToken",
    items="/data",
    page_size_param="pageSize",
    page_size_in="query",
)
BULK_GET = Operation(operation_id="bulkGetRecords", method="POST", path="/p/{project_gid}/records/bulk/get")
RECORD_PAGES = PaginationSpec(
    cursor_param="page.cursor",
    cursor_in="body",
    next_cursor="/result/page.cursor",
    items="/result/records",
    page_size_param="page.size",
    page_size_in="body",
    total="/result/records.size",
    lookup=LookupSpec(collections={"default": "/data/records"}),
)
SCHEMA_PAGES = PaginationSpec(
    cursor_param="page.cursor",
    cursor_in="body",
    next_cursor="/result/page.cursor",
    items="/result/schema_items",
    lookup=LookupSpec(key="item", by="type", collections={"definition": "/data/definitions", "class": "/data/classes"}),
)

FILE_PAGES = {None: (["a", "b", "c"], "t1"), "t1": (["d", "e", "f"], "t2"), "t2": (["g"], None)}


def files_server(
    pages: dict[Any, tuple[list[str], Any]] = FILE_PAGES,
) -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        paths, next_token = pages[request.url.params.get("pageToken")]
        body: dict[str, Any] = {"data": [{"path": p} for p in paths]}
        if next_token is not None:
            body["nextPageToken"] = next_token
        return httpx.Response(200, json=body)

    return requests, handler


RECORD_PAGES_BY_CURSOR: dict[Any, tuple[list[str], Any]] = {
    None: (["r1", "r2"], 7),
    7: (["r3", "ghost", "r4"], 9),
    9: (["r5"], None),
}


def records_server(
    pages: dict[Any, tuple[list[str], Any]] = RECORD_PAGES_BY_CURSOR,
) -> tuple[list[dict[str, Any]], Callable[[httpx.Request], httpx.Response]]:
    """Unicat-style: gids in result.records, objects in data.records, an int cursor under `page.cursor`."""
    bodies: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        gids, cursor = pages[body.get("page.cursor")]
        records = {g: {"gid": g, "name": g.upper()} for g in gids if g != "ghost"}
        result = {"records": gids, "records.size": 5, "page.cursor": cursor}
        return httpx.Response(200, json={"success": True, "result": result, "data": {"records": records}})

    return bodies, handler


def test_query_cursor_walks_three_pages_lazily(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = files_server()
    pager = make_client(handler).paginate(
        LIST_FILES,
        FILES_PAGES,
        Call(path_params={"datasetRid": "ri.d"}, query={"branchId": "master"}),
        item_type=File,
        page_size=3,
    )
    assert requests == []  # nothing is fetched before iteration
    paths = [f.path for f in pager]
    assert paths == ["a", "b", "c", "d", "e", "f", "g"]
    assert [r.url.params.get("pageToken") for r in requests] == [None, "t1", "t2"]
    assert all(r.url.params["pageSize"] == "3" and r.url.params["branchId"] == "master" for r in requests)
    assert all(r.url.path == "/api/v1/datasets/ri.d/files" for r in requests)


def test_pages_expose_items_cursor_and_response(make_client: Callable[..., SyncApiClient]) -> None:
    _, handler = files_server()
    pages = list(
        make_client(handler)
        .paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File)
        .pages()
    )
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [p.next_cursor for p in pages] == ["t1", "t2", None]
    assert [p.has_next for p in pages] == [True, True, False]
    assert all(isinstance(p, Page) and p.response.status_code == 200 for p in pages)
    assert isinstance(pages[0].items[0], File)


def test_iterating_again_starts_over(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = files_server()
    pager = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    assert len(list(pager)) == len(list(pager)) == 7
    assert len(requests) == 6


@pytest.mark.parametrize("last", ["null", "empty", "absent"])
def test_listing_ends_on_null_empty_or_absent_cursor(last: str, make_client: Callable[..., SyncApiClient]) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if "pageToken" not in request.url.params:
            return httpx.Response(200, json={"data": [{"path": "a"}], "nextPageToken": "t1"})
        body: dict[str, Any] = {"data": [{"path": "b"}]}
        if last != "absent":
            body["nextPageToken"] = None if last == "null" else ""
        return httpx.Response(200, json=body)

    items = list(
        make_client(handler).paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File)
    )
    assert [i.path for i in items] == ["a", "b"]
    assert len(requests) == 2


def test_repeated_cursor_raises_instead_of_looping(make_client: Callable[..., SyncApiClient]) -> None:
    requests, handler = files_server({None: (["a"], "same"), "same": (["b"], "same")})
    pager = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    seen: list[str] = []
    with pytest.raises(PaginationError, match='repeated cursor "same"'):
        seen.extend(f.path for f in pager)
    assert seen == ["a", "b"]
    assert len(requests) == 2


def test_body_cursor_uses_the_literal_dotted_key_and_lookup(make_client: Callable[..., SyncApiClient]) -> None:
    bodies, handler = records_server()
    pager = make_client(handler, path_defaults={"project_gid": "p1"}).paginate(
        BULK_GET, RECORD_PAGES, Call(json={"selection": ["all"]}), item_type=Record, page_size=2
    )
    assert pager.total is None
    records = list(pager)
    assert [r.gid for r in records] == ["r1", "r2", "r3", "r4", "r5"]  # "ghost" has no object: skipped
    assert pager.total == 5
    assert bodies[0] == {"selection": ["all"], "page.size": 2}
    assert bodies[1] == {"selection": ["all"], "page.size": 2, "page.cursor": 7}
    assert bodies[2]["page.cursor"] == 9
    assert all("page" not in b for b in bodies)


# Unicat's cursors are integers, and 0 is one of them: a falsy cursor is still a cursor.
ZERO_CURSOR_PAGES: dict[Any, tuple[list[str], Any]] = {None: (["r1"], 0), 0: (["r2"], None)}


def test_a_zero_cursor_is_sent_as_the_next_page(make_client: Callable[..., SyncApiClient]) -> None:
    bodies, handler = records_server(ZERO_CURSOR_PAGES)
    pager = make_client(handler, path_defaults={"project_gid": "p1"}).paginate(
        BULK_GET, RECORD_PAGES, Call(json={"selection": ["all"]}), item_type=Record
    )
    assert [r.gid for r in pager] == ["r1", "r2"]
    assert bodies == [{"selection": ["all"]}, {"selection": ["all"], "page.cursor": 0}]


def test_a_zero_query_cursor_is_sent(make_client: Callable[..., SyncApiClient]) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        token = request.url.params.get("pageToken")
        return httpx.Response(
            200, json={"data": [{"path": f"at-{token}"}], "nextPageToken": 0 if token is None else None}
        )

    pager = make_client(handler).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    assert [f.path for f in pager] == ["at-None", "at-0"]
    assert [r.url.params.get("pageToken") for r in requests] == [None, "0"]


def test_lookup_by_type_picks_the_collection_and_model(make_client: Callable[..., SyncApiClient]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        items = [
            {"type": "definition", "item": "d1"},
            {"type": "class", "item": "c1"},
            {"type": "field", "item": "f1"},  # no collection for it here: skipped
            {"type": "class", "item": "missing"},  # not in the collection: skipped
            {"type": "definition", "item": "d2"},
        ]
        data = {
            "definitions": {"d1": {"gid": "d1", "label": "One"}, "d2": {"gid": "d2", "label": "Two"}},
            "classes": {"c1": {"gid": "c1", "fields": ["f1"]}},
        }
        return httpx.Response(200, json={"result": {"schema_items": items, "page.cursor": None}, "data": data})

    op = Operation(operation_id="bulkGetSchema", method="POST", path="/schema/bulk/get")
    pager = make_client(handler).paginate(
        op, SCHEMA_PAGES, Call(json={}), item_type={"definition": Definition, "class": Klass}
    )
    items = list(pager)
    assert [type(i).__name__ for i in items] == ["Definition", "Klass", "Definition"]
    assert [i.gid for i in items] == ["d1", "c1", "d2"]


def test_item_type_mapping_needs_a_lookup_by(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(lambda request: httpx.Response(200, json={}))
    with pytest.raises(ValueError, match="lookup with `by`"):
        client.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type={"a": File})
    with pytest.raises(ValueError, match="no page size"):
        client.paginate(LIST_FILES, SCHEMA_PAGES, item_type=File, page_size=5)


def test_invalid_items_raise_validation_error(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(lambda request: httpx.Response(200, json={"data": [{"path": "ok"}, {"nope": 1}]}))
    pager = client.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File)
    with pytest.raises(
        ApiResponseValidationError, match=r"listFiles .*File at /data/1: 1 validation error: path: Field"
    ):
        list(pager)
    delivered = []
    with pytest.raises(ApiResponseValidationError):
        for file in pager:  # items are validated as they are reached: the valid first one still arrives
            delivered.append(file.path)
    assert delivered == ["ok"]
    with pytest.raises(ApiResponseValidationError, match=r"File at /data/1"):
        next(iter(pager.pages())).items


def test_page_items_are_validated_once_and_kept_but_iteration_keeps_nothing(
    make_client: Callable[..., SyncApiClient],
) -> None:
    client = make_client(lambda request: httpx.Response(200, json={"data": [{"path": "a"}, {"path": "b"}]}))
    page = next(
        iter(client.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File).pages())
    )
    assert len(page) == 2 and not page.has_next
    streamed = weakref.ref(next(iter(page)))
    gc.collect()
    assert streamed() is None  # nothing held the streamed item: the page did not keep it
    items = page.items
    assert [f.path for f in items] == ["a", "b"] and page.items is items
    assert [id(f) for f in page] == [id(f) for f in items]  # once kept, iteration returns the kept items


@pytest.mark.asyncio
async def test_async_pager_items_and_pages(make_async_client: Callable[..., AsyncApiClient]) -> None:
    requests, handler = files_server()
    client = make_async_client(handler)
    pager = client.paginate(LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File, page_size=3)
    assert requests == []
    assert [f.path async for f in pager] == ["a", "b", "c", "d", "e", "f", "g"]
    assert [p.next_cursor async for p in pager.pages()] == ["t1", "t2", None]
    assert len(requests) == 6


@pytest.mark.asyncio
async def test_async_body_cursor_total_and_repeat_guard(make_async_client: Callable[..., AsyncApiClient]) -> None:
    bodies, handler = records_server()
    pager = make_async_client(handler, path_defaults={"project_gid": "p1"}).paginate(
        BULK_GET, RECORD_PAGES, Call(json={"selection": ["all"]}), item_type=Record
    )
    assert [r.gid async for r in pager] == ["r1", "r2", "r3", "r4", "r5"]
    assert pager.total == 5
    assert [b.get("page.cursor") for b in bodies] == [None, 7, 9]

    _, looping = files_server({None: (["a"], "x"), "x": (["b"], "x")})
    async_pager = make_async_client(looping).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "d"}), item_type=File
    )
    with pytest.raises(PaginationError):
        [f async for f in async_pager]


@pytest.mark.asyncio
async def test_async_zero_cursor_is_sent_as_the_next_page(make_async_client: Callable[..., AsyncApiClient]) -> None:
    bodies, handler = records_server(ZERO_CURSOR_PAGES)
    pager = make_async_client(handler, path_defaults={"project_gid": "p1"}).paginate(
        BULK_GET, RECORD_PAGES, Call(json={"selection": ["all"]}), item_type=Record
    )
    assert [r.gid async for r in pager] == ["r1", "r2"]
    assert [b.get("page.cursor", "absent") for b in bodies] == ["absent", 0]

"""The generated Unicat SDK (sync and async) against the mock server over real HTTP."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import httpx
import pytest
import unicat_sdk
from unicat_sdk import _operations as ops
from unicat_sdk import errors
from unicat_sdk import models as um
from unicat_sdk._core import Call

from mockserver import MockServer
from mockserver.unicat_data import FEATURED, ROOT
from tests.e2e.conftest import BASE, EVERYTHING, TOKEN

DOCS_GIDS: list[um.SelectionItem] = [
    "96ec02b2-fb8d-4fb4-b952-fad0c4b88a74",
    "7c136ddb-4dfa-4ec1-bad4-15067cbf80d9",
    "726427c2-8c72-4d2e-a09b-937a6f16d3c0",
]
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def unicat_server() -> Iterator[MockServer]:
    with MockServer(BASE, renew_every=0) as running:
        yield running


@pytest.fixture
def client(unicat_server: MockServer) -> Iterator[unicat_sdk.UnicatClient]:
    project = unicat_server.unicat.project_gid
    with unicat_sdk.UnicatClient(base_url=unicat_server.url, token=TOKEN, project_gid=project, max_retries=0) as made:
        yield made


def test_bulk_get_by_gids_returns_the_docs_records(unicat_server: MockServer, client: unicat_sdk.UnicatClient) -> None:
    pager = client.records.bulk_get(DOCS_GIDS)
    records = list(pager)
    assert [str(r.gid) for r in records] == DOCS_GIDS and pager.total == 3
    link = records[2]
    assert records[1].backlinks is not None and records[1].fields is not None  # narrows: both optional in the spec
    assert (
        link.is_link
        and str(link.canonical) == DOCS_GIDS[1]
        and [str(b) for b in records[1].backlinks] == [DOCS_GIDS[2]]
    )
    assert records[1].fields["en"]["properties"] == [{"name": "Capacity", "value": "225 l"}]


def test_children_are_paged_by_cursor_in_their_ordering_without_loss_or_repeat(
    unicat_server: MockServer, client: unicat_sdk.UnicatClient
) -> None:
    data = unicat_server.unicat
    parent = max(data.records.values(), key=lambda r: r["childcount"])
    expected = [c["gid"] for c in data.children(parent["gid"])]
    pager = client.records.bulk_get([um.ChildrenSelector(children=parent["gid"])], page_size=3)
    pages = list(pager.pages())
    gids = [str(r.gid) for page in pages for r in page.items]
    assert gids == expected and len(set(gids)) == len(gids) == parent["childcount"]
    assert len(pages) == -(-len(expected) // 3) > 2 and pager.total == len(expected)
    alphabetical = um.ChildrenSelector(children=parent["gid"], ordering="alphabetical")
    ordered = [str(r.gid) for r in client.records.bulk_get([alphabetical])]
    assert ordered == sorted(expected, key=lambda g: data.records[g]["orderings"]["alphabetical"])
    in_webshop = um.ChildrenSelector(children=parent["gid"], channel="webshop", exclude=expected[:1])
    webshop = [str(r.gid) for r in client.records.bulk_get([in_webshop])]
    assert webshop == [g for g in expected[1:] if "webshop" in data.records[g]["channels"]]


def test_search_selection_with_text_filter_and_exclude(
    unicat_server: MockServer, client: unicat_sdk.UnicatClient
) -> None:
    hits = [str(r.gid) for r in client.records.bulk_get([um.SearchSelector(search=um.SearchQuery(q="+cms 225"))])]
    assert DOCS_GIDS[1] in hits and DOCS_GIDS[2] in hits and DOCS_GIDS[0] not in hits
    data = unicat_server.unicat
    article = next(g for g, d in data.definitions.items() if d["name"] == "article")
    expected = [g for g, r in data.records.items() if r["definition"] == article and r["status"] == "draft"]
    selection: list[um.SelectionItem] = [
        um.SearchSelector(
            search=um.SearchQuery(
                filter=["and", "", [["definition", "is", "article"], ["is_committed", "is_false", None]]]
            ),
            exclude=expected[:2],
        )
    ]
    found = [str(r.gid) for r in client.records.bulk_get(selection, page_size=4)]
    assert found == expected[2:] and len(expected) > 2


def test_invalid_gids_amend_the_total_as_pages_go(unicat_server: MockServer, client: unicat_sdk.UnicatClient) -> None:
    valid = list(unicat_server.unicat.records)[:5]
    selection: list[um.SelectionItem] = [
        valid[0],
        "not-a-gid",
        valid[1],
        UNKNOWN,
        valid[2],
        valid[3],
        valid[1],
        valid[4],
    ]
    pager = client.records.bulk_get(selection, page_size=2)
    pages = list(pager.pages())
    assert [[str(r.gid) for r in p.items] for p in pages] == [[valid[0]], [valid[1]], [valid[2], valid[3]], [valid[4]]]
    assert [p.total for p in pages] == [6, 5, 5, 5]  # 7 distinct entries; each invalid gid leaves the total once met
    assert pager.total == 5


def test_language_selects_the_languages_returned(client: unicat_sdk.UnicatClient) -> None:
    (record,) = client.records.bulk_get([DOCS_GIDS[1]], language="en")
    assert record.fields is not None  # narrows: optional in the spec
    assert record.title == {"en": "CMS 225"} and list(record.fields) == ["en"]
    (both,) = client.records.bulk_get([DOCS_GIDS[1]])
    assert both.title == {"nl": "CMS 225", "en": "CMS 225"}


def test_schema_items_resolve_to_their_kinds_and_page(
    unicat_server: MockServer, client: unicat_sdk.UnicatClient
) -> None:
    data = unicat_server.unicat
    gids: list[um.SchemaSelectionItem] = [
        next(iter(data.definitions)),
        next(iter(data.classes)),
        next(iter(data.fields)),
    ]
    assert [type(i) for i in client.schema.bulk_get(gids)] == [um.Definition, um.Class, um.FieldModel]
    pager = client.schema.bulk_get(
        [um.SearchSelector(search=um.SearchQuery(filter=["type", "is", "field"]))], page_size=6
    )
    names = [i.name for i in pager]
    assert names == [f["name"] for f in data.fields.values()] and pager.total == len(data.fields) > 12
    working = [
        i.name
        for i in client.schema.bulk_get(
            [um.SearchSelector(search=um.SearchQuery(q="spec", filter=["is_committed", "is_false", None]))]
        )
    ]
    assert working == [f["name"] for f in data.fields.values() if f["is_working_copy"]] and working


async def test_async_clients_page_records_and_schema(unicat_server: MockServer) -> None:
    data = unicat_server.unicat
    async with unicat_sdk.AsyncUnicatClient(
        base_url=unicat_server.url, token=TOKEN, project_gid=data.project_gid
    ) as client:
        gids = [
            str(r.gid)
            async for r in client.records.bulk_get(
                [um.ChildrenSelector(children=ROOT), um.ChildrenSelector(children=FEATURED)], page_size=4
            )
        ]
        kinds = [type(i).__name__ async for i in client.schema.bulk_get([EVERYTHING], page_size=10)]
    expected = [c["gid"] for c in data.children(ROOT)] + [c["gid"] for c in data.children(FEATURED)]
    assert gids == list(dict.fromkeys(expected))
    assert kinds.count("Definition") == len(data.definitions) and kinds.count("FieldModel") == len(data.fields)


def test_application_and_http_errors_surface_as_their_typed_exceptions(
    unicat_server: MockServer, client: unicat_sdk.UnicatClient
) -> None:
    with pytest.raises(errors.BulkSelectionError) as selection:
        list(client.records.bulk_get([um.ChildrenSelector(children=UNKNOWN)]))
    assert selection.value.status_code == 422 and "Selection error" in str(selection.value)
    with pytest.raises(errors.BulkSelectionError):
        client._client.request(ops.GET_RECORDS_BULK, Call(json={"selection": [], "page.cursor": "c1.forged"}))
    with pytest.raises(errors.SearchError) as search:
        list(client.records.bulk_get([um.SearchSelector(search=um.SearchQuery(filter=["no_such_property", "is", 1]))]))
    assert "no_such_property" in str(search.value.parameters)
    with pytest.raises(errors.InputValidationError):
        list(client.records.bulk_get(DOCS_GIDS, language="xx"))
    with pytest.raises(errors.BadRequestError) as bad:
        client._client.request(ops.GET_RECORDS_BULK, Call(json={"selection": [], "page.size": 0}))
    assert bad.value.status_code == 400
    other = unicat_sdk.UnicatClient(base_url=unicat_server.url, token=TOKEN, project_gid=UNKNOWN, max_retries=0)
    with other, pytest.raises(errors.PermissionDeniedError) as forbidden:
        list(other.records.bulk_get(DOCS_GIDS))
    assert forbidden.value.status_code == 403


def test_missing_token_is_401_with_the_documented_challenge(unicat_server: MockServer) -> None:
    url = f"{unicat_server.url}/api/p/{unicat_server.unicat.project_gid}/records/bulk/get"
    response = httpx.post(url, json={"selection": DOCS_GIDS})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="JWT access to Unicat."'
    assert response.json() == {
        "success": False,
        "result": {"code": 401, "message": "Permission denied", "info": {}},
        "data": {},
    }


def _renewals_followed(server: MockServer, first: str) -> int:
    """Check the client sent each renewed token from the next request on; return how many were renewed."""
    expected = first
    renewals = 0
    for request in server.requests:
        if request.operation_id is None:
            continue
        assert request.token == expected
        if request.renewed_token:
            expected = request.renewed_token
            renewals += 1
    return renewals


def test_the_client_switches_to_each_renewed_jwt() -> None:
    config = dataclasses.replace(BASE, tokens=(TOKEN,), renew_every=2, revoke_on_renewal=True)
    with MockServer(config) as server:
        project = server.unicat.project_gid
        with unicat_sdk.UnicatClient(base_url=server.url, token=TOKEN, project_gid=project, max_retries=0) as client:
            gids = [str(r.gid) for r in client.records.bulk_get([EVERYTHING], page_size=40)]
            items = list(client.schema.bulk_get([EVERYTHING], page_size=10))
        assert gids == list(server.unicat.records) and len(items) == len(server.unicat.fields) + len(
            server.unicat.classes
        ) + len(server.unicat.definitions)
        assert (
            _renewals_followed(server, TOKEN) >= 5
        )  # and the old tokens were revoked, so a stale one would have failed
        assert all(new.count(".") == 2 and not new.startswith("Bearer") for _, new in server.tokens.issued)


async def test_the_async_client_switches_to_each_renewed_jwt() -> None:
    config = dataclasses.replace(BASE, tokens=(TOKEN,), renew_every=1, revoke_on_renewal=True)
    with MockServer(config) as server:
        async with unicat_sdk.AsyncUnicatClient(
            base_url=server.url, token=TOKEN, project_gid=server.unicat.project_gid
        ) as client:
            gids = [str(r.gid) async for r in client.records.bulk_get([EVERYTHING], page_size=50)]
        assert gids == list(server.unicat.records)
        assert _renewals_followed(server, TOKEN) == len(server.tokens.issued) >= 5

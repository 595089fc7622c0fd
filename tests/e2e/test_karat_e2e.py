"""The generated Karat SDK (sync and async) against the mock server over real HTTP."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import karat_sdk
import pytest
from karat_sdk import _operations as ops
from karat_sdk import errors
from karat_sdk import models as km
from karat_sdk._core import Call

from mockserver import MockServer
from mockserver.ids import parse_iso
from mockserver.karat_data import DOCS_DATASET, DOCS_TRANSACTION
from tests.e2e.conftest import BASE, TOKEN

DOCS_RECORD = "ri.checkpoints.main.checkpoint.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
DATASETS_ONLY = "datasets-only-token"
NO_SEARCH = "no-search-permission-token"


@pytest.fixture(scope="module")
def karat_server() -> Iterator[MockServer]:
    config = dataclasses.replace(
        BASE, token_scopes={DATASETS_ONLY: ("api:datasets-read",)}, search_denied_tokens=(NO_SEARCH,)
    )
    with MockServer(config) as running:
        yield running


@pytest.fixture
def client(karat_server: MockServer) -> Iterator[karat_sdk.KaratClient]:
    with karat_sdk.KaratClient(base_url=karat_server.url, token=TOKEN, max_retries=0) as made:
        yield made


def where(node: Any) -> km.SearchCheckpointRecordsRequest:
    return km.SearchCheckpointRecordsRequest(filter=node)


def newest_first(records: list[dict[str, Any]]) -> list[str]:
    return [r["rid"] for r in sorted(records, key=lambda r: (r["createdAt"], r["rid"]), reverse=True)]


def requests_since(server: MockServer, mark: int, operation_id: str) -> list[Any]:
    return [r for r in server.requests[mark:] if r.operation_id == operation_id]


# ----------------------------------------------------------------------- getBatch


def test_get_batch_splits_more_than_100_rids_into_chunks_and_omits_unknown_ones(
    karat_server: MockServer, client: karat_sdk.KaratClient
) -> None:
    known = [r["rid"] for r in karat_server.karat.records[:230]]
    unknown = [f"ri.checkpoints.main.checkpoint.00000000-0000-4000-8000-{i:012d}" for i in range(20)]
    mark = len(karat_server.requests)
    found = client.records.get_batch(known[:115] + unknown + known[115:])
    bodies = [r.body for r in requests_since(karat_server, mark, "getRecordsBatch")]
    assert [b.count(b"recordRid") for b in bodies] == [100, 100, 50]
    assert list(found) == known  # unknown rids are simply absent, order kept
    by_rid = karat_server.karat.records_by_rid
    for rid, record in found.items():
        assert record.type == by_rid[rid]["type"]
        assert record.created_at == parse_iso(by_rid[rid]["createdAt"])
        assert len(record.checkpointed_items) == len(by_rid[rid]["checkpointedItems"])


def test_get_batch_returns_the_docs_record_as_documented(client: karat_sdk.KaratClient) -> None:
    record = client.records.get_batch([DOCS_RECORD])[DOCS_RECORD]
    assert record.type == "CONTOUR_EXPORT" and record.acting_user.username.value == "admin"
    assert isinstance(record.justification, km.AcknowledgementJustification)
    assert record.created_at == datetime(2023, 11, 14, 9, 30, tzinfo=UTC)


def test_a_batch_of_more_than_100_elements_is_rejected_on_the_wire(karat_server: MockServer) -> None:
    body = [{"recordRid": DOCS_RECORD}] * 101
    url = f"{karat_server.url}/api/v2/checkpoints/records/getBatch?preview=true"
    response = httpx.post(url, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422
    assert response.json()["errorName"] == "Conjure:UnprocessableEntity"
    assert response.json()["errorCode"] == "INVALID_ARGUMENT"


async def test_async_get_batch_sends_chunks_concurrently_and_merges_them(karat_server: MockServer) -> None:
    rids = [r["rid"] for r in karat_server.karat.records[:330]]
    async with karat_sdk.AsyncKaratClient(base_url=karat_server.url, token=TOKEN) as client:
        found = await client.records.get_batch(rids)
    assert list(found) == rids
    assert all(found[rid].rid == rid for rid in rids)


# ------------------------------------------------------------------------- search


def test_search_walks_every_page_newest_first_without_losing_or_repeating_a_record(
    karat_server: MockServer, client: karat_sdk.KaratClient
) -> None:
    expected = newest_first([r for r in karat_server.karat.records if r["type"] in ("CONTOUR_EXPORT", "LOGIN")])
    node = km.OrFilter(
        filters=[
            km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="CONTOUR_EXPORT"),
            km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN"),
        ]
    )
    pages = list(client.records.search(where(node), page_size=7).pages())
    rids = [r.rid for page in pages for r in page.items]
    assert len(pages) == -(-len(expected) // 7) > 3
    assert rids == expected and len(set(rids)) == len(rids)
    assert pages[-1].next_cursor is None and all(p.next_cursor for p in pages[:-1])


def test_search_date_range_sorted_ascending(karat_server: MockServer, client: karat_sdk.KaratClient) -> None:
    low, high = datetime(2023, 6, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)
    node = km.AndFilter(
        filters=[
            km.GteFilter(field=km.GteFilterField.CREATED_AT, value=low),
            km.LtFilter(field=km.LtFilterField.CREATED_AT, value=high),
        ]
    )
    found = [r.rid for r in client.records.search(where(node), page_size=50, sort_direction=km.SortDirection.ASC)]
    expected = [r for r in karat_server.karat.records if low <= parse_iso(r["createdAt"]) < high]
    assert found == newest_first(expected)[::-1] and len(found) > 50


@pytest.mark.parametrize(
    ("node", "predicate"),
    [
        (
            km.NotFilter(filter=km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN")),
            lambda r: r["type"] != "LOGIN",
        ),
        (
            km.TextSearchFilter(
                field=km.TextSearchFilterField.JUSTIFICATION_RESPONSE,
                query="EXPORT",
                match_type=km.JustificationMatchType.CONTAINS,
            ),
            lambda r: "export" in r["justification"].get("response", "").lower(),
        ),
        (
            km.CheckpointedItemIdFilter(checkpointed_item_id=km.CheckpointedResourceRid(rid=DOCS_DATASET)),
            lambda r: any(i.get("rid") == DOCS_DATASET for i in r["checkpointedItems"]),
        ),
        (
            km.EqFilter(field=km.EqFilterField.CHECKPOINTED_ITEM_TYPE, value="TOKEN"),
            lambda r: any(i["type"] == "checkpointedToken" for i in r["checkpointedItems"]),
        ),
    ],
    ids=["not", "textSearch", "checkpointedItemId", "checkpointedItemType"],
)
def test_search_applies_the_filter_grammar(
    karat_server: MockServer, client: karat_sdk.KaratClient, node: Any, predicate: Any
) -> None:
    expected = newest_first([r for r in karat_server.karat.records if predicate(r)])
    found = [r.rid for r in client.records.search(where(node), page_size=100)]
    assert found == expected and expected


async def test_async_search_walks_every_page(karat_server: MockServer) -> None:
    node = km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="CONTOUR_EXPORT")
    expected = newest_first([r for r in karat_server.karat.records if r["type"] == "CONTOUR_EXPORT"])
    async with karat_sdk.AsyncKaratClient(base_url=karat_server.url, token=TOKEN) as client:
        found = [r.rid async for r in client.records.search(where(node), page_size=5)]
    assert found == expected and len(expected) > 10


# --------------------------------------------------------------------- listFiles


def test_list_files_of_the_docs_dataset_is_the_docs_example(
    karat_server: MockServer, client: karat_sdk.KaratClient
) -> None:
    files = list(client.datasets.list_files(DOCS_DATASET))
    docs = karat_server.state.services[0].example_values["listFiles/200/docs"]["data"]
    assert [(f.path, f.transaction_rid, f.size_bytes) for f in files] == [
        (d["path"], d["transactionRid"], d["sizeBytes"]) for d in docs
    ]


def test_list_files_pages_every_branch_of_every_dataset(
    karat_server: MockServer, client: karat_sdk.KaratClient
) -> None:
    pages_seen = 0
    for rid, dataset in karat_server.karat.datasets.items():
        for branch, head in dataset.branches.items():
            pages = list(client.datasets.list_files(rid, branch_id=branch, page_size=9).pages())
            paths = [f.path for page in pages for f in page.items]
            assert paths == [f["path"] for f in dataset.view(head)]
            assert len(set(paths)) == len(paths)
            pages_seen += len(pages)
    assert pages_seen > 3 * len(karat_server.karat.datasets)


def test_list_files_honours_transactions(karat_server: MockServer, client: karat_sdk.KaratClient) -> None:
    only = list(
        client.datasets.list_files(
            DOCS_DATASET, start_transaction_rid=DOCS_TRANSACTION, end_transaction_rid=DOCS_TRANSACTION
        )
    )
    assert sorted(f.path for f in only) == ["q3-data/my-file.csv", "q4-data/draft.csv"]
    assert {f.transaction_rid for f in only} == {DOCS_TRANSACTION}
    develop = list(client.datasets.list_files(DOCS_DATASET, end_transaction_rid=DOCS_TRANSACTION))
    assert len(develop) == 4 and [f.path for f in develop][:2] == ["q3-data/my-file.csv", "q4-data/draft.csv"]
    assert [f.path for f in client.datasets.list_files(DOCS_DATASET, branch_id="develop")] == [f.path for f in develop]


async def test_async_list_files_pages(karat_server: MockServer) -> None:
    rid, dataset = list(karat_server.karat.datasets.items())[1]
    async with karat_sdk.AsyncKaratClient(base_url=karat_server.url, token=TOKEN) as client:
        paths = [f.path async for f in client.datasets.list_files(rid, page_size=4)]
    assert paths == [f["path"] for f in dataset.view(dataset.branches["master"])] and len(paths) > 4


# ------------------------------------------------------------------------- errors


def test_list_files_errors_surface_as_their_typed_exceptions(client: karat_sdk.KaratClient) -> None:
    missing_dataset = "ri.foundry.main.dataset.00000000-0000-4000-8000-000000000000"
    missing_txn = "ri.foundry.main.transaction.00000000-0000-4000-8000-000000000000"
    with pytest.raises(errors.BranchNotFound) as branch:
        list(client.datasets.list_files(DOCS_DATASET, branch_id="nope"))
    assert branch.value.parameters.branch_id == "nope" and branch.value.parameters.dataset_rid == DOCS_DATASET
    with pytest.raises(errors.DatasetNotFound) as dataset:
        list(client.datasets.list_files(missing_dataset))
    assert dataset.value.parameters.dataset_rid == missing_dataset and dataset.value.status_code == 404
    with pytest.raises(errors.TransactionNotFound) as txn:
        list(client.datasets.list_files(DOCS_DATASET, end_transaction_rid=missing_txn))
    assert txn.value.parameters.transaction_rid == missing_txn
    with pytest.raises(errors.InvalidBranchId) as invalid:
        list(client.datasets.list_files(DOCS_DATASET, branch_id=DOCS_TRANSACTION))
    assert invalid.value.parameters.branch_id == DOCS_TRANSACTION and invalid.value.status_code == 400
    with pytest.raises(errors.InvalidParameterCombination) as combination:
        list(client.datasets.list_files(DOCS_DATASET, start_transaction_rid=DOCS_TRANSACTION))
    assert combination.value.parameters.provided_parameters == ["startTransactionRid"]
    assert ["startTransactionRid", "endTransactionRid"] in combination.value.parameters.valid_combinations
    with pytest.raises(errors.InvalidPageSize) as size:
        list(client.datasets.list_files(DOCS_DATASET, page_size=0))
    assert size.value.parameters.page_size == 0


def test_page_token_and_preview_errors_surface_as_their_typed_exceptions(client: karat_sdk.KaratClient) -> None:
    api = client._client
    with pytest.raises(errors.InvalidPageToken) as token:
        api.request(ops.LIST_FILES, Call(path_params={"datasetRid": DOCS_DATASET}, query={"pageToken": "v1.forged"}))
    assert token.value.parameters.page_token == "v1.forged"
    body = {"where": {"filter": {"type": "eq", "field": "checkpointType", "value": "LOGIN"}}, "pageToken": "x"}
    with pytest.raises(errors.InvalidPageToken):
        api.request(ops.SEARCH_RECORDS, Call(json=body))
    no_preview = dataclasses.replace(ops.SEARCH_RECORDS, constant_query={})
    with pytest.raises(errors.ApiFeaturePreviewUsageOnly) as preview:
        api.request(no_preview, Call(json={"where": body["where"]}))
    assert preview.value.status_code == 400 and preview.value.error_instance_id


def test_permission_errors_surface_as_their_typed_exceptions(karat_server: MockServer) -> None:
    node = where(km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN"))
    with karat_sdk.KaratClient(base_url=karat_server.url, token=DATASETS_ONLY) as scoped:
        assert list(scoped.datasets.list_files(DOCS_DATASET))  # its scope
        with pytest.raises(errors.ApiUsageDenied) as denied:
            scoped.records.get_batch([DOCS_RECORD])
        assert denied.value.parameters.missing_scope == "api:checkpoints-read"
    with karat_sdk.KaratClient(base_url=karat_server.url, token=NO_SEARCH) as no_search:
        assert DOCS_RECORD in no_search.records.get_batch([DOCS_RECORD])
        with pytest.raises(errors.SearchRecordsPermissionDenied) as search:
            list(no_search.records.search(node))
        assert search.value.status_code == 403


def test_a_wrong_token_is_unauthorized() -> None:
    with (
        MockServer(BASE, tokens=(TOKEN,)) as strict,
        karat_sdk.KaratClient(base_url=strict.url, token="wrong") as client,
    ):
        with pytest.raises(errors.UnauthorizedError) as caught:
            client.records.get_batch([DOCS_RECORD])
        assert caught.value.status_code == 401 and caught.value.error_code == "UNAUTHORIZED"
        assert "wrong" not in str(caught.value)

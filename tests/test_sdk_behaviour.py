"""The generated SDKs against a fake transport: paging, batching, preview flag, errors, token renewal, raw access."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import karat_sdk
import pydantic
import pytest
import unicat_sdk
from karat_sdk import errors as karat_errors
from karat_sdk import models as km
from unicat_sdk import errors as unicat_errors
from unicat_sdk import models as um

from generator.openapi.load import read_yaml
from tests.conftest import ROOT

CANARY = "canary-token-7f3a91"
RECORD = {
    "rid": "ri.checkpoints.main.checkpoint.a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    "type": "CONTOUR_EXPORT",
    "scope": "USER_SCOPED",
    "actingUser": {"userId": "f05f8da4-b84c-4fca-9c77-8af0b13d11de", "username": {"value": "admin"}},
    "createdAt": "2023-11-14T09:30:00.000Z",
    "checkpointedItems": [
        {
            "type": "checkpointedResource",
            "rid": "ri.foundry.main.dataset.c26f11c8-cdb3-4f44-9f5d-9816ea1c82da",
            "resourceType": "DATASET",
            "compassPath": {"value": "/My Project/My Dataset"},
            "orgMarkings": [],
        }
    ],
    "justification": {"type": "acknowledgementJustification", "prompt": "I acknowledge", "title": "Export"},
}


def record(index: int) -> dict[str, Any]:
    value = copy.deepcopy(RECORD)
    value["rid"] = f"ri.checkpoints.main.checkpoint.{index:08d}"
    return value


Handler = Callable[[httpx.Request], httpx.Response]


def karat(handler: Handler, **kwargs: Any) -> karat_sdk.KaratClient:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return karat_sdk.KaratClient(base_url="https://karat.test", token=CANARY, http_client=http, **kwargs)


def unicat(handler: Handler) -> unicat_sdk.UnicatClient:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return unicat_sdk.UnicatClient(base_url="https://unicat.test", token=CANARY, project_gid="p-1", http_client=http)


def test_get_batch_splits_into_chunks_of_100_sends_preview_and_merges() -> None:
    bodies: list[list[dict[str, str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v2/checkpoints/records/getBatch"
        assert request.url.params["preview"] == "true"
        assert request.headers["Authorization"] == f"Bearer {CANARY}"
        body = json.loads(request.content)
        bodies.append(body)
        found = {
            e["recordRid"]: record(int(e["recordRid"].rsplit(".", 1)[1]))
            for e in body
            if not e["recordRid"].endswith("7")
        }
        return httpx.Response(200, json={"data": found})

    rids = [f"ri.checkpoints.main.checkpoint.{i:08d}" for i in range(250)]
    result = karat(handler).records.get_batch(rids)
    assert [len(b) for b in bodies] == [100, 100, 50]
    assert len(result) == 225  # the missing ones are simply absent
    assert all(isinstance(r, km.Record) for r in result.values())
    assert list(result) == [r for r in rids if not r.endswith("7")]


def test_search_iterates_every_page_by_body_page_token() -> None:
    seen_tokens: list[str | None] = []
    pages = {None: ([0, 1], "t1"), "t1": ([2, 3], "t2"), "t2": ([4], None)}

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert request.url.params["preview"] == "true"
        assert body["where"] == {"filter": {"type": "eq", "field": "checkpointType", "value": "CONTOUR_EXPORT"}}
        assert body["pageSize"] == 2 and "sortDirection" not in body
        seen_tokens.append(body.get("pageToken"))
        indexes, token = pages[body.get("pageToken")]
        payload: dict[str, Any] = {"data": [record(i) for i in indexes]}
        if token:
            payload["nextPageToken"] = token
        return httpx.Response(200, json=payload)

    where = km.SearchCheckpointRecordsRequest(
        filter=km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="CONTOUR_EXPORT")
    )
    client = karat(handler)
    rids = [r.rid for r in client.records.search(where, page_size=2)]
    assert rids == [f"ri.checkpoints.main.checkpoint.{i:08d}" for i in range(5)]
    assert seen_tokens == [None, "t1", "t2"]
    assert [p.next_cursor for p in client.records.search(where=where, page_size=2).pages()] == ["t1", "t2", None]


def test_list_files_pages_by_query_token_and_encodes_the_path_parameter() -> None:
    urls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(request.url)
        assert "preview" not in request.url.params  # a stable endpoint
        if "pageToken" not in request.url.params:
            return httpx.Response(
                200,
                json={
                    "data": [
                        {
                            "path": "a.csv",
                            "transactionRid": "ri.foundry.main.transaction.x",
                            "sizeBytes": "1",
                            "updatedTime": "2022-10-10T16:44:55.192Z",
                        }
                    ],
                    "nextPageToken": "n",
                },
            )
        return httpx.Response(
            200,
            json={
                "data": [
                    {
                        "path": "b.csv",
                        "transactionRid": "ri.foundry.main.transaction.x",
                        "updatedTime": "2022-10-10T16:44:55.192Z",
                    }
                ]
            },
        )

    files = list(karat(handler).datasets.list_files("../x/a b", branch_id="master", page_size=1))
    assert [f.path for f in files] == ["a.csv", "b.csv"]
    assert files[0].size_bytes == "1" and files[1].size_bytes is None
    assert urls[0].raw_path.startswith(b"/api/v1/datasets/..%2Fx%2Fa%20b/files?")
    assert urls[0].params["branchId"] == "master" and urls[1].params["pageToken"] == "n"


def test_documented_error_is_raised_as_its_class_with_typed_parameters() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            404,
            json={
                "errorCode": "NOT_FOUND",
                "errorName": "BranchNotFound",
                "errorInstanceId": "00813215-0844-4716-be7b-a3fe0fce9e42",
                "parameters": {"datasetRid": "ri.foundry.main.dataset.d", "branchId": "dev"},
            },
        )

    with pytest.raises(karat_errors.BranchNotFound) as caught:
        list(karat(handler).datasets.list_files("ri.foundry.main.dataset.d", branch_id="dev"))
    error = caught.value
    assert isinstance(error, karat_errors.NotFoundError) and error.status_code == 404
    assert isinstance(error.parameters, km.BranchNotFoundParameters) and error.parameters.branch_id == "dev"
    assert error.error_instance_id == "00813215-0844-4716-be7b-a3fe0fce9e42" and error.error_code == "NOT_FOUND"
    assert CANARY not in str(error) and CANARY not in repr(error)


def test_undocumented_error_falls_back_to_its_status_class() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403,
            json={
                "errorCode": "PERMISSION_DENIED",
                "errorName": "Default:PermissionDenied",
                "errorInstanceId": "x",
                "parameters": {},
            },
        )

    with pytest.raises(karat_errors.PermissionDeniedError) as caught:
        karat(handler).records.get_batch(["ri.checkpoints.main.checkpoint.1"])
    assert type(caught.value) is karat_errors.PermissionDeniedError


def test_unknown_enum_values_union_variants_and_fields_are_kept() -> None:
    value = record(1)
    value["type"] = "BRAND_NEW_CHECKPOINT"
    value["checkpointedItems"].append({"type": "checkpointedSomethingNew", "id": "z"})
    value["futureField"] = {"x": 1}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {value["rid"]: value}})

    parsed = karat(handler).records.get_batch([value["rid"]])[value["rid"]]
    assert parsed.type == "BRAND_NEW_CHECKPOINT"
    assert parsed.checkpointed_items[1].model_dump() == {"type": "checkpointedSomethingNew", "id": "z"}
    assert parsed.model_extra == {"futureField": {"x": 1}}
    assert parsed.delegate_user_id is None


def test_ids_in_a_format_the_spec_does_not_know_are_accepted_not_rejected() -> None:
    spec = read_yaml((ROOT / "spec" / "karat.yaml").read_text(encoding="utf-8"))
    assert "pattern" in spec["components"]["schemas"]["Rid"]  # the spec documents the format ...
    value = record(1)
    value["rid"] = "ri2:checkpoint/NEW-FORMAT"  # ... the models do not enforce it on the server's data
    value["actingUser"]["organizationRid"] = "org-without-ri-prefix"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {value["rid"]: value}})

    parsed = karat(handler).records.get_batch([value["rid"]])[value["rid"]]
    assert (parsed.rid, parsed.acting_user.organization_rid) == (value["rid"], "org-without-ri-prefix")


def test_on_response_gives_raw_access_to_every_response() -> None:
    statuses: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {}}, headers={"X-Request-Id": "r-1"})

    options = karat_sdk.RequestOptions(on_response=lambda r: statuses.append(r.status_code))
    karat(handler).records.get_batch(["a", "b"], options=options)
    assert statuses == [200]


def test_client_repr_and_logs_never_show_the_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="karat_sdk")
    client = karat(lambda request: httpx.Response(200, json={"data": {}}))
    client.records.get_batch(["a"])
    assert "getBatch" in caplog.text
    assert CANARY not in caplog.text and CANARY not in repr(client)


UNICAT_SPEC = read_yaml((ROOT / "spec" / "unicat.yaml").read_text())
DOCS_RESPONSES = {
    path: op["post"]["responses"]["200"]["content"]["application/json"]["examples"]["docs"]["value"]
    for path, op in UNICAT_SPEC["paths"].items()
}
RECORD_EXAMPLE = next(iter(DOCS_RESPONSES["/api/p/{project_gid}/records/bulk/get"]["data"]["records"].values()))
SCHEMA_DATA = DOCS_RESPONSES["/api/p/{project_gid}/schema/bulk/get"]["data"]
G = {name: f"00000000-0000-0000-0000-{i:012d}" for i, name in enumerate(["g1", "g2", "g3", "d1", "c1", "f1"], 1)}


def unicat_page(gids: list[str], cursor: Any, total: int) -> dict[str, Any]:
    records = {g: {**RECORD_EXAMPLE, "gid": g, "canonical": g} for g in gids}
    return {
        "success": True,
        "result": {"records": gids, "records.size": total, "page.cursor": cursor},
        "data": {"records": records},
    }


def test_unicat_bulk_get_follows_the_body_cursor_and_renews_the_token() -> None:
    seen: list[tuple[Any, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert request.url.path == "/api/p/p-1/records/bulk/get"
        seen.append((body.get("page.cursor"), request.headers["Authorization"]))
        if "page.cursor" not in body:
            return httpx.Response(
                200, json=unicat_page([G["g1"], G["g2"]], 7, 3), headers={"Authorization": "renewed-jwt"}
            )
        return httpx.Response(200, json=unicat_page([G["g3"]], None, 3))

    pager = unicat(handler).records.bulk_get([G["g1"], G["g2"], G["g3"]], page_size=2)
    assert [str(r.gid) for r in pager] == [G["g1"], G["g2"], G["g3"]]
    assert pager.total == 3
    assert seen == [(None, f"Bearer {CANARY}"), (7, "Bearer renewed-jwt")]


def test_unicat_schema_items_resolve_to_their_objects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        d1, c1, f1 = G["d1"], G["c1"], G["f1"]
        items = [{"type": "definition", "item": d1}, {"type": "class", "item": c1}, {"type": "field", "item": f1}]
        result = {"schema_items": items, "schema_items.size": 3, "page.cursor": None}
        data = {
            "definitions": {d1: {**next(iter(SCHEMA_DATA["definitions"].values())), "gid": d1}},
            "classes": {c1: {**next(iter(SCHEMA_DATA["classes"].values())), "gid": c1}},
            "fields": {f1: {**next(iter(SCHEMA_DATA["fields"].values())), "gid": f1}},
        }
        return httpx.Response(200, json={"success": True, "result": result, "data": data})

    items = list(unicat(handler).schema.bulk_get([G["d1"], G["c1"], G["f1"]]))
    assert [type(i) for i in items] == [um.Definition, um.Class, um.FieldModel]


@pytest.mark.parametrize("status", [200, 422])
def test_unicat_application_error_is_typed_even_with_http_200(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status,
            json={"success": False, "result": {"code": 1006, "message": "Selection error", "info": {}}, "data": {}},
        )

    with pytest.raises(unicat_errors.BulkSelectionError) as caught:
        list(unicat(handler).records.bulk_get(["bad"]))
    assert caught.value.status_code == status
    assert "Selection error" in str(caught.value)


async def test_async_client_iterates_pages_and_batches_concurrently() -> None:
    import asyncio

    in_flight = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        body = json.loads(request.content)
        if request.url.path.endswith("/getBatch"):
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.01)
            in_flight -= 1
            return httpx.Response(200, json={"data": {e["recordRid"]: record(1) for e in body}})
        token = body.get("pageToken")
        payload: dict[str, Any] = {"data": [record(2 if token else 1)]}
        if token is None:
            payload["nextPageToken"] = "next"
        return httpx.Response(200, json=payload)

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with karat_sdk.AsyncKaratClient(base_url="https://karat.test", token=CANARY, http_client=http) as client:
        where = km.SearchCheckpointRecordsRequest(
            filter=km.NotFilter(filter=km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN"))
        )
        rids = [r.rid async for r in client.records.search(where)]
        batch = await client.records.get_batch([f"ri.checkpoints.main.checkpoint.{i}" for i in range(1000)])
    assert rids == ["ri.checkpoints.main.checkpoint.00000001", "ri.checkpoints.main.checkpoint.00000002"]
    assert len(batch) == 1000
    assert 1 < peak <= 8  # chunks go out concurrently, with a bound (DEFAULT_BATCH_CONCURRENCY)


def test_environment_fallbacks_and_a_clear_missing_token_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KARAT_BASE_URL", "https://env.karat.test")
    monkeypatch.setenv("KARAT_TOKEN", CANARY)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": {}})

    karat_sdk.KaratClient(http_client=httpx.Client(transport=httpx.MockTransport(handler))).records.get_batch(["a"])
    assert seen[0].url.host == "env.karat.test" and seen[0].headers["Authorization"] == f"Bearer {CANARY}"
    monkeypatch.delenv("KARAT_TOKEN")
    with pytest.raises(karat_errors.SdkError, match="KARAT_TOKEN"):
        karat_sdk.KaratClient()


def test_a_unicat_object_missing_a_key_its_docs_example_shows_is_read_not_lost() -> None:
    """Only the keys that identify a Unicat object are required; Karat's models keep every documented key."""
    lacking = {"backlinks", "title", "fields"}

    def handler(request: httpx.Request) -> httpx.Response:
        page = unicat_page([G["g1"], G["g2"], G["g3"]], None, 3)
        page["data"]["records"][G["g2"]] = {
            k: v for k, v in page["data"]["records"][G["g2"]].items() if k not in lacking
        }
        return httpx.Response(200, json=page)

    records = list(unicat(handler).records.bulk_get([G["g1"], G["g2"], G["g3"]]))
    assert [str(r.gid) for r in records] == [G["g1"], G["g2"], G["g3"]]
    assert records[1].backlinks is None and records[1].title is None and "backlinks" not in records[1].model_fields_set
    assert records[0].backlinks == RECORD_EXAMPLE["backlinks"] and records[0].title is not None
    field = {k: v for k, v in next(iter(SCHEMA_DATA["fields"].values())).items() if k not in {"type", "options"}}
    assert um.FieldModel.model_validate(field).type is None
    with pytest.raises(pydantic.ValidationError, match="gid"):
        um.Record.model_validate({k: v for k, v in RECORD_EXAMPLE.items() if k != "gid"})
    karat_record = {k: v for k, v in RECORD.items() if k != "createdAt"}
    with pytest.raises(pydantic.ValidationError, match="createdAt"):
        km.Record.model_validate(karat_record)


def test_a_token_read_with_its_newline_is_refused_by_the_generated_clients_unseen() -> None:
    for make in (karat_sdk.KaratClient, karat_sdk.AsyncKaratClient):
        with pytest.raises(karat_errors.InvalidTokenError, match="newline") as caught:
            make(base_url="https://karat.test", token=CANARY + "\n")
        assert CANARY[3:] not in str(caught.value) and isinstance(caught.value, ValueError)
    with pytest.raises(unicat_errors.InvalidTokenError):
        unicat_sdk.UnicatClient(base_url="https://unicat.test", token=f"{CANARY} ", project_gid="p-1")
    assert issubclass(karat_errors.PaginationError, karat_errors.SdkError)
    assert issubclass(unicat_errors.ClientClosedError, unicat_errors.SdkError)

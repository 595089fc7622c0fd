"""Operation paths and query strings, JSON pointers and the error envelope."""

from __future__ import annotations

import enum
from collections.abc import Callable

import httpx
import pytest

from generator.runtime import ApiError, Call, ErrorEnvelope, Operation, SyncApiClient, json_pointer_get

FILES = Operation(operation_id="getFile", method="get", path="/v1/datasets/{datasetRid}/files/{filePath}")


class Color(enum.Enum):
    RED = "red"


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("q?x=1#f", "q%3Fx%3D1%23f"),
        ("%2F", "%252F"),
        (42, "42"),
    ],
)
def test_path_values_stay_one_segment(value: object, encoded: str) -> None:
    assert FILES.render_path({"datasetRid": "ri.d", "filePath": value}) == f"/v1/datasets/ri.d/files/{encoded}"


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_values_that_would_change_the_path_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="filePath"):
        FILES.render_path({"datasetRid": "ri.d", "filePath": value})


def test_missing_path_parameter_is_named() -> None:
    with pytest.raises(ValueError, match="missing path parameter.*filePath"):
        FILES.render_path({"datasetRid": "ri.d"})


def test_encoded_path_reaches_the_wire_unchanged(make_client: Callable[..., SyncApiClient]) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    client = make_client(handler)
    client.request(FILES, Call(path_params={"datasetRid": "../../admin", "filePath": "a/b c"}))
    assert seen[0].url.raw_path == b"/api/v1/datasets/..%2F..%2Fadmin/files/a%2Fb%20c"
    assert seen[0].url.host == "api.example.com"


def test_client_path_defaults_fill_and_can_be_overridden(make_client: Callable[..., SyncApiClient]) -> None:
    op = Operation(operation_id="bulkGet", method="POST", path="/p/{project_gid}/records/bulk/get")
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(200, json={})

    client = make_client(handler, path_defaults={"project_gid": "proj-1"})
    client.request(op)
    client.request(op, Call(path_params={"project_gid": "proj-2"}))
    assert paths == ["/api/p/proj-1/records/bulk/get", "/api/p/proj-2/records/bulk/get"]


def test_query_rendering() -> None:
    op = Operation(operation_id="list", method="GET", path="/x", constant_query={"preview": "true"})
    fragments = op.render_query(
        {"branchId": None, "flag": False, "on": True, "ids": ["a", None, "b"], "color": Color.RED, "n": 3, "q": "a b&c"}
    )
    assert fragments == ["preview=true", "flag=false", "on=true", "ids=a", "ids=b", "color=red", "n=3", "q=a%20b%26c"]


def test_constant_query_cannot_be_overridden_and_reaches_the_wire(make_client: Callable[..., SyncApiClient]) -> None:
    op = Operation(operation_id="search", method="POST", path="/s", constant_query={"preview": "true"})
    urls: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(request.url)
        return httpx.Response(200, json={})

    make_client(handler).request(op, Call(query={"preview": False, "pageSize": 5}))
    assert urls[0].params.get_list("preview") == ["true"]
    assert urls[0].params["pageSize"] == "5"


def test_operation_validates_its_declaration() -> None:
    with pytest.raises(ValueError, match="method"):
        Operation(operation_id="x", method="FETCH", path="/x")
    with pytest.raises(ValueError, match="must start with"):
        Operation(operation_id="x", method="GET", path="x")
    with pytest.raises(TypeError, match="ApiError"):
        Operation(operation_id="x", method="GET", path="/x", errors={"K": ValueError})  # type: ignore[dict-item]  # deliberately not an ApiError: under test
    assert Operation(operation_id="x", method="get", path="/x", errors={"K": ApiError}).method == "GET"


DOC = {
    "result": {"page.cursor": 7, "records.size": 17, "a/b": 1, "m~n": 2, "": 3},
    "data": [{"x": 1}, {"x": 2}],
}


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("/result/page.cursor", 7),
        ("/result/records.size", 17),
        ("/result/a~1b", 1),
        ("/result/m~0n", 2),
        ("/result/", 3),
        ("/data/1/x", 2),
        ("/data/2/x", None),
        ("/data/01/x", None),
        ("/data/-", None),
        ("/result/page/cursor", None),
        ("/missing", None),
        ("/result/page.cursor/deeper", None),
    ],
)
def test_json_pointer_get(pointer: str, expected: object) -> None:
    assert json_pointer_get(DOC, pointer) == expected


def test_json_pointer_whole_document_default_and_validation() -> None:
    assert json_pointer_get(DOC, "") is DOC
    assert json_pointer_get(DOC, "/nope", default="d") == "d"
    with pytest.raises(ValueError, match="JSON pointer"):
        json_pointer_get(DOC, "result.page")


def test_envelope_checks_pointers_and_reads_parts() -> None:
    with pytest.raises(ValueError, match="ErrorEnvelope.key"):
        ErrorEnvelope(key="errorName")
    envelope = ErrorEnvelope(key="/errorName", instance_id="/errorInstanceId", success="/success")
    assert envelope.get({"errorName": "X"}, "key") == "X"
    assert envelope.get({"errorName": "X"}, "message") is None
    assert envelope.instance_id_label() == "errorInstanceId"
    assert envelope.reports_failure({"success": False})
    assert not envelope.reports_failure({"success": True})
    assert not envelope.reports_failure({})
    assert not envelope.reports_failure({"success": 0})

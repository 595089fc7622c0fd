"""The local server serves every operation of any spec: validated requests, answers built from the spec."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.openapi.load import read_yaml
from mockserver import MockServer
from tests.conftest import ROOT

SPECS = (ROOT / "tests/golden/operations/spec.yaml", ROOT / "tests/golden/files/spec.yaml")
AUTH = {"Authorization": "Bearer any-token"}


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with (
        MockServer(port=0, seed=1, specs=SPECS, self_check=True) as server,
        httpx.Client(base_url=server.url + "/api", headers=AUTH) as client,
    ):
        yield client


def test_an_operation_without_a_handler_answers_its_example(http: httpx.Client) -> None:
    response = http.get("/items/i1", headers={"X-Request-Id": "r1"})
    assert response.status_code == 200
    assert response.json() == {"id": "i1", "name": "First", "tags": ["a"]}


def test_without_an_example_the_answer_is_built_from_the_schema(http: httpx.Client) -> None:
    response = http.get("/items/i1/history")
    assert response.status_code == 206
    assert response.json() == {"events": ["string"], "next": "string"}
    assert http.delete("/items/i1").status_code == 204
    assert http.get("/shapes/s1").json() == {"kind": "circle", "radius": 0.0}


def test_a_literal_segment_wins_over_a_template(http: httpx.Client) -> None:
    response = http.get("/items/counts")
    assert response.status_code == 200
    assert response.json() == {"a": 2, "b": 1}


def test_required_header_is_validated(http: httpx.Client) -> None:
    response = http.get("/items/i1")
    assert response.status_code == 400
    assert "X-Request-Id" in str(response.json())


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("tag=a&tag=b&ids=x%20y&sizes=1%7C2&limit=3", 200),
        ("sizes=1%7Cx", 400),  # pipe-delimited integers
        ("limit=0", 400),
    ],
)
def test_array_query_parameters_follow_style_and_explode(http: httpx.Client, query: str, status: int) -> None:
    assert http.get("/items?" + query).status_code == status


def test_comma_separated_array_is_split(http: httpx.Client) -> None:
    assert http.get("/items/i1?fields=id,name", headers={"X-Request-Id": "r"}).status_code == 200


def test_binary_and_text_responses(http: httpx.Client) -> None:
    binary = http.get("/files/a.bin/content")
    assert binary.status_code == 200
    assert binary.headers["Content-Type"] == "application/octet-stream"
    assert binary.content
    table = http.get("/tables/t?columns=a&columns=b")
    assert table.headers["Content-Type"] == "text/csv; charset=utf-8"  # text says its charset
    assert table.text == "a,b\n1,2\n"


def test_binary_upload_needs_its_media_type(http: httpx.Client) -> None:
    ok = http.put("/files/a.bin/content", content=b"\x00\x01", headers={"Content-Type": "application/octet-stream"})
    assert ok.status_code == 200
    wrong = http.put("/files/a.bin/content", content=b"{}", headers={"Content-Type": "application/json"})
    assert wrong.status_code == 400


def test_chunked_upload_is_read(http: httpx.Client) -> None:
    response = http.put(
        "/files/a.bin/content",
        content=iter([b"a" * 10, b"b" * 10]),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 200


def test_multipart_fields_are_typed_and_validated(http: httpx.Client) -> None:
    files = {"file": ("a.png", b"\x89PNG", "image/png")}
    ok = http.post("/assets/upload", data={"name": "logo", "public": "true", "tags": ["x", "y"]}, files=files)
    assert ok.status_code == 200, ok.text
    missing = http.post("/assets/upload", data={"name": "logo"}, files={"other": ("a", b"x")})
    assert missing.status_code == 400
    assert "file" in str(missing.json())
    bad = http.post("/assets/upload", data={"name": "logo", "public": "maybe"}, files=files)
    assert bad.status_code == 400


def test_urlencoded_form_is_validated(http: httpx.Client) -> None:
    assert http.post("/auth", data={"api_key": "k", "scopes": ["a", "b"]}).status_code == 204
    assert http.post("/auth", data={"scopes": "a"}).status_code == 400


def test_an_endpoint_added_to_a_vendor_spec_is_served(tmp_path: Path) -> None:
    """A copy of spec/karat.yaml with one more operation: the new one answers from its schema,
    the hand-written ones still answer, and a literal path beats the new templated one."""
    import yaml

    doc = read_yaml((ROOT / "spec/karat.yaml").read_text(encoding="utf-8"))
    doc["paths"]["/api/v2/checkpoints/records/{recordRid}"] = {
        "post": {
            "operationId": "getRecord",
            "tags": ["Records"],
            "summary": "Get a record",
            "description": "One record.",
            "parameters": [{"name": "recordRid", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {
                    "description": "The record.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}},
                },
                "401": {"$ref": "#/components/responses/Unauthorized"},
            },
        }
    }
    path = tmp_path / "karat.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with MockServer(port=0, seed=1, specs=(path,), self_check=True) as server:
        url = server.url + "/api/v2/checkpoints/records"
        record = httpx.post(url + "/ri.checkpoints.main.checkpoint.x", headers=AUTH)
        assert record.status_code == 200, record.text
        assert record.json()["rid"].startswith("ri.")
        rid = server.karat.records[0]["rid"]
        batch = httpx.post(url + "/getBatch?preview=true", json=[{"recordRid": rid}], headers=AUTH)
        assert batch.status_code == 200
        assert rid in batch.json()["data"]

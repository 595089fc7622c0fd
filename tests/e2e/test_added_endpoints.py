"""Endpoints of every shape added to copies of spec/karat.yaml and spec/unicat.yaml, as the README's
"When the vendor docs change" says: the generator makes working methods, and the local server serves
them, with no change to either."""

from __future__ import annotations

import asyncio
import importlib
import io
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from generator.openapi.load import read_yaml
from mockserver import MockServer
from tests.conftest import ROOT, generate_into

RECORD = "#/components/schemas/Record"
DATASET = {"name": "datasetRid", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/DatasetRid"}}
FILE_PATH = {"name": "filePath", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/FilePath"}}
KARAT_ERRORS = {"401": {"$ref": "#/components/responses/Unauthorized"}}
UNICAT_ERRORS = {"401": {"$ref": "#/components/responses/Unauthorized"}}


def operation(op_id: str, tag: str, responses: dict[str, Any], errors: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "tags": [tag],
        "summary": op_id,
        "description": f"{op_id}.",
        **more,
        "responses": {**responses, **errors},
    }


def json_response(schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"description": "OK.", "content": {"application/json": {"schema": schema, **more}}}


def karat_paths() -> dict[str, Any]:
    content = "/api/v2/datasets/{datasetRid}/files/{filePath}/content"
    return {
        "/api/v2/checkpoints/records/{recordRid}": {
            "get": operation(
                "getRecord",
                "Records",
                {"200": json_response({"$ref": RECORD})},
                KARAT_ERRORS,
                parameters=[
                    {
                        "name": "recordRid",
                        "in": "path",
                        "required": True,
                        "schema": {"$ref": "#/components/schemas/RecordRid"},
                    },
                    {"$ref": "#/components/parameters/Preview"},
                ],
                **{"x-preview": {"param": "preview", "value": True}},
            )
        },
        content: {
            "parameters": [DATASET, FILE_PATH],
            "get": operation(
                "readFile",
                "Datasets",
                {
                    "200": {
                        "description": "The bytes.",
                        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                    }
                },
                KARAT_ERRORS,
            ),
            "post": operation(
                "uploadFile",
                "Datasets",
                {"200": json_response({"$ref": "#/components/schemas/File"})},
                KARAT_ERRORS,
                requestBody={
                    "required": True,
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                },
            ),
            "delete": operation("deleteFile", "Datasets", {"204": {"description": "Deleted."}}, KARAT_ERRORS),
        },
        "/api/v2/datasets/{datasetRid}/readTable": {
            "get": operation(
                "readTable",
                "Datasets",
                {
                    "200": {
                        "description": "CSV.",
                        "content": {"text/csv": {"schema": {"type": "string"}, "example": "a,b\n1,2\n"}},
                    }
                },
                KARAT_ERRORS,
                parameters=[
                    DATASET,
                    {"name": "columns", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                ],
            )
        },
    }


def unicat_paths() -> dict[str, Any]:
    envelope = {
        "type": "object",
        "required": ["success", "result", "data"],
        "properties": {
            "success": {"type": "boolean"},
            "result": {"type": "object", "required": ["record"], "properties": {"record": {"type": "string"}}},
            "data": {
                "type": "object",
                "properties": {"records": {"type": "object", "additionalProperties": {"$ref": RECORD}}},
            },
        },
    }
    spec = read_yaml((ROOT / "spec/unicat.yaml").read_text(encoding="utf-8"))
    record = spec["paths"]["/api/p/{project_gid}/records/bulk/get"]["post"]["responses"]["200"]
    example = next(iter(record["content"]["application/json"]["examples"].values()))["value"]
    gid, value = next(iter(example["data"]["records"].items()))
    answer = {"success": True, "result": {"record": gid}, "data": {"records": {gid: value}}}
    form = {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}, "parent": {"type": "string"}},
    }
    return {
        "/api/p/{project_gid}/records/get": {
            "parameters": [{"$ref": "#/components/parameters/ProjectGid"}],
            "post": operation(
                "getRecord",
                "Records",
                {"200": json_response(envelope, examples={"docs": {"value": answer}})},
                UNICAT_ERRORS,
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["record"],
                                "properties": {"record": {"type": "string"}},
                            }
                        }
                    },
                },
                **{"x-unwrap": {"key": "/result/record", "collection": "/data/records"}},
            ),
        },
        "/api/p/{project_gid}/assets/upload": {
            "parameters": [{"$ref": "#/components/parameters/ProjectGid"}],
            "post": operation(
                "uploadAsset",
                "Records",
                {"204": {"description": "Stored."}},
                UNICAT_ERRORS,
                requestBody={"required": True, "content": {"multipart/form-data": {"schema": form}}},
            ),
        },
    }


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MockServer, Any, Any]]:
    root = tmp_path_factory.mktemp("added")
    (root / "spec").mkdir()
    for name, paths in (("karat", karat_paths()), ("unicat", unicat_paths())):
        doc = read_yaml((ROOT / f"spec/{name}.yaml").read_text(encoding="utf-8"))
        doc["paths"].update(paths)
        (root / "spec" / f"{name}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    generate_into(root / "spec", root / "out")
    sys.path.insert(0, str(root / "out"))
    saved = {name: sys.modules.pop(name) for name in _sdk_modules()}  # generated/'s, back after the test
    try:
        karat, unicat = importlib.import_module("karat_sdk"), importlib.import_module("unicat_sdk")
        specs = (root / "spec/karat.yaml", root / "spec/unicat.yaml")
        with MockServer(port=0, seed=3, specs=specs, self_check=True) as server:
            yield server, karat, unicat
    finally:
        sys.path.remove(str(root / "out"))
        for name in _sdk_modules():
            del sys.modules[name]
        sys.modules.update(saved)


def _sdk_modules() -> list[str]:
    return [name for name in sys.modules if name.split(".")[0] in ("karat_sdk", "unicat_sdk")]


def test_karat_added_endpoints(added: tuple[MockServer, Any, Any]) -> None:
    server, karat, _ = added
    dataset = next(iter(server.karat.datasets))
    with karat.KaratClient(base_url=server.url, token="t") as client:
        record = client.records.get_record("ri.checkpoints.main.checkpoint.a1b2c3d4-e5f6-7890-abcd-ef1234567890")
        assert record.rid.startswith("ri.checkpoints.")
        assert client.datasets.read_file(dataset, "a/b.csv")
        with client.datasets.read_file_stream(dataset, "a/b.csv") as response:
            assert b"".join(response.iter_bytes())
        stored = client.datasets.upload_file(dataset, "a/b.csv", io.BytesIO(b"x,y\n"))
        assert stored.path
        assert client.datasets.delete_file(dataset, "a/b.csv") is None
        assert client.datasets.read_table(dataset, columns=["a", "b"]) == "a,b\n1,2\n"
    seen = [r for r in server.requests if r.operation_id in ("uploadFile", "readTable")]
    assert seen and all(r.status == 200 for r in seen)


def test_unicat_added_endpoints(added: tuple[MockServer, Any, Any]) -> None:
    server, _, unicat = added
    project = server.unicat.project_gid

    async def main() -> Any:
        async with unicat.AsyncUnicatClient(base_url=server.url, token="t", project_gid=project) as client:
            record = await client.records.get_record("any")
            await client.records.upload_asset(b"\x89PNG", parent=record.gid)
            return record

    record = asyncio.run(main())
    assert type(record).__name__ == "Record"
    with unicat.UnicatClient(base_url=server.url, token="t", project_gid=project) as client:
        assert client.records.get_record("any").gid == record.gid
    assert [r.status for r in server.requests if r.operation_id == "uploadAsset"] == [204]

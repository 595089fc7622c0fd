"""Endpoints of every shape added to copies of spec/karat.yaml and spec/unicat.yaml, as the README's
"When the vendor docs change" says: the generator makes working methods, and the local server serves
them, with no change to either."""

from __future__ import annotations

import asyncio
import importlib
import io
import json
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
ASSET = "a8f3c2d1-4b5e-4f6a-9c7d-8e9f0a1b2c3d"


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


NOTE_RID = {"name": "noteRid", "in": "path", "required": True, "schema": {"type": "string"}}
KARAT_SCHEMAS: dict[str, Any] = {
    "Note": {
        "type": "object",
        "required": ["rid", "createdTime", "title", "secret"],
        "properties": {
            "rid": {"type": "string", "readOnly": True},
            "createdTime": {"type": "string", "format": "date-time", "readOnly": True},
            "title": {"type": "string"},
            "body": {"type": ["string", "null"]},
            "secret": {"type": "string", "writeOnly": True},
        },
    },
    "NotePatch": {
        "type": "object",
        "properties": {"title": {"type": "string"}, "body": {"type": ["string", "null"]}},
    },
    "TouchNoteRequest": {"type": "object", "properties": {"reason": {"type": "string"}}},
    "NoteQuery": {
        "type": "object",
        "required": ["tags", "where"],
        "properties": {
            "tags": {"type": "array", "items": {"type": "string"}},
            "ids": {"type": "array", "items": {"type": "integer"}},
            "where": {
                "type": "object",
                "properties": {"color": {"type": "string"}, "size": {"type": "integer"}},
            },
        },
    },
}


def karat_body_paths() -> dict[str, Any]:
    """Request bodies of every new shape: readOnly/writeOnly fields, a merge patch, an optional body, a styled form."""
    note = {"$ref": "#/components/schemas/Note"}
    return {
        "/api/v2/notes": {
            "post": operation(
                "createNote",
                "Records",
                {"200": json_response(note)},
                KARAT_ERRORS,
                requestBody={"required": True, "content": {"application/json": {"schema": note}}},
            )
        },
        "/api/v2/notes/{noteRid}": {
            "parameters": [NOTE_RID],
            "patch": operation(
                "updateNote",
                "Records",
                {"200": json_response(note)},
                KARAT_ERRORS,
                requestBody={
                    "required": True,
                    "content": {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/NotePatch"}}},
                },
            ),
        },
        "/api/v2/notes/{noteRid}/touch": {
            "parameters": [NOTE_RID],
            "post": operation(
                "touchNote",
                "Records",
                {"204": {"description": "Touched."}},
                KARAT_ERRORS,
                requestBody={
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TouchNoteRequest"}}}
                },
            ),
        },
        "/api/v2/notes/query": {
            "post": operation(
                "queryNotes",
                "Records",
                {"204": {"description": "Queried."}},
                {**KARAT_ERRORS, "default": {"$ref": "#/components/responses/UnexpectedError"}},
                requestBody={
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"$ref": "#/components/schemas/NoteQuery"},
                            "encoding": {
                                "tags": {"style": "pipeDelimited", "explode": False},
                                "where": {"style": "deepObject", "explode": True},
                            },
                        }
                    },
                },
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
    # Unicat's asset upload, as its own client sends it (`unicat.api.upload("/assets/upload", {"parent":
    # gid}, path)`: the folder asset's gid and the file as `upload_file`), with the file part's
    # per-part `encoding`: the media types an asset may have.
    upload = {
        "type": "object",
        "required": ["parent", "upload_file"],
        "properties": {
            "parent": {"type": "string", "format": "uuid", "description": "The folder asset to upload into."},
            "upload_file": {"type": "string", "format": "binary", "description": "The file (at most 10 MB)."},
        },
    }
    asset = {
        "type": "object",
        "required": ["gid", "name"],
        "properties": {"gid": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"}},
    }
    stored = {
        "type": "object",
        "required": ["success", "result", "data"],
        "properties": {
            "success": {"type": "boolean"},
            "result": {"type": "object", "required": ["asset"], "properties": {"asset": {"type": "string"}}},
            "data": {
                "type": "object",
                "required": ["assets"],
                "properties": {"assets": {"type": "object", "additionalProperties": asset}},
            },
        },
    }
    stored_example = {
        "success": True,
        "result": {"asset": ASSET},
        "data": {"assets": {ASSET: {"gid": ASSET, "name": "photo.png", "type": "image"}}},
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
                "Assets",
                {"200": json_response(stored, examples={"docs": {"value": stored_example}})},
                {**UNICAT_ERRORS, "400": {"$ref": "#/components/responses/BadRequest"}},
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": upload,
                            "encoding": {"upload_file": {"contentType": "image/*, application/pdf"}},
                        }
                    },
                },
                **{"x-unwrap": {"key": "/result/asset", "collection": "/data/assets"}},
            ),
        },
    }


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MockServer, Any, Any]]:
    root = tmp_path_factory.mktemp("added")
    (root / "spec").mkdir()
    for name, paths in (("karat", {**karat_paths(), **karat_body_paths()}), ("unicat", unicat_paths())):
        doc = read_yaml((ROOT / f"spec/{name}.yaml").read_text(encoding="utf-8"))
        doc["paths"].update(paths)
        if name == "karat":
            doc["components"]["schemas"].update(KARAT_SCHEMAS)
        if name == "unicat":
            doc["tags"].append({"name": "Assets", "description": "Assets: the project's files."})
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


def test_karat_added_request_bodies(added: tuple[MockServer, Any, Any]) -> None:
    server, karat, _ = added
    with karat.KaratClient(base_url=server.url, token="t") as client:
        note = client.records.create_note("A title", "s3cret")  # rid and createdTime are the server's
        assert note.rid and note.created_time
        client.records.update_note("n1", body=None)  # null clears the body; title is left as it is
        client.records.touch_note("n1")  # no body at all
        client.records.touch_note("n1", reason="read")
        client.records.query_notes(["a", "b"], ids=[1, 2], where=karat.models.NoteQueryWhere(color="red", size=2))
    seen = {r.operation_id: r for r in server.requests if r.operation_id in ("createNote", "updateNote", "queryNotes")}
    assert [r.status for r in seen.values()] == [200, 200, 204]  # each validated against the spec by the server
    assert [(r.status, r.body) for r in server.requests if r.operation_id == "touchNote"] == [
        (204, b""),
        (204, b'{"reason":"read"}'),
    ]
    assert json.loads(seen["updateNote"].body) == {"body": None}
    assert json.loads(seen["createNote"].body) == {"title": "A title", "secret": "s3cret"}
    assert seen["queryNotes"].body == b"tags=a|b&where[color]=red&where[size]=2&ids=1&ids=2"


def test_the_server_reads_a_form_by_its_encoding(added: tuple[MockServer, Any, Any]) -> None:
    server, karat, _ = added
    with (
        karat.KaratClient(base_url=server.url, token="t", max_retries=0) as client,
        pytest.raises(karat.errors.ApiError) as caught,  # where.size must be an integer (sent as where[size])
    ):
        client.records.query_notes(["a"], where={"color": "red", "size": "big"})
    assert caught.value.status_code == 422
    assert "where" in str(caught.value.body)


def test_unicat_added_endpoints(added: tuple[MockServer, Any, Any]) -> None:
    server, _, unicat = added
    project = server.unicat.project_gid
    folder = "5d1c7a2e-8b34-4f6a-9c0d-2e7b1f3a4c58"

    async def main() -> Any:
        async with unicat.AsyncUnicatClient(base_url=server.url, token="t", project_gid=project) as client:
            record = await client.records.get_record("any")
            photo = unicat.File(b"\x89PNG\r\n", "photo.png")  # its type from its name: image/png
            stored = await client.assets.upload_asset(folder, photo)
            return record, stored

    record, stored = asyncio.run(main())
    assert type(record).__name__ == "Record"
    assert (stored.gid, stored.name) == (ASSET, "photo.png")
    manual = io.BytesIO(b"%PDF-1.7")
    manual.name = "manual.pdf"
    with unicat.UnicatClient(base_url=server.url, token="t", project_gid=project) as client:
        assert client.records.get_record("any").gid == record.gid
        assert client.assets.upload_asset(folder, manual).gid == ASSET  # a file object: application/pdf
    uploads = [r for r in server.requests if r.operation_id == "uploadAsset"]
    assert [r.status for r in uploads] == [200, 200]


def test_unicat_upload_part_of_a_type_its_encoding_refuses_is_rejected(added: tuple[MockServer, Any, Any]) -> None:
    server, _, unicat = added
    project = server.unicat.project_gid
    with unicat.UnicatClient(base_url=server.url, token="t", project_gid=project, max_retries=0) as client:
        text = unicat.File(b"hello", "notes.txt", "text/plain")  # the caller's own type wins, and is refused
        with pytest.raises(unicat.errors.BadRequestError) as caught:
            client.assets.upload_asset("5d1c7a2e-8b34-4f6a-9c0d-2e7b1f3a4c58", text)
    assert caught.value.status_code == 400
    assert "upload_file" in str(caught.value.body)

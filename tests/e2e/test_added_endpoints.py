"""Endpoints of every shape added to copies of spec/karat.yaml and spec/unicat.yaml, as the README's
"When the vendor docs change" says: the generator makes working methods, and the local server serves
them, with no change to either.

Each shape is one entry of SHAPES: the paths it adds to one spec, and a check that calls the generated
method against the local server, sync and async (`Api.call` runs it either way). Adding a shape is
adding an entry.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import itertools
import json
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.openapi.load import read_yaml
from mockserver import MockServer
from tests.conftest import ROOT, generate_into

RECORD = "#/components/schemas/Record"
RECORD_RID = "ri.checkpoints.main.checkpoint.a1b2c3d4-e5f6-7890-abcd-ef1234567890"
TRANSACTION = "ri.foundry.main.transaction.0a0207cb-26b7-415b-bc80-66a3aa3933f4"
DATASET = {"name": "datasetRid", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/DatasetRid"}}
FILE_PATH = {"name": "filePath", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/FilePath"}}
PROJECT = {"$ref": "#/components/parameters/ProjectGid"}
KARAT_ERRORS = {"401": {"$ref": "#/components/responses/Unauthorized"}}
UNICAT_ERRORS = {"401": {"$ref": "#/components/responses/Unauthorized"}}
GATES = (f"added-{n}" for n in itertools.count())


# ------------------------------------------------------------------------------------------ the spec side


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


def media_response(media: str, schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"description": "OK.", "content": {media: {"schema": schema, **more}}}


BINARY = {"type": "string", "format": "binary"}


# ----------------------------------------------------------------------------------------- the call side


@dataclass
class Api:
    """The generated SDKs against the local server, one way of calling (sync or async) for every check."""

    server: MockServer
    karat: ModuleType
    unicat: ModuleType
    mode: str

    def module(self, service: str) -> ModuleType:
        return self.karat if service == "karat" else self.unicat

    def settings(self, service: str, **options: Any) -> dict[str, Any]:
        if service == "unicat":
            options.setdefault("project_gid", self.server.unicat.project_gid)
        return {"base_url": self.server.url, "token": "t", **options}

    @contextmanager
    def sync_client(self, service: str, **options: Any) -> Iterator[Any]:
        module = self.module(service)
        with getattr(module, f"{service.capitalize()}Client")(**self.settings(service, **options)) as client:
            yield client

    @asynccontextmanager
    async def async_client(self, service: str, **options: Any) -> AsyncIterator[Any]:
        module = self.module(service)
        async with getattr(module, f"Async{service.capitalize()}Client")(**self.settings(service, **options)) as client:
            yield client

    def call(
        self, service: str, method: str, *args: Any, client_options: dict[str, Any] | None = None, **kw: Any
    ) -> Any:
        """`client.<resource>.<method>(*args, **kw)`, by the sync or the async client."""
        resource, name = method.split(".")
        if self.mode == "sync":
            with self.sync_client(service, **(client_options or {})) as client:
                return getattr(getattr(client, resource), name)(*args, **kw)

        async def run() -> Any:
            async with self.async_client(service, **(client_options or {})) as client:
                return await getattr(getattr(client, resource), name)(*args, **kw)

        return asyncio.run(run())

    def gated(self, service: str, method: str, *args: Any, **kw: Any) -> tuple[Any, list[Any]]:
        """The first piece of an event or byte stream, taken while the server still holds the rest, then the rest.

        `method` is an events method (its items) or a byte `_stream` method (its chunks); the server holds the
        stream after its first piece until the gate named in `X-Mock-Gate` is set.
        """
        gate = next(GATES)
        options = self.module(service).RequestOptions(extra_headers={"X-Mock-Gate": gate})
        resource, name = method.split(".")

        def pieces_of(opened: Any) -> Any:  # a byte stream's chunks, an event stream's events
            return opened.iter_bytes() if hasattr(opened, "iter_bytes") else opened

        if self.mode == "sync":
            with (
                self.sync_client(service) as client,
                getattr(getattr(client, resource), name)(*args, options=options, **kw) as opened,
            ):
                pieces = iter(pieces_of(opened))
                first = next(pieces)
                assert not self.server.gate(gate).is_set()  # the server has not sent the rest yet
                self.server.gate(gate).set()
                return first, list(pieces)

        async def run() -> tuple[Any, list[Any]]:
            async with (
                self.async_client(service) as client,
                getattr(getattr(client, resource), name)(*args, options=options, **kw) as opened,
            ):
                seen: list[Any] = []
                async for piece in pieces_of(opened):
                    assert self.server.gate(gate).is_set() == bool(seen)
                    seen.append(piece)
                    self.server.gate(gate).set()
                return seen[0], seen[1:]

        return asyncio.run(run())

    def raw(self, service: str, method: str, *args: Any, **kw: Any) -> tuple[str, bytes]:
        """The Content-Type and the whole body of a `_stream` method's raw response."""
        resource, name = method.split(".")
        if self.mode == "sync":
            with self.sync_client(service) as client, getattr(getattr(client, resource), name)(*args, **kw) as response:
                return response.content_type, response.read()

        async def run() -> tuple[str, bytes]:
            async with (
                self.async_client(service) as client,
                getattr(getattr(client, resource), name)(*args, **kw) as response,
            ):
                return response.content_type, await response.read()

        return asyncio.run(run())

    def seen(self, operation_id: str) -> list[Any]:
        """The requests the server saw for an operation."""
        return [r for r in self.server.requests if r.operation_id == operation_id]


@dataclass(frozen=True)
class Shape:
    """One added endpoint shape: the paths it adds to a spec and the check that calls it."""

    name: str
    service: str  # karat | unicat
    paths: Callable[[], dict[str, Any]]
    check: Callable[[Api], None]


SHAPES: list[Shape] = []


def shape(
    name: str, service: str, paths: Callable[[], dict[str, Any]]
) -> Callable[[Callable[[Api], None]], Callable[[Api], None]]:
    """Register a shape: `@shape("name", "karat", lambda: {path: item})` on its check."""

    def register(check: Callable[[Api], None]) -> Callable[[Api], None]:
        SHAPES.append(Shape(name, service, paths, check))
        return check

    return register


def dataset_of(api: Api) -> str:
    return next(iter(api.server.karat.datasets))


# -------------------------------------------------------------------------------------------- the shapes


@shape(
    "json-with-preview",
    "karat",
    lambda: {
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
        }
    },
)
def check_json_with_preview(api: Api) -> None:
    record = api.call("karat", "records.get_record", RECORD_RID)
    assert record.rid.startswith("ri.checkpoints.")


FILE_CONTENT = "/api/v2/datasets/{datasetRid}/files/{filePath}/content"
FILE_BYTES = b"id,name\n1,first\n2,second\n"  # the server sends it in pieces of 8 bytes


@shape(
    "bytes-in-and-out-and-none",
    "karat",
    lambda: {
        FILE_CONTENT: {
            "parameters": [DATASET, FILE_PATH],
            "get": operation(
                "readFile",
                "Datasets",
                {"200": media_response("application/octet-stream", BINARY, example=FILE_BYTES.decode())},
                KARAT_ERRORS,
            ),
            "post": operation(
                "uploadFile",
                "Datasets",
                {"200": json_response({"$ref": "#/components/schemas/File"})},
                KARAT_ERRORS,
                requestBody={"required": True, "content": {"application/octet-stream": {"schema": BINARY}}},
            ),
            "delete": operation("deleteFile", "Datasets", {"204": {"description": "Deleted."}}, KARAT_ERRORS),
        }
    },
)
def check_bytes(api: Api) -> None:
    dataset = dataset_of(api)
    assert api.call("karat", "datasets.read_file", dataset, "a/b.csv") == FILE_BYTES
    assert api.call("karat", "datasets.upload_file", dataset, "a/b.csv", io.BytesIO(b"x,y\n")).path
    assert api.call("karat", "datasets.delete_file", dataset, "a/b.csv") is None
    assert all(r.status == 200 for r in api.seen("uploadFile"))


@shape("live-bytes", "karat", lambda: {})  # readFile of the entry above, streamed
def check_live_bytes(api: Api) -> None:
    first, rest = api.gated("karat", "datasets.read_file_stream", dataset_of(api), "a/b.csv")
    assert first == FILE_BYTES[:8]  # the server's first piece, handed over before it sent the others
    assert first + b"".join(rest) == FILE_BYTES


@shape(
    "text-csv",
    "karat",
    lambda: {
        "/api/v2/datasets/{datasetRid}/readTable": {
            "get": operation(
                "readTable",
                "Datasets",
                {"200": media_response("text/csv", {"type": "string"}, example="a,b\n1,2\n")},
                KARAT_ERRORS,
                parameters=[
                    DATASET,
                    {"name": "columns", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                ],
            )
        }
    },
)
def check_text_csv(api: Api) -> None:
    assert api.call("karat", "datasets.read_table", dataset_of(api), columns=["a", "b"]) == "a,b\n1,2\n"
    assert all(r.status == 200 for r in api.seen("readTable"))


README = "Données: café, thé\n"


@shape(
    "text-plain-charset",
    "karat",
    lambda: {
        "/api/v2/datasets/{datasetRid}/readme": {
            "get": operation(
                "getReadme",
                "Datasets",
                {"200": media_response("text/plain; charset=iso-8859-1", {"type": "string"}, example=README)},
                KARAT_ERRORS,
                parameters=[DATASET],
            )
        }
    },
)
def check_text_charset(api: Api) -> None:
    assert api.call("karat", "datasets.get_readme", dataset_of(api)) == README
    media, body = api.raw("karat", "datasets.get_readme_stream", dataset_of(api))
    assert (media, body) == ("text/plain; charset=iso-8859-1", README.encode("iso-8859-1"))


BUILD = {"type": "object", "required": ["rid"], "properties": {"rid": {"type": "string"}, "status": {"type": "string"}}}


@shape(
    "200-or-204",
    "karat",
    lambda: {
        "/api/v2/datasets/{datasetRid}/transactions/{transactionRid}/build": {
            "get": operation(
                "getTransactionBuild",
                "Datasets",
                {
                    "200": json_response(BUILD, example={"rid": "ri.foundry.main.build.1", "status": "SUCCEEDED"}),
                    "204": {"description": "The transaction has no build."},
                },
                KARAT_ERRORS,
                parameters=[
                    DATASET,
                    {
                        "name": "transactionRid",
                        "in": "path",
                        "required": True,
                        "schema": {"$ref": "#/components/schemas/TransactionRid"},
                    },
                ],
            )
        }
    },
)
def check_200_or_204(api: Api) -> None:
    build = api.call("karat", "datasets.get_transaction_build", dataset_of(api), TRANSACTION)
    assert (build.rid, build.status) == ("ri.foundry.main.build.1", "SUCCEEDED")
    none = api.karat.RequestOptions(extra_headers={"Prefer": "code=204"})
    assert api.call("karat", "datasets.get_transaction_build", dataset_of(api), TRANSACTION, options=none) is None
    assert [r.status for r in api.seen("getTransactionBuild")][-2:] == [200, 204]


DELTA = {"type": "object", "required": ["delta"], "properties": {"delta": {"type": "string"}}}


@shape(
    "event-stream",
    "karat",
    lambda: {
        "/api/v2/aipAgents/sessions/{sessionRid}/streamingContinue": {
            "post": operation(
                "streamingContinue",
                "Records",
                {"200": media_response("text/event-stream", DELTA, example={"delta": "Hel"})},
                KARAT_ERRORS,
                parameters=[{"name": "sessionRid", "in": "path", "required": True, "schema": {"type": "string"}}],
            )
        }
    },
)
def check_event_stream(api: Api) -> None:
    first, rest = api.gated("karat", "records.streaming_continue", "s1")
    assert isinstance(first, api.karat.ServerSentEvent)
    assert (type(first.data).__name__, first.data.delta, first.id) == ("StreamingContinueResponse", "Hel", "1")
    assert [(e.event, e.id, e.data.delta) for e in rest] == [("message", "2", "Hel"), ("done", "3", "Hel")]


ASK = {
    "type": "object",
    "required": ["prompt"],
    "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean"}},
}
JSON_OR_EVENTS = {
    "description": "The answer, whole or streamed.",
    "content": {
        "application/json": {"schema": DELTA, "example": {"delta": "Hello"}},
        "text/event-stream": {"schema": DELTA, "example": {"delta": "Hel"}},
    },
}


@shape(
    "json-or-event-stream",
    "karat",
    lambda: {
        "/api/v2/aipAgents/sessions/{sessionRid}/ask": {
            "post": operation(
                "askAgent",
                "Records",
                {"200": JSON_OR_EVENTS},
                KARAT_ERRORS,
                parameters=[{"name": "sessionRid", "in": "path", "required": True, "schema": {"type": "string"}}],
                requestBody={"required": True, "content": {"application/json": {"schema": ASK}}},
            )
        }
    },
)
def check_json_or_event_stream(api: Api) -> None:
    whole = api.call("karat", "records.ask_agent", "s1", "hi")
    first, rest = api.gated("karat", "records.ask_agent_stream", "s1", "hi")
    assert (type(whole).__name__, whole.delta) == ("AskAgentResponse", "Hello")
    assert (first.data.delta, [e.data.delta for e in rest]) == ("Hel", ["Hel", "Hel"])
    sent = [json.loads(r.body) for r in api.seen("askAgent")][-2:]
    assert sent == [{"prompt": "hi", "stream": False}, {"prompt": "hi", "stream": True}]


@shape(
    "operation-server",
    "karat",
    lambda: {
        "/api/v2/mediasets/{mediaSetRid}/items": {
            "servers": [{"url": "http://127.0.0.1:{port}/path-media", "variables": {"port": {"default": "8080"}}}],
            "get": operation(
                "listMediaItems",
                "Datasets",
                {"200": json_response({"type": "array", "items": {"type": "string"}}, example=["m1", "m2"])},
                KARAT_ERRORS,
                servers=[{"url": "http://127.0.0.1:{port}/media", "variables": {"port": {"default": "8080"}}}],
                parameters=[{"name": "mediaSetRid", "in": "path", "required": True, "schema": {"type": "string"}}],
            ),
        }
    },
)
def check_operation_server(api: Api) -> None:
    port = {"server_variables": {"port": str(api.server.port)}}
    assert api.call("karat", "datasets.list_media_items", "ms1", client_options=port) == ["m1", "m2"]
    last = api.seen("listMediaItems")[-1]
    # the operation's server (not its path's), its port variable from the client; the same origin, so the token went
    assert (last.path, last.status, last.token) == ("/media/api/v2/mediasets/ms1/items", 200, "t")


PROBLEM = {
    "type": "https://karat.example/problems/quota",
    "title": "No quota",
    "status": 404,
    "detail": "The dataset has no quota set.",
    "instance": "/api/v2/datasets/quota",
}


@shape(
    "problem-json-error",
    "karat",
    lambda: {
        "/api/v2/datasets/{datasetRid}/quota": {
            "get": operation(
                "getQuota",
                "Datasets",
                {
                    "200": json_response({"type": "object", "properties": {"bytes": {"type": "integer"}}}),
                    "404": {
                        "description": "No quota.",
                        "content": {
                            "application/problem+json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["title", "status"],
                                    "properties": {
                                        k: {"type": "integer" if k == "status" else "string"} for k in PROBLEM
                                    },
                                },
                                "example": PROBLEM,
                            }
                        },
                    },
                },
                KARAT_ERRORS,
                parameters=[DATASET],
            )
        }
    },
)
def check_problem_json(api: Api) -> None:
    missing = api.karat.RequestOptions(extra_headers={"Prefer": "code=404"})
    with pytest.raises(api.karat.errors.NotFoundError) as raised:
        api.call("karat", "datasets.get_quota", dataset_of(api), options=missing)
    problem = raised.value.problem
    assert (problem.type, problem.title, problem.status, problem.detail, problem.instance) == tuple(PROBLEM.values())
    assert "No quota" in str(raised.value) and "The dataset has no quota set." in str(raised.value)


def unicat_record_paths() -> dict[str, Any]:
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
    body = {"type": "object", "required": ["record"], "properties": {"record": {"type": "string"}}}
    return {
        "/api/p/{project_gid}/records/get": {
            "parameters": [PROJECT],
            "post": operation(
                "getRecord",
                "Records",
                {"200": json_response(envelope, examples={"docs": {"value": answer}})},
                UNICAT_ERRORS,
                requestBody={"required": True, "content": {"application/json": {"schema": body}}},
                **{"x-unwrap": {"key": "/result/record", "collection": "/data/records"}},
            ),
        }
    }


@shape("unwrapped-record", "unicat", unicat_record_paths)
def check_unwrapped_record(api: Api) -> None:
    record = api.call("unicat", "records.get_record", "any")
    assert type(record).__name__ == "Record" and record.gid


# Unicat's asset upload, as its own client sends it (`unicat.api.upload("/assets/upload", {"parent": gid},
# path)`: the folder asset's gid and the file as `upload_file`), with the file part's per-part `encoding`:
# the media types an asset may have.
ASSET = "a8f3c2d1-4b5e-4f6a-9c7d-8e9f0a1b2c3d"
FOLDER = "5d1c7a2e-8b34-4f6a-9c0d-2e7b1f3a4c58"
UPLOAD_FORM = {
    "type": "object",
    "required": ["parent", "upload_file"],
    "properties": {
        "parent": {"type": "string", "format": "uuid", "description": "The folder asset to upload into."},
        "upload_file": {**BINARY, "description": "The file (at most 10 MB)."},
    },
}
ASSET_SCHEMA = {
    "type": "object",
    "required": ["gid", "name"],
    "properties": {"gid": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"}},
}
STORED = {
    "type": "object",
    "required": ["success", "result", "data"],
    "properties": {
        "success": {"type": "boolean"},
        "result": {"type": "object", "required": ["asset"], "properties": {"asset": {"type": "string"}}},
        "data": {
            "type": "object",
            "required": ["assets"],
            "properties": {"assets": {"type": "object", "additionalProperties": ASSET_SCHEMA}},
        },
    },
}
STORED_EXAMPLE = {
    "success": True,
    "result": {"asset": ASSET},
    "data": {"assets": {ASSET: {"gid": ASSET, "name": "photo.png", "type": "image"}}},
}


@shape(
    "multipart-upload-with-part-encoding",
    "unicat",
    lambda: {
        "/api/p/{project_gid}/assets/upload": {
            "parameters": [PROJECT],
            "post": operation(
                "uploadAsset",
                "Records",
                {"200": json_response(STORED, examples={"docs": {"value": STORED_EXAMPLE}})},
                {**UNICAT_ERRORS, "400": {"$ref": "#/components/responses/BadRequest"}},
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": UPLOAD_FORM,
                            "encoding": {"upload_file": {"contentType": "image/*, application/pdf"}},
                        }
                    },
                },
                **{"x-unwrap": {"key": "/result/asset", "collection": "/data/assets"}},
            ),
        }
    },
)
def check_multipart_upload(api: Api) -> None:
    photo = api.unicat.File(b"\x89PNG\r\n", "photo.png")  # its type from its name: image/png
    stored = api.call("unicat", "records.upload_asset", FOLDER, photo)
    assert (stored.gid, stored.name) == (ASSET, "photo.png")
    manual = io.BytesIO(b"%PDF-1.7")
    manual.name = "manual.pdf"  # a file object: application/pdf
    assert api.call("unicat", "records.upload_asset", FOLDER, manual).gid == ASSET
    assert [r.status for r in api.seen("uploadAsset")][-2:] == [200, 200]
    text = api.unicat.File(b"hello", "notes.txt", "text/plain")  # the caller's own type wins, and is refused
    with pytest.raises(api.unicat.errors.BadRequestError) as refused:
        api.call("unicat", "records.upload_asset", FOLDER, text, client_options={"max_retries": 0})
    assert "upload_file" in str(refused.value.body)


# Request bodies of every new shape: readOnly/writeOnly fields, a merge patch, an optional body, a styled form.
NOTE_RID = {"name": "noteRid", "in": "path", "required": True, "schema": {"type": "string"}}
NOTE = {"$ref": "#/components/schemas/Note"}
SCHEMAS: dict[str, dict[str, Any]] = {
    "karat": {
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
                "where": {"type": "object", "properties": {"color": {"type": "string"}, "size": {"type": "integer"}}},
                "lines": {"type": "array", "items": {"$ref": "#/components/schemas/NoteLine"}},
            },
        },
        "NoteLine": {
            "type": "object",
            "required": ["price"],
            "properties": {"price": {"type": "string"}, "quantity": {"type": "integer"}},
        },
    }
}


@shape(
    "read-only-and-write-only-fields",
    "karat",
    lambda: {
        "/api/v2/notes": {
            "post": operation(
                "createNote",
                "Records",
                {"200": json_response(NOTE)},
                KARAT_ERRORS,
                requestBody={"required": True, "content": {"application/json": {"schema": NOTE}}},
            )
        }
    },
)
def check_read_only_fields(api: Api) -> None:
    note = api.call("karat", "records.create_note", "A title", "s3cret")  # rid and createdTime are the server's
    assert note.rid and note.created_time
    assert note.secret is None  # writeOnly: the mock's reply leaves it out, and the response model does not need it
    [sent] = api.seen("createNote")[-1:]
    assert (sent.status, json.loads(sent.body)) == (200, {"title": "A title", "secret": "s3cret"})


@shape(
    "merge-patch",
    "karat",
    lambda: {
        "/api/v2/notes/{noteRid}": {
            "parameters": [NOTE_RID],
            "patch": operation(
                "updateNote",
                "Records",
                {"200": json_response(NOTE)},
                KARAT_ERRORS,
                requestBody={
                    "required": True,
                    "content": {"application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/NotePatch"}}},
                },
            ),
        }
    },
)
def check_merge_patch(api: Api) -> None:
    api.call("karat", "records.update_note", "n1", body=None)  # null clears the body; title is left as it is
    [sent] = api.seen("updateNote")[-1:]
    assert (sent.status, json.loads(sent.body)) == (200, {"body": None})


@shape(
    "optional-body",
    "karat",
    lambda: {
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
        }
    },
)
def check_optional_body(api: Api) -> None:
    api.call("karat", "records.touch_note", "n1")  # no body at all
    api.call("karat", "records.touch_note", "n1", reason="read")
    seen = [(r.status, r.body) for r in api.seen("touchNote")[-2:]]
    assert seen == [(204, b""), (204, b'{"reason":"read"}')]


@shape(
    "styled-form",
    "karat",
    lambda: {
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
                                "lines": {"style": "deepObject", "explode": True},
                            },
                        }
                    },
                },
            )
        }
    },
)
def check_styled_form(api: Api) -> None:
    where = api.karat.models.NoteQueryWhere(color="red", size=2)
    lines = [api.karat.models.NoteLine(price="p1", quantity=2), api.karat.models.NoteLine(price="p2")]
    api.call("karat", "records.query_notes", ["a", "b"], where, ids=[1, 2], lines=lines)
    [sent] = api.seen("queryNotes")[-1:]
    assert (sent.status, sent.body) == (
        204,
        b"tags=a|b&where[color]=red&where[size]=2&ids=1&ids=2"
        b"&lines[0][price]=p1&lines[0][quantity]=2&lines[1][price]=p2",
    )
    with pytest.raises(api.karat.errors.ApiError) as refused:  # the server reads lines[1][quantity], no integer
        api.call(
            "karat",
            "records.query_notes",
            ["a"],
            where,
            lines=[{"price": "p1"}, {"price": "p2", "quantity": "two"}],
            client_options={"max_retries": 0},
        )
    assert refused.value.status_code == 422 and "lines" in str(refused.value.body)
    with pytest.raises(api.karat.errors.ApiError) as refused:  # the server reads where[size], not an integer
        api.call(
            "karat", "records.query_notes", ["a"], {"color": "red", "size": "big"}, client_options={"max_retries": 0}
        )
    assert refused.value.status_code == 422 and "where" in str(refused.value.body)


@shape(
    "deep-object-arrays",
    "karat",
    lambda: {
        "/api/v2/notes/expand": {
            "get": operation(
                "expandNotes",
                "Records",
                {"204": {"description": "Expanded."}},
                {**KARAT_ERRORS, "default": {"$ref": "#/components/responses/UnexpectedError"}},
                parameters=[
                    {
                        "name": "expand",
                        "in": "query",
                        "required": True,
                        "style": "deepObject",
                        "explode": True,
                        "schema": {"type": "array", "minItems": 2, "items": {"type": "string"}},
                    },
                    {
                        "name": "lines",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/NoteLine"}},
                    },
                ],
            )
        }
    },
)
def check_deep_object_arrays(api: Api) -> None:
    """Stripe's `expand[0]=a` and `lines[0][price]=p`: the server reads them back as arrays and checks them."""
    lines = [api.karat.models.NoteLine(price="p1", quantity=2)]
    api.call("karat", "records.expand_notes", expand=["customer", "items.price"], lines=lines)
    assert api.seen("expandNotes")[-1].status == 204
    for expand, bad in ((["customer"], "expand"), (["a", "b"], "lines")):  # minItems: 2; quantity: an integer
        with pytest.raises(api.karat.errors.ApiError) as refused:
            more = {"lines": [{"price": "p1", "quantity": "two"}]} if bad == "lines" else {}
            api.call("karat", "records.expand_notes", expand=expand, client_options={"max_retries": 0}, **more)
        assert refused.value.status_code == 422 and bad in str(refused.value.body)


# ------------------------------------------------------------------------------------------------ the run


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MockServer, ModuleType, ModuleType]]:
    root = tmp_path_factory.mktemp("added")
    (root / "spec").mkdir()
    for name in ("karat", "unicat"):
        doc = read_yaml((ROOT / f"spec/{name}.yaml").read_text(encoding="utf-8"))
        for entry in SHAPES:
            if entry.service == name:
                doc["paths"].update(entry.paths())
        doc["components"]["schemas"].update(SCHEMAS.get(name, {}))
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


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("entry", SHAPES, ids=[s.name for s in SHAPES])
def test_added_endpoint(entry: Shape, mode: str, added: tuple[MockServer, ModuleType, ModuleType]) -> None:
    server, karat, unicat = added
    entry.check(Api(server, karat, unicat, mode))
    assert server.violations == []


def test_every_shape_has_a_name_of_its_own() -> None:
    names = [s.name for s in SHAPES]
    assert len(names) == len(set(names))

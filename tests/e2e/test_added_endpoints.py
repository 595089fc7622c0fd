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

        `method` is an events method (its items) or a `_stream` method (its chunks); the server holds the
        stream after its first piece until the gate named in `X-Mock-Gate` is set.
        """
        gate = next(GATES)
        options = self.module(service).RequestOptions(extra_headers={"X-Mock-Gate": gate})
        resource, name = method.split(".")
        streamed = name.endswith("_stream")

        def pieces_of(opened: Any) -> Any:
            return opened.iter_bytes() if streamed else opened

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


UPLOAD_FORM = {
    "type": "object",
    "required": ["file"],
    "properties": {"file": BINARY, "parent": {"type": "string"}},
}


@shape(
    "multipart-upload",
    "unicat",
    lambda: {
        "/api/p/{project_gid}/assets/upload": {
            "parameters": [PROJECT],
            "post": operation(
                "uploadAsset",
                "Records",
                {"204": {"description": "Stored."}},
                UNICAT_ERRORS,
                requestBody={"required": True, "content": {"multipart/form-data": {"schema": UPLOAD_FORM}}},
            ),
        }
    },
)
def check_multipart_upload(api: Api) -> None:
    assert api.call("unicat", "records.upload_asset", b"\x89PNG", parent="any") is None
    assert [r.status for r in api.seen("uploadAsset")][-1] == 204


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

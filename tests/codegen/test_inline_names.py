"""Inline schemas the models backend makes classes of are named from their place, and the exploded
body's arguments are typed with those classes: the SDK passes `mypy --strict` and sends the wire names."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import imported_sdk

DOC = """
openapi: 3.1.0
info: {title: "Inline Shapes", version: "1.0"}
paths:
  /x/{2fa id}:
    post:
      operationId: makeX
      parameters:
        - {name: 2fa id, in: path, required: true, schema: {type: string}}
        - {name: from, in: query, schema: {type: string}}
        - {name: market, in: query, schema: {type: string}}
        - {name: 名前, in: query, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [status]
              properties:
                status: {type: string, enum: [a, b]}
                kind:
                  oneOf:
                    - {type: string, enum: [p, q]}
                    - {type: integer}
                tup:
                  type: array
                  prefixItems: [{type: string}, {type: integer}]
                  items: {type: boolean}
                nested:
                  type: object
                  properties:
                    deep: {type: string, enum: [u, v]}
                maybe:
                  oneOf: [{type: "null"}, {const: fixed}]
                market: {type: string}
                from: {type: string}
                self: {type: string}
                with space: {type: string}
                prompt:
                  oneOf: [{type: string}, {type: array, items: {type: integer}, minItems: 1}]
                template: {$ref: "#/components/schemas/Prompt"}
                image: {$ref: "#/components/schemas/ImageRef"}
                image2: {$ref: "#/components/schemas/ImageRef-2"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  mode: {type: string, enum: ["on", "off"]}
                  contact: {type: string, format: email, description: Who to write to.}
                  uid: {type: string, format: ulid}
                  user: {type: object, properties: {id: {type: integer}}}
                  users: {type: array, items: {type: object, properties: {name: {type: string}}}}
  /form:
    post:
      operationId: sendForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                from: {type: string}
                class: {type: string}
                2x: {type: string}
      responses:
        "204": {description: sent}
components:
  schemas:
    MakeXRequestNested: {type: object, properties: {taken: {type: string}}}
    user: {type: object, properties: {a: {type: string}}}
    User: {type: object, properties: {b: {$ref: "#/components/schemas/user"}}}
    Prompt: {type: object, properties: {id: {type: string}}}
    ImageRef:
      type: object
      properties: {url: {type: string}, file: {type: string}}
      anyOf: [{required: [url]}, {required: [file]}]
    ImageRef-2: {type: object, properties: {id: {type: string}}}
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    folder = tmp_path_factory.mktemp("inline")
    with imported_sdk(folder, DOC, "inline_shapes_sdk") as sdk:
        yield sdk, folder / "out" / "inline_shapes_sdk"


def test_the_sdk_type_checks_strictly(package: tuple[ModuleType, Path]) -> None:
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(package[1])]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_inline_classes_are_named_from_their_place(package: tuple[ModuleType, Path]) -> None:
    models = package[0].models
    for name in ("MakeXRequestStatus", "MakeXRequestKind", "MakeXRequestMaybe", "MakeXResponseUser"):
        assert hasattr(models, name), name
    assert hasattr(models, "MakeXResponseUsersItem")
    # the document's own component keeps its name; the inline schema takes the next free one
    assert set(models.MakeXRequestNested.model_fields) == {"taken"}
    assert set(models.MakeXRequestNested2.model_fields) == {"deep"}
    # names differing only in case: the one already a valid class name keeps it
    assert set(models.User.model_fields) == {"b"}


def test_formats_needing_an_undeclared_package_are_plain_strings(package: tuple[ModuleType, Path]) -> None:
    source = (package[1] / "models.py").read_text(encoding="utf-8")
    assert "EmailStr" not in source and "from ulid" not in source and "import ulid" not in source
    fields = package[0].models.MakeXResponse.model_fields
    assert fields["contact"].annotation == str | None
    assert "Who to write to. (format email: a plain string, not checked by the SDK)" in source  # its docstring
    made = package[0].models.MakeXResponse.model_validate({"contact": "not an address", "uid": "x"})
    assert (made.contact, made.uid) == ("not an address", "x")


def _answer(seen: list[httpx.Request]) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        if request.url.path == "/form":
            return httpx.Response(204)
        return httpx.Response(200, json={"mode": "on", "user": {"id": 1}, "users": [{"name": "n"}]})

    return answer


def test_calls_send_the_wire_names_sync_and_async(package: tuple[ModuleType, Path]) -> None:
    sdk = package[0]
    seen: list[httpx.Request] = []
    options: dict[str, Any] = {"base_url": "https://x.test"}  # the document declares no security scheme
    sync = sdk.InlineShapesClient(**options, http_client=httpx.Client(transport=httpx.MockTransport(_answer(seen))))
    asynchronous = sdk.AsyncInlineShapesClient(
        **options, http_client=httpx.AsyncClient(transport=httpx.MockTransport(_answer(seen)))
    )
    arguments: dict[str, Any] = {
        "status": sdk.models.MakeXRequestStatus.A,
        "kind": sdk.models.MakeXRequestKind.P,
        "tup": ["s", 1, True],
        "maybe": "fixed",
        "from_": "q",
        "market": "m1",
        "value": "v",
        "market_body": "m2",
        "from_body": "b",
        "self_body": "s",
        "with_space": "w",
    }
    made = sync.default.make_x("k 1", **arguments)
    assert made.mode == sdk.models.MakeXResponseMode.ON and made.user.id == 1
    asyncio.run(asynchronous.default.make_x("k 1", **arguments))
    sync.default.send_form(from_="f", class_="c", n2x="2")
    assert [r.url.path for r in seen] == ["/x/k 1", "/x/k 1", "/form"]
    assert [dict(r.url.params) for r in seen[:2]] == [{"from": "q", "market": "m1", "名前": "v"}] * 2
    bodies = [json.loads(r.content) for r in seen[:2]]
    wire = {"status": "a", "kind": "p", "tup": ["s", 1, True], "maybe": "fixed", "market": "m2", "from": "b"}
    assert bodies[0] == bodies[1] == {**wire, "self": "s", "with space": "w"}
    assert seen[2].content == b"from=f&class=c&2x=2"

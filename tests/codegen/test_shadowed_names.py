"""Names of someone else's document that were the generated code's own: GoDaddy's operation `list` beside methods
that return lists (mypy reads a signature in its class's scope, where `list` was the method: "not valid as a
type"), and its title `API` (its async client class was the runtime's `AsyncApiClient`, which the client module
imports)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from generator.openapi.load import parse_text
from generator.validate.lint import Lint
from generator.validate.structure import validate_document
from tests.conftest import imported_sdk, mypy_strict

DOC = """
openapi: 3.1.0
info: {title: API, version: "1"}
paths:
  /domains:
    get:
      operationId: list
      tags: [v1]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
  /domains/{domain}/records:
    get:
      operationId: recordGet
      tags: [v1]
      parameters:
        - {name: domain, in: path, required: true, schema: {type: string}}
        - {name: type, in: query, schema: {type: string, enum: [list, dict, "a list"]}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: integer}}}}}}
"""


@pytest.fixture(scope="module")
def api_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    folder = tmp_path_factory.mktemp("shadowed")
    with imported_sdk(folder, DOC, "api_sdk") as sdk:
        yield sdk, folder / "out"


def test_the_sdk_type_checks_and_its_methods_answer(api_sdk: tuple[ModuleType, Path]) -> None:
    sdk, out = api_sdk
    checked = mypy_strict(out, out)
    assert checked.returncode == 0, checked.stdout
    resource = (out / "api_sdk" / "resources" / "v1.py").read_text(encoding="utf-8")
    assert "-> builtins.list[int]:" in resource and 'Literal["list", "dict", "a list"]' in resource

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=["a.example"] if request.url.path == "/domains" else [1, 2])

    with sdk.ApiSdkClient(
        base_url="http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(answer))
    ) as client:
        found = (client.v1.list(), client.v1.record_get("a.example", type="list"))

    async def run() -> tuple[object, object]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with sdk.AsyncApiSdkClient(base_url="http://api.test", http_client=http) as client:
            return await client.v1.list(), await client.v1.record_get("a.example")

    assert found == asyncio.run(run()) == (["a.example"], [1, 2])


def test_a_client_name_x_sdk_gives_that_is_the_runtimes_is_an_error() -> None:
    doc = parse_text(
        DOC.replace('info: {title: API, version: "1"}', 'info: {title: API, version: "1"}\nx-sdk: {client: Api}'),
        "api.yaml",
    )
    _, found = validate_document(doc, Lint(default="off"))
    assert [d.message for d in found if d.level == "error"] == ["x-sdk.client 'Api' names the runtime's client class"]

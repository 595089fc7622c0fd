"""Each operation's declaration in `_operations.py` has a name of its own: operationIds that make one name in
capitals (`getPets`, `get_pets`), one that starts with a digit (Channel 4's `4oD_Browse_by_Date_Feed`) or has no
letter at all, and names the module takes itself (`SERVERS`) or a paginated listing's `_PAGES` takes. Before,
the later declaration silently replaced the earlier (a method sent another operation's request), or the
module was not Python and the whole document was refused."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.codegen.ir_builder import build_service
from generator.openapi.load import parse_text
from tests.conftest import imported_sdk

OK = '{"200": {description: ok, content: {application/json: {schema: {type: string}}}}}'
# (operationId, tag, path): each method must reach its own path.
OPERATIONS = (
    ("getPets", "a", "/a"),
    ("get_pets", "b", "/b"),
    ("GET-PETS", "c", "/c"),
    ("4oD_Browse_by_Date_Feed", "a", "/feed"),
    ("###", "b", "/hashes"),
    ("servers", "a", "/servers"),
    ("envelope", "b", "/envelope"),
)


def document() -> str:
    paths = "".join(
        f"  {path}:\n    get:\n      operationId: {op_id!r}\n      tags: [{tag}]\n      responses: {OK}\n"
        for op_id, tag, path in OPERATIONS
    )
    return (
        'openapi: 3.1.0\ninfo: {title: Names, version: "1"}\n'
        "servers: [{url: 'https://one.example'}, {url: 'https://two.example'}]\npaths:\n" + paths
    )


@pytest.fixture(scope="module")
def names_sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported_sdk(tmp_path_factory.mktemp("names"), document(), "names_sdk", "names.yaml") as sdk:
        yield sdk


def test_the_declarations_are_numbered_where_names_meet() -> None:
    service, _ = build_service(parse_text(document(), "names.yaml"))
    found = {op.operation_id: op.const_name for r in service.resources for op in r.operations}
    assert found == {
        "getPets": "GET_PETS",
        "get_pets": "GET_PETS_2",
        "GET-PETS": "GET_PETS_3",
        "4oD_Browse_by_Date_Feed": "N4O_D_BROWSE_BY_DATE_FEED",
        "###": "OPERATION",
        "servers": "SERVERS_2",
        "envelope": "ENVELOPE_2",
    }


def _methods(client: object) -> dict[str, Callable[[], Any]]:
    """operationId -> the bound method of the resource its tag names."""
    names = {"getPets": "get_pets", "get_pets": "get_pets", "GET-PETS": "get_pets", "###": "get"}
    names |= {"4oD_Browse_by_Date_Feed": "n4o_d_browse_by_date_feed", "servers": "servers", "envelope": "envelope"}
    return {op_id: getattr(getattr(client, tag), names[op_id]) for op_id, tag, _ in OPERATIONS}


def test_each_method_sends_its_own_request_sync_and_async(names_sdk: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=request.url.path)

    with names_sdk.NamesClient(
        base_url="http://names.test", http_client=httpx.Client(transport=httpx.MockTransport(answer))
    ) as client:
        sent = {op_id: method() for op_id, method in _methods(client).items()}

    async def run() -> dict[str, Any]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        async with names_sdk.AsyncNamesClient(base_url="http://names.test", http_client=http) as client:
            return {op_id: await method() for op_id, method in _methods(client).items()}

    expected = {op_id: path for op_id, _, path in OPERATIONS}
    assert sent == expected
    assert asyncio.run(run()) == expected


def test_a_listing_companion_name_is_not_another_declaration() -> None:
    listing = textwrap.dedent(
        """
        openapi: 3.1.0
        info: {title: Pages, version: "1"}
        paths:
          /things:
            get:
              operationId: list
              parameters: [{name: pageToken, in: query, schema: {type: string}}]
              x-pagination: {cursor: {param: pageToken, in: query}, next-cursor: /next, items: /data}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {data: {type: array, items: {type: string}}, next: {type: string}}
          /pages:
            get:
              operationId: listPages
              responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
        """
    )
    service, _ = build_service(parse_text(listing, "pages.yaml"))
    names = {op.operation_id: op.declared_names for r in service.resources for op in r.operations}
    assert names == {"list": ("LIST", "LIST_PAGES"), "listPages": ("LIST_PAGES_2",)}

"""A foreign document's SDK (no x- extensions): errors by HTTP status, plain methods, sync and async."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.conftest import imported_sdk

SHOP = """
openapi: 3.0.3
info: {title: "Corner Shop", version: "1.0"}
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: one item
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
        "404": {description: no such item}
components:
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string}
        price: {type: number, nullable: true}
        code: {type: string, format: shop-code}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported_sdk(tmp_path_factory.mktemp("shop"), SHOP, "corner_shop_sdk", "shop.yaml") as sdk:
        yield sdk


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/items/apple":
        return httpx.Response(200, json={"name": "apple", "price": None, "code": "A-1"})
    return httpx.Response(404, json={"detail": "not here"})


def test_a_plain_method_returns_the_model(shop: ModuleType) -> None:
    transport = httpx.MockTransport(answer)
    with shop.CornerShopClient(base_url="http://shop.test", http_client=httpx.Client(transport=transport)) as client:
        item = client.default.get_item("apple")
    assert (item.name, item.price, item.code) == ("apple", None, "A-1")  # unknown format: a plain str


def test_errors_are_classes_by_http_status(shop: ModuleType) -> None:
    transport = httpx.MockTransport(answer)
    with (
        shop.CornerShopClient(base_url="http://shop.test", http_client=httpx.Client(transport=transport)) as client,
        pytest.raises(shop.errors.NotFoundError) as raised,
    ):
        client.default.get_item("pear")
    assert raised.value.status_code == 404


async def test_the_async_client_does_the_same(shop: ModuleType) -> None:
    transport = httpx.MockTransport(answer)
    http_client = httpx.AsyncClient(transport=transport)
    async with shop.AsyncCornerShopClient(base_url="http://shop.test", http_client=http_client) as client:
        assert (await client.default.get_item("apple")).name == "apple"
        with pytest.raises(shop.errors.NotFoundError):
            await client.default.get_item("pear")


def test_names_come_from_the_title(shop: ModuleType) -> None:
    assert shop._client.BASE_URL_ENV == "CORNER_SHOP_BASE_URL"
    assert not hasattr(shop._client, "TOKEN_ENV")  # no security scheme: the client takes no credential
    assert 'named after its info.title,\n"Corner Shop"' in (shop.__doc__ or "")
    assert shop.__file__ is not None  # narrows str | None (a package imported from a file has one)
    assert Path(shop.__file__).parent.name == "corner_shop_sdk"

"""The IR builder: what each operation of a spec becomes (arguments, body, paging, errors), and its helpers."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from generator.codegen.ir import Operation, Service
from generator.codegen.ir_builder import _Builder, build_service
from generator.codegen.render_models import ModelIndex, render_models
from generator.openapi.load import SpecDocument, load_spec, parse_text
from tests.conftest import ROOT, TEMPLATES

GOLDEN = ROOT / "tests" / "golden"


def service_of(spec: Path) -> Service:
    doc = load_spec(spec)
    with tempfile.TemporaryDirectory() as work:
        _, index = render_models(doc, doc.data["x-sdk"]["package"], TEMPLATES / "models", Path(work))
    return build_service(doc, index)


@pytest.fixture(scope="module")
def widgets() -> dict[str, Operation]:
    service = service_of(GOLDEN / "pagination" / "spec.yaml")
    assert [r.name for r in service.resources] == ["widgets"]
    return {op.method_name: op for op in service.resources[0].operations}


@pytest.fixture(scope="module")
def items() -> dict[str, Operation]:
    return {op.method_name: op for op in service_of(GOLDEN / "operations" / "spec.yaml").resources[0].operations}


def arguments(op: Operation) -> list[tuple[str, str, bool]]:
    return [(p.python_name, p.location, p.required) for p in op.params]


def test_the_page_cursor_is_the_sdks_and_the_items_are_typed(widgets: dict[str, Operation]) -> None:
    listing = widgets["list_widgets"]
    assert arguments(listing) == [("shelf_id", "path", True), ("page_size", "query", False)]
    assert listing.item_type == "Widget" and listing.pagination is not None
    search = widgets["search_widgets"]
    assert search.body_class == "SearchRequest" and search.request_kind == "json"
    assert arguments(search) == [("query", "body", True), ("page_size", "body", False)]


def test_errors_are_found_through_refs_and_based_on_their_status(widgets: dict[str, Operation]) -> None:
    assert widgets["list_widgets"].error_classes == ["ShelfNotFound"]
    assert widgets["search_widgets"].error_classes == []
    service = service_of(GOLDEN / "pagination" / "spec.yaml")
    [error] = service.errors
    assert (error.class_name, error.status, error.base_class, error.parameters_type) == (
        "ShelfNotFound",
        404,
        "NotFoundError",
        "ShelfNotFoundParameters",
    )


def test_bodies_become_fields_one_value_or_nothing(items: dict[str, Operation]) -> None:
    assert arguments(items["create_item"]) == [("name", "body", True), ("tags", "body", False)]
    assert items["import_items"].body_class == "NewItems"
    assert arguments(items["import_items"]) == [("body", "body-value", True)]
    assert items["replace_item"].body_class == "dict[str, Any]"
    assert arguments(items["delete_item"]) == [("item_id", "path", True)]
    assert items["delete_item"].request_kind is None


def test_required_and_path_arguments_come_first(items: dict[str, Operation]) -> None:
    assert arguments(items["get_item"]) == [
        ("item_id", "path", True),
        ("x_request_id", "header", True),
        ("fields", "query", False),
        ("session", "cookie", False),
    ]


def builder(text: str) -> _Builder:
    doc: SpecDocument = parse_text(text, "mem.yaml")
    return _Builder(doc, ModelIndex(classes={"Thing": "Thing"}))


BUILDER_SPEC = """
openapi: 3.1.0
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
    Alias: {$ref: '#/components/schemas/Id'}
    Id: {type: string}
    Page:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        counts: {type: object, additionalProperties: {type: integer}}
"""


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"$ref": "#/components/schemas/Thing"}, "Thing"),
        ({"$ref": "#/components/schemas/Alias"}, "str"),
        ({"type": "array", "items": {"type": "integer"}}, "list[int]"),
        ({"type": ["string", "null"]}, "str | None"),
        ({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "string"}]}, "str | float"),
        ({"type": "object", "additionalProperties": {"type": "boolean"}}, "dict[str, bool]"),
        ({"type": "object"}, "dict[str, Any]"),
        ({}, "Any"),
    ],
)
def test_annotation(schema: Any, annotation: str) -> None:
    assert builder(BUILDER_SPEC).annotation(schema) == annotation


def test_schema_at_walks_properties_items_and_maps_through_refs() -> None:
    page = {"$ref": "#/components/schemas/Page"}
    b = builder(BUILDER_SPEC)
    assert b.schema_at(page, "/data/0") == {"$ref": "#/components/schemas/Thing"}
    assert b.schema_at(page, "/counts/anything") == {"type": "integer"}
    assert b.schema_at(page, "/data/0/id") == {"type": "string"}


def test_hidden_params_are_the_preview_switch_and_the_cursor() -> None:
    raw = {"x-preview": {"param": "preview", "value": True}, "x-pagination": {"cursor": {"param": "c", "in": "body"}}}
    assert builder(BUILDER_SPEC).hidden_params(raw) == {("query", "preview"), ("body", "c")}

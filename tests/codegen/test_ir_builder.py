"""The IR builder: what each operation of a spec becomes (arguments, body, paging, errors), and its helpers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.codegen.ir import Operation, ParamLocation, Service
from generator.codegen.ir_builder import _Builder, build_service
from generator.codegen.ir_models import ModelNames
from generator.codegen.ir_operation import schema_at
from generator.codegen.ir_types import ModelRef, annotation
from generator.openapi.load import SpecDocument, load_spec, parse_text
from generator.openapi.naming import resource_name
from generator.validate.lint import Lint
from generator.validate.structure import validate_document
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def service_of(spec: Path) -> Service:
    service, problems = build_service(load_spec(spec))
    assert problems == []
    return service


@pytest.fixture(scope="module")
def widgets() -> dict[str, Operation]:
    service = service_of(GOLDEN / "pagination" / "spec.yaml")
    assert [r.name for r in service.resources] == ["widgets"]
    return {op.method_name: op for op in service.resources[0].operations}


@pytest.fixture(scope="module")
def items() -> dict[str, Operation]:
    return {op.method_name: op for op in service_of(GOLDEN / "operations" / "spec.yaml").resources[0].operations}


def arguments(op: Operation) -> list[tuple[str, str, bool]]:
    return [(p.python_name, str(p.location), p.required) for p in op.params]


def test_the_page_cursor_is_the_sdks_and_the_items_are_typed(widgets: dict[str, Operation]) -> None:
    listing = widgets["list_widgets"]
    assert arguments(listing) == [("shelf_id", "path", True), ("page_size", "query", False)]
    assert listing.item_type == ModelRef("Widget") and listing.pagination is not None
    assert listing.pagination.cursor_in == "query" and listing.pagination.next_cursor.startswith("/")
    search = widgets["search_widgets"]
    assert search.body_model == "SearchRequest" and search.request_kind == "json"
    assert arguments(search) == [("query", "body", True), ("page_size", "body", False)]


def test_errors_are_found_through_refs_and_based_on_their_status(widgets: dict[str, Operation]) -> None:
    assert widgets["list_widgets"].error_classes == ("ShelfNotFound",)
    assert widgets["search_widgets"].error_classes == ()
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
    assert items["import_items"].body_type == ModelRef("NewItems") and items["import_items"].body_model is None
    assert arguments(items["import_items"]) == [("body", "body-value", True)]
    assert items["replace_item"].body_model == "ReplaceItemRequest"  # an inline body, hoisted and named from its place
    assert arguments(items["delete_item"]) == [("item_id", "path", True)]
    assert items["delete_item"].request_kind is None


def test_required_and_path_arguments_come_first(items: dict[str, Operation]) -> None:
    assert arguments(items["get_item"]) == [
        ("item_id", "path", True),
        ("x_request_id", "header", True),
        ("fields", "query", False),
        ("session", "cookie", False),
    ]


def names(text: str) -> ModelNames:
    doc: SpecDocument = parse_text(text, "mem.yaml")
    return ModelNames(doc.data)


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
    ("schema", "spelt"),
    [
        ({"$ref": "#/components/schemas/Thing"}, "Thing"),
        ({"$ref": "#/components/schemas/Alias"}, "Alias"),
        ({"type": "array", "items": {"type": "integer"}}, "list[int]"),
        ({"type": ["string", "null"]}, "str | None"),
        ({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "string"}]}, "str | float"),
        ({"type": "object", "additionalProperties": {"type": "boolean"}}, "dict[str, bool]"),
        ({"type": "object"}, "dict[str, Any]"),
        ({"type": "string", "format": "uuid"}, "str"),
        ({}, "Any"),
    ],
)
def test_argument_types(schema: Any, spelt: str) -> None:
    assert annotation(names(BUILDER_SPEC).plain_type(schema)) == spelt


def test_schema_at_walks_properties_items_and_maps_through_refs() -> None:
    page = {"$ref": "#/components/schemas/Page"}
    data = parse_text(BUILDER_SPEC, "mem.yaml").data
    assert schema_at(data, page, "/data/0") == {"$ref": "#/components/schemas/Thing"}
    assert schema_at(data, page, "/counts/anything") == {"type": "integer"}
    assert schema_at(data, page, "/data/0/id") == {"type": "string"}


def test_hidden_params_are_the_preview_switch_and_the_cursor() -> None:
    from generator.codegen.ir_extensions import pagination, preview

    spec = preview({"param": "preview", "value": True})
    pages = pagination({"cursor": {"param": "c", "in": "body"}, "next-cursor": "/n", "items": "/i"})
    assert spec is not None and spec.value == "true"
    assert _Builder.hidden_params(spec, pages) == {("query", "preview"), ("body", "c")}


def test_the_ir_is_built_from_the_document_alone_without_rendering_a_model() -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.codegen.ir_builder import build_service\n"
        "from generator.openapi.load import load_spec\n"
        f"service, problems = build_service(load_spec(Path({str(ROOT / 'spec' / 'karat.yaml')!r})))\n"
        "assert problems == [], problems\n"
        "backends = {'datamodel_code_generator', 'jinja2', 'openapi_python_client'} & set(sys.modules)\n"
        "assert not backends, backends\n"
        "ops = [op for r in service.resources for op in r.operations]\n"
        "print(len(ops), len(service.models), service.model('SearchRecordsRequest').fields[0].python_name)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    operations, models, first_field = done.stdout.split()
    assert int(operations) >= 3 and int(models) > 20 and first_field == "where"


SKIP_SPEC = """
openapi: 3.1.0
info: {title: Shapes, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: filter, in: query, schema: {type: array, items: {type: object}}, required: true}
      responses:
        "200": {description: ok}
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
"""


def test_an_operation_the_builder_cannot_express_is_skipped_with_its_location() -> None:
    service, problems = build_service(parse_text(SKIP_SPEC, "shapes.yaml"))
    [skipped] = service.skipped
    assert (skipped.method, skipped.path, skipped.location) == ("GET", "/things", "/paths/~1things/get")
    assert "holding arrays or objects" in skipped.reason
    [problem] = problems
    assert problem.pointer == "/paths/~1things/get/parameters/0/schema" and problem.line == 9
    [resource] = service.resources
    [built] = resource.operations
    assert built.method_name == "get_thing" and built.response_type == ModelRef("GetThingResponse")
    assert [(p.python_name, p.location) for p in built.params] == [("id", ParamLocation.PATH)]


TAGS_SPEC = """
openapi: 3.1.0
info: {title: Tags, version: "1"}
paths:
  /teams:
    get: {operationId: listTeams, tags: [Teams], responses: {"204": {description: ok}}}
  /teams/{id}:
    get:
      operationId: getTeam
      tags: [teams]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: ok}}
  /teams/all:
    get: {operationId: list_teams, tags: [teams], responses: {"204": {description: ok}}}
"""


def test_tags_that_give_one_resource_are_one_and_a_method_name_taken_twice_names_the_second_by_its_path() -> None:
    """`Teams` and `teams` are both the resource `teams`: one module, every method (the second tag's used to
    replace the first's, silently: PandaScore lost ten). Two operationIds whose methods would have one name there
    (`listTeams`, `list_teams`): the second is named from its method and path, said (method_names.py); it was
    left out before."""
    doc = parse_text(TAGS_SPEC, "tags.yaml")
    checked, diagnostics = validate_document(doc, Lint())
    said = [d.format() for d in diagnostics if "this one is named" in d.message]
    assert said == [
        "tags.yaml:14:10: warning: method 'list_teams' of resource 'teams' is also GET /teams's: this one is named "
        "'get_teams_all' (lint rule broken-operation) [#/paths/~1teams~1all/get]"
    ]
    service, problems = build_service(checked)
    [resource] = service.resources
    methods = [(o.method_name, o.path) for o in resource.operations]
    assert resource.name == "teams" and methods == [
        ("get_team", "/teams/{id}"),
        ("get_teams_all", "/teams/all"),
        ("list_teams", "/teams"),
    ]
    assert problems == []


def test_a_resource_named_as_a_builtin_of_the_client_body_takes_an_underscore() -> None:
    """Trello's tag `type`: a client attribute `type` hid the builtin in `type[BaseException]` (mypy refused it)."""
    assert [resource_name(t) for t in ("type", "Teams", "list", "filter", "class")] == [
        "type_",
        "teams",
        "list_",
        "filter",
        "class_",
    ]

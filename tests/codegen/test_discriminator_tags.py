"""A discriminated union's tags are the values a server sends (the members' const/enum), not class names.

The models backend types a member's discriminator property as `Literal[<schema name>]` when the member's enum
has several values (OpenAI's WebSearchTool: `type: {enum: [web_search, web_search_2025_08_26]}`), so the model
refused `web_search` and sent `WebSearchTool`; codegen/discriminators.py writes the tags into the mapping."""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from generator.codegen.discriminators import explicit_mappings
from generator.openapi.load import read_yaml
from tests.conftest import imported_sdk, mypy_strict

DOC = """
openapi: 3.1.0
info: {title: "Tagged Tools", version: "1.0"}
paths:
  /tools:
    get:
      operationId: listTools
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Tool"}
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Item"}
  /holders:
    get:
      operationId: getHolder
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
components:
  schemas:
    Holder:
      type: object
      properties:
        thing: {$ref: "#/components/schemas/object"}
        event: {$ref: "#/components/schemas/eventsResultData"}
    eventType: {type: string, enum: [traces, requests]}
    eventsResultData:
      type: object
      discriminator: {propertyName: type}
      properties: {type: {$ref: "#/components/schemas/eventType"}, id: {type: string}}
    eventsTraceResult:
      allOf: [{$ref: "#/components/schemas/eventsResultData"}, {properties: {message: {type: string}}}]
      x-ms-discriminator-value: trace
    eventsRequestResult:
      allOf: [{$ref: "#/components/schemas/eventsResultData"}, {properties: {url: {type: string}}}]
      x-ms-discriminator-value: request
    object:
      type: object
      discriminator: {propertyName: type}
      required: [type]
      properties: {type: {type: string}}
    pull_request:
      allOf:
        - {$ref: "#/components/schemas/object"}
        - {type: object, properties: {title: {type: string}}}
    repository:
      allOf:
        - {$ref: "#/components/schemas/object"}
        - {type: object, properties: {name: {type: string}}}
    Tool:
      oneOf:
        - {$ref: "#/components/schemas/WebSearchTool"}
        - {$ref: "#/components/schemas/FunctionTool"}
        - {$ref: "#/components/schemas/custom_tool"}
        - {$ref: "#/components/schemas/MappedTool"}
      discriminator:
        propertyName: type
        mapping: {mapped: "#/components/schemas/MappedTool"}
    WebSearchTool:
      type: object
      properties:
        type: {type: string, enum: [web_search, web_search_2025_08_26], default: web_search}
    FunctionTool:
      type: object
      required: [type, name]
      properties:
        type: {const: function}
        name: {type: string}
    custom_tool:
      type: object
      properties:
        type: {type: string}
    MappedTool:
      type: object
      properties:
        type: {type: string}
    Item:
      oneOf:
        - {$ref: "#/components/schemas/Reference"}
        - {$ref: "#/components/schemas/FunctionTool"}
      discriminator: {propertyName: type}
    Reference:
      type: object
      properties:
        type:
          anyOf:
            - {type: string, enum: [item_reference]}
            - {type: "null"}
"""


def document() -> dict[str, Any]:
    data = read_yaml(textwrap.dedent(DOC))
    assert isinstance(data, dict)
    return data


def test_each_member_gets_its_own_values_else_its_name_and_the_document_mapping_is_kept() -> None:
    data = document()
    explicit_mappings(data)
    ref = "#/components/schemas/"
    assert data["components"]["schemas"]["Tool"]["discriminator"]["mapping"] == {
        "mapped": f"{ref}MappedTool",
        "web_search": f"{ref}WebSearchTool",
        "web_search_2025_08_26": f"{ref}WebSearchTool",
        "function": f"{ref}FunctionTool",
        "custom_tool": f"{ref}custom_tool",
    }


def test_a_discriminated_base_gets_the_tags_of_the_components_that_extend_it() -> None:
    """Bitbucket's `object` (discriminator `type`, no oneOf) and its heirs by allOf: a reference to the base is
    their union, tagged by their names as a server sends them (`pull_request`, not the class `PullRequest`)."""
    data = document()
    explicit_mappings(data)
    ref = "#/components/schemas/"
    assert data["components"]["schemas"]["object"]["discriminator"]["mapping"] == {
        "pull_request": f"{ref}pull_request",
        "repository": f"{ref}repository",
    }


def test_an_azure_heir_is_tagged_by_its_x_ms_discriminator_value_and_the_base_property_is_open() -> None:
    """Azure's `eventsResultData` (discriminator `type`, a `$ref` to the enum `eventType`) and its heirs, each
    tagged by `x-ms-discriminator-value` (`trace`, no value of that enum): the base's enum was every heir's tags (the
    first took them all, the rest their class names), and a heir's `Literal` overrode an enum class."""
    data = document()
    explicit_mappings(data)
    ref = "#/components/schemas/"
    base = data["components"]["schemas"]["eventsResultData"]
    assert base["discriminator"]["mapping"] == {
        "trace": f"{ref}eventsTraceResult",
        "request": f"{ref}eventsRequestResult",
    }
    assert base["properties"]["type"] == {"type": "string"}


def test_a_union_with_a_member_whose_property_is_neither_open_nor_closed_is_left_as_it_is() -> None:
    data = document()
    before = copy.deepcopy(data["components"]["schemas"]["Item"])
    explicit_mappings(data)
    assert data["components"]["schemas"]["Item"] == before


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported_sdk(tmp_path_factory.mktemp("tagged_tools"), DOC, "tagged_tools_sdk.models") as module:
        yield module


@pytest.mark.parametrize(
    ("wire", "cls"),
    [
        ({"type": "web_search"}, "WebSearchTool"),
        ({"type": "web_search_2025_08_26"}, "WebSearchTool"),
        ({"type": "function", "name": "f"}, "FunctionTool"),
        ({"type": "custom_tool"}, "CustomTool"),
        ({"type": "mapped"}, "MappedTool"),
    ],
)
def test_the_union_accepts_what_a_server_sends(models: ModuleType, wire: dict[str, str], cls: str) -> None:
    value = pydantic.TypeAdapter(models.Tool).validate_python(wire)
    assert type(value).__name__ == cls
    assert value.model_dump(mode="json", by_alias=True, exclude_unset=True)["type"] == wire["type"]


def test_a_reference_to_the_base_reads_each_heir_by_its_tag(models: ModuleType) -> None:
    holder = models.Holder.model_validate({"thing": {"type": "pull_request", "title": "t"}})
    assert type(holder.thing).__name__ == "PullRequest" and holder.thing.title == "t"
    holder = models.Holder.model_validate({"thing": {"type": "repository", "name": "r"}})
    assert type(holder.thing).__name__ == "Repository"
    with pytest.raises(pydantic.ValidationError):
        models.Holder.model_validate({"thing": {"type": "PullRequest"}})
    event = models.Holder.model_validate({"event": {"type": "trace", "message": "m"}}).event
    assert type(event).__name__ == "EventsTraceResult" and event.message == "m"
    assert type(models.Holder.model_validate({"event": {"type": "request"}}).event).__name__ == "EventsRequestResult"


def test_the_models_pass_mypy_strict(models: ModuleType) -> None:
    assert models.__file__ is not None
    checked = mypy_strict(Path(models.__file__).parent.parent)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize("tag", ["WebSearchTool", "CustomTool"])
def test_the_union_refuses_a_class_name_as_a_tag(models: ModuleType, tag: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(models.Tool).validate_python({"type": tag})

"""The corpus mock's sample values (no corpus needed): what a real server would send for a schema."""

from __future__ import annotations

from typing import Annotated, Any

import pydantic
import pytest
from pydantic import BaseModel, Field

from corpus.arguments import build, fit
from corpus.exercise import within_bounds
from corpus.schema_samples import UNIX_TIME, SchemaSampler


def sampled(schemas: dict[str, Any], schema: dict[str, Any]) -> Any:
    return SchemaSampler({"components": {"schemas": schemas}}).sample(schema)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


MESSAGE = {"type": "object", "properties": {"type": {"type": "string", "enum": ["message"]}}, "required": ["id"]}
OPEN = {"type": "object", "properties": {"type": {"type": "string"}}}


def test_an_implicit_discriminator_tag_is_the_value_the_member_allows_else_its_name() -> None:
    item = {"oneOf": [ref("Message"), ref("Open")], "discriminator": {"propertyName": "type"}}
    assert sampled({"Message": MESSAGE, "Open": OPEN}, item) == {"id": "x", "type": "message"}
    assert sampled({"Message": MESSAGE, "Open": OPEN}, {**item, "oneOf": [ref("Open")]}) == {"type": "Open"}
    mapped = {**item, "discriminator": {"propertyName": "type", "mapping": {"msg": "#/components/schemas/Message"}}}
    assert sampled({"Message": MESSAGE}, mapped)["type"] == "msg"


def test_a_subtype_of_a_discriminated_base_is_tagged_with_its_own_const() -> None:
    base = {"type": "object", "properties": {"kind": {"type": "string"}}, "discriminator": {"propertyName": "kind"}}
    cat = {"allOf": [ref("Pet"), {"type": "object", "properties": {"kind": {"const": "cat"}}}]}
    assert sampled({"Pet": base, "Cat": cat}, ref("Pet")) == {"kind": "cat"}


def test_a_subtype_sampled_itself_is_tagged_as_a_server_tags_it() -> None:
    """Bitbucket's replies are `pipeline_variable` (allOf `object`, whose discriminator is `type`): a server sends
    `type: pipeline_variable`, its name; a mapping's key or the subtype's own const where it has one."""
    base = {"type": "object", "properties": {"kind": {"type": "string"}}, "discriminator": {"propertyName": "kind"}}
    heir = {"allOf": [ref("object"), {"type": "object", "properties": {"n": {"type": "integer"}}}]}
    cat = {"allOf": [ref("object"), {"type": "object", "properties": {"kind": {"const": "cat"}}}]}
    assert sampled({"object": base, "pipeline_variable": heir}, ref("pipeline_variable")) == {
        "kind": "pipeline_variable"
    }
    assert sampled({"object": base, "Cat": cat}, ref("Cat")) == {"kind": "cat"}
    mapped = {**base, "discriminator": {"propertyName": "kind", "mapping": {"pv": "#/components/schemas/p"}}}
    assert sampled({"object": mapped, "p": heir}, ref("p")) == {"kind": "pv"}


def test_an_allof_member_that_shapes_nothing_gives_no_value() -> None:
    at = {"type": "string", "format": "date-time", "minLength": 1}
    assert sampled({"At": at}, {"allOf": [{"nullable": True}, ref("At")]}) == "2024-01-02T03:04:05Z"


def test_an_allof_with_a_lone_keyword_beside_it_is_the_member_object() -> None:
    schemas = {"Model": {"type": "object", "properties": {"a": {"type": "integer"}}}}
    assert sampled(schemas, {"allOf": [ref("Model")], "nullable": False}) == {}


def test_a_property_required_by_one_allof_member_is_sampled_from_the_member_that_declares_it() -> None:
    schemas = {"Props": {"type": "object", "properties": {"tools": {"type": "array", "items": {"type": "integer"}}}}}
    schema = {"allOf": [ref("Props"), {"type": "object", "required": ["tools"]}]}
    assert sampled(schemas, schema) == {"tools": [1]}


def test_an_allof_member_of_required_names_alone_is_an_object() -> None:
    """DigitalOcean's `meta: {allOf: [{type: object, properties: {total}}, {required: [total]}]}`: no type."""
    meta = {"allOf": [{"type": "object", "properties": {"total": {"type": "integer"}}}, {"required": ["total"]}]}
    assert sampled({}, meta) == {"total": 1}


def test_an_example_of_another_type_than_the_schema_is_not_sent() -> None:
    assert sampled({}, {"type": "object", "example": '{"a": 1}'}) == {}
    assert sampled({}, {"type": "string", "example": "yes"}) == "yes"
    assert sampled({}, {"type": "integer", "default": True}) == 1


def test_a_unix_time_is_whole_seconds_and_a_cycle_ends_at_an_empty_list() -> None:
    assert sampled({}, {"type": "number", "format": "unixtime"}) == UNIX_TIME
    node = {"type": "object", "properties": {"children": {"type": "array", "items": ref("Node")}}}
    assert sampled({"Node": {**node, "required": ["children"]}}, ref("Node")) == {"children": []}


def test_a_deep_required_chain_is_sampled_to_its_end() -> None:
    schemas = {f"L{i}": {"type": "object", "properties": {"n": ref(f"L{i + 1}")}, "required": ["n"]} for i in range(12)}
    schemas["L12"] = {"type": "string"}
    value = sampled(schemas, ref("L0"))
    for _ in range(12):
        value = value["n"]
    assert value == "x"


def test_an_exclusive_minimum_is_stepped_over() -> None:
    """AppCenter's build `id: {type: integer, exclusiveMinimum: 0}` (3.1), and 3.0's flag on `minimum`."""
    assert sampled({}, {"type": "integer", "exclusiveMinimum": 0}) == 1
    assert sampled({}, {"type": "integer", "minimum": 5, "exclusiveMinimum": True}) == 6
    assert sampled({}, {"type": "number", "minimum": 0}) == 0.0


def test_a_bound_above_and_a_length_bound_are_kept() -> None:
    """A `maximum` alone, a `maxLength` shorter than a format's sample; a `minLength` longer than it."""
    assert sampled({}, {"type": "integer", "maximum": -3}) == -3
    assert sampled({}, {"type": "number", "maximum": 0}) == 0.0
    assert sampled({}, {"type": "string", "format": "date", "maxLength": 4}) == "2024"
    assert sampled({}, {"type": "string", "minLength": 3, "maxLength": 3}) == "xxx"
    assert sampled({}, {"type": "string", "format": "decimal"}) == "1.5"  # Nordigen's amounts, read as Decimal


def test_arguments_meet_their_annotations_bounds() -> None:
    """Storecove's `country: {minLength: 2, maxLength: 2}` refused the builder's "x": each argument now meets the
    length and number bounds pydantic reads from its annotation."""
    fields = Bounded.model_fields
    values = {name: fit(build(field.annotation, {}), field.metadata) for name, field in fields.items()}
    assert values == {"country": "xx", "tags": ["x", "x"], "count": 6, "ratio": 0.75, "below": 1, "above": 4.0}
    Bounded(**values)  # pydantic accepts every one
    assert build(Annotated[str, Field(min_length=3)], {}) == "xxx"  # bounds inside an annotation, as a parameter's


class Bounded(BaseModel):
    country: Annotated[str, Field(min_length=2, max_length=2)]
    tags: Annotated[list[str], Field(min_length=2)]
    count: Annotated[int, Field(ge=5, le=9, multiple_of=3)]
    ratio: Annotated[float, Field(gt=0.5, lt=1)]
    below: Annotated[int, Field(gt=-2, lt=2)]
    above: Annotated[float, Field(ge=3)]


def test_an_example_object_without_a_required_property_is_not_sent() -> None:
    """Codat's PagingInfo example nests `pageNumber` inside `_links`: a server sends the schema's shape."""
    paging = {
        "type": "object",
        "properties": {"pageNumber": {"type": "integer"}, "_links": {"type": "object"}},
        "required": ["pageNumber"],
        "examples": [{"_links": {"pageNumber": 1}}],
    }
    assert sampled({}, paging) == {"pageNumber": 1}
    assert sampled({}, {**paging, "examples": [{"pageNumber": 3}]}) == {"pageNumber": 3}


def test_arguments_a_body_model_refused_are_made_to_meet_its_bounds() -> None:
    """A method takes its body's fields as plain `str` parameters (Storecove's `country`), a field named as a path
    parameter as `<name>_body` (SwaggerHub's `owner`): the model's error names the bounds the exerciser then meets."""
    values = {"owner": "x", "owner_body": "x", "country": "x", "other": "x"}
    with pytest.raises(pydantic.ValidationError) as refused:
        Fork.model_validate({"owner": values["owner_body"], "country": values["country"]})
    assert within_bounds(values, refused.value) == {"owner": "x", "owner_body": "xxx", "country": "xx", "other": "x"}
    with pytest.raises(pydantic.ValidationError) as unfixable:
        Fork.model_validate({"owner": 1, "country": "xx"})
    with pytest.raises(pydantic.ValidationError):
        within_bounds({"country": "xx"}, unfixable.value)  # nothing to meet: the error stands


def test_a_value_out_of_bounds_deep_in_an_argument_is_made_to_meet_them() -> None:
    """Portfolio Optimizer's covariance matrix: each row `minItems: 2`, then the matrix itself."""
    values = {"matrix": [[1.5]]}
    with pytest.raises(pydantic.ValidationError) as rows:
        Matrix.model_validate(values)
    fixed = within_bounds(values, rows.value)
    assert fixed == {"matrix": [[1.5, 1.5]]} and values == {"matrix": [[1.5]]}  # the arguments are not changed
    with pytest.raises(pydantic.ValidationError) as matrix:
        Matrix.model_validate(fixed)
    assert within_bounds(fixed, matrix.value) == {"matrix": [[1.5, 1.5], [1.5, 1.5]]}


class Fork(BaseModel):
    owner: Annotated[str, Field(min_length=3)]
    country: Annotated[str, Field(min_length=2, max_length=2)]


class Matrix(BaseModel):
    matrix: Annotated[list[Annotated[list[float], Field(min_length=2)]], Field(min_length=2)]

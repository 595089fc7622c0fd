"""The one speller of types, in both modes: a model's or a response's type (`list`, `dict`) and an argument's
(input mode: `Sequence`, `SequenceNotStr`, `Mapping`, a list or map alias by its target), and the names each needs."""

from __future__ import annotations

import pytest

from generator.codegen.client_view import OperationView
from generator.codegen.ir_builder import build_service
from generator.codegen.ir_models import ModelNames
from generator.codegen.ir_types import (
    ANY,
    NONE,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    RuntimeType,
    Scalar,
    TypeRef,
    UnionOf,
    annotation,
    imported_names,
)
from generator.openapi.load import load_spec, parse_text
from tests.conftest import ROOT

STR, INT = Scalar("string"), Scalar("integer")
ALIASES: dict[str, TypeRef] = {
    "Selection": ListOf(ModelRef("SelectionItem")),
    "Labels": MapOf(STR),
    "Tree": ListOf(ModelRef("Tree")),  # an alias of a list of itself
}


@pytest.mark.parametrize(
    ("t", "output", "argument"),
    [
        (ListOf(STR), "list[str]", "SequenceNotStr[str]"),
        (ListOf(INT), "list[int]", "Sequence[int]"),
        (ListOf(ListOf(STR)), "list[list[str]]", "Sequence[SequenceNotStr[str]]"),
        (ListOf(ListOf(INT)), "list[list[int]]", "Sequence[Sequence[int]]"),
        (ListOf(ANY), "list[Any]", "SequenceNotStr[Any]"),
        (ListOf(UnionOf((INT, STR))), "list[int | str]", "SequenceNotStr[int | str]"),
        (ListOf(Scalar("string", "date")), "list[date]", "Sequence[date]"),
        (ListOf(LiteralOf(("S", "M"))), "list[Literal['S', 'M']]", "Sequence[Literal['S', 'M']]"),
        (ListOf(ModelRef("Item")), "list[Item]", "SequenceNotStr[Item]"),
        (MapOf(INT), "dict[str, int]", "Mapping[str, int]"),
        (MapOf(ListOf(STR), ModelRef("Key")), "dict[Key, list[str]]", "Mapping[Key, SequenceNotStr[str]]"),
        (UnionOf((ListOf(INT), NONE)), "list[int] | None", "Sequence[int] | None"),
        (ModelRef("Selection"), "Selection", "SequenceNotStr[SelectionItem]"),
        (ModelRef("Labels"), "Labels", "Mapping[str, str]"),
        (ModelRef("Tree"), "Tree", "Sequence[Tree]"),
        (ListOf(ModelRef("Selection")), "list[Selection]", "Sequence[SequenceNotStr[SelectionItem]]"),
        (ModelRef("Item"), "Item", "Item"),
        (UnionOf((ModelRef("Item"), ModelRef("Other"))), "Item | Other", "Item | Other"),
        (RuntimeType("FileInput"), "FileInput", "FileInput"),
        (STR, "str", "str"),
    ],
)
def test_an_argument_is_spelt_covariant_and_anything_else_as_the_models_have_it(
    t: TypeRef, output: str, argument: str
) -> None:
    assert annotation(t) == output
    assert annotation(t, inputs=ALIASES) == argument


def test_input_mode_names_the_containers_and_the_targets_imports() -> None:
    assert imported_names(ListOf(STR)) == set()
    assert imported_names(ListOf(STR), inputs={}) == {"SequenceNotStr"}
    assert imported_names(MapOf(ListOf(INT)), inputs={}) == {"Mapping", "Sequence"}
    aliases: dict[str, TypeRef] = {"Sizes": ListOf(LiteralOf(("S",))), "Dates": MapOf(Scalar("string", "date"))}
    assert imported_names(ModelRef("Sizes")) == set()
    assert imported_names(ModelRef("Sizes"), inputs=aliases) == {"Sequence", "Literal"}
    assert imported_names(ModelRef("Dates"), inputs=aliases) == {"Mapping", "date"}
    assert imported_names(ModelRef("Tree"), inputs=ALIASES) == {"Sequence"}


ALIAS_DOC = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Item: {type: object, properties: {id: {type: string}}}
    Items: {type: array, items: {$ref: '#/components/schemas/Item'}}
    Labels: {type: object, additionalProperties: {type: integer}}
    Color: {type: string, enum: [red, blue]}
    Pair: {type: array, prefixItems: [{type: string}, {type: integer}]}
    MaybeItems: {type: [array, "null"], items: {type: string}}
    Again: {$ref: '#/components/schemas/Items'}
    Either: {oneOf: [{type: array, items: {type: string}}, {type: string}]}
    Open: {type: object}
"""


def test_the_models_know_which_are_aliases_of_a_list_or_a_map_and_their_targets() -> None:
    models = ModelNames(parse_text(ALIAS_DOC, "mem.yaml").data).models
    assert {name: m.alias for name, m in models.items() if m.alias} == {
        "Items": ListOf(ModelRef("Item")),
        "Labels": MapOf(INT),
    }


def test_an_operations_arguments_are_covariant_and_its_response_and_dumped_body_are_not() -> None:
    service, _ = build_service(load_spec(ROOT / "tests" / "golden" / "operations" / "spec.yaml"))
    assert service.aliases == {"NewItems": ListOf(ModelRef("NewItem"))}
    ops = {op.method_name: OperationView.of(op, service.aliases) for op in service.resources[0].operations}
    body = ops["import_items"].params[0]
    assert (body.annotation, body.dumped_as) == ("SequenceNotStr[_models.NewItem]", "_models.NewItems")
    tags = {p.python_name: p for p in ops["list_items"].params}["tag"]
    assert (tags.annotation, tags.optional_annotation) == ("SequenceNotStr[str]", "SequenceNotStr[str] | None")
    assert ops["list_items"].response_annotation == "list[_models.Item]"
    assert {"SequenceNotStr", "Sequence"} <= ops["list_items"].imported_names

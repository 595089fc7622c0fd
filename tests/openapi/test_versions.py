"""OpenAPI 3.0 and 3.1 in: YAML 1.2 scalars, 3.0 normalized to 3.1 in one place, diagnostics where the user wrote them."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from generator.openapi.diagnostics import GenerationError
from generator.openapi.load import load_spec
from generator.openapi.normalize import normalize
from generator.validate.lint import Lint
from generator.validate.structure import validate_document

WARN = Lint()


def spec(tmp_path: Path, text: str, name: str = "api.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_yaml_scalars_are_read_with_yaml_12_semantics(tmp_path: Path) -> None:
    path = spec(
        tmp_path,
        """
        openapi: 3.1.0
        values: {time: 18:00, yes: yes, no: no, on: on, zip: 012, octal: 0o17, hex: 0x1F, date: 2024-01-02,
                 t: true, f: false, n: null, tilde: ~, float: 1.5, exp: 1e3, int: -3}
        """,
    )
    values = load_spec(path).data["values"]
    assert values == {
        "time": "18:00",
        "yes": "yes",
        "no": "no",
        "on": "on",
        "zip": "012",
        "octal": 15,
        "hex": 31,
        "date": "2024-01-02",
        "t": True,
        "f": False,
        "n": None,
        "tilde": None,
        "float": 1.5,
        "exp": 1000.0,
        "int": -3,
    }


def test_an_example_time_is_checked_as_the_string_it_is(tmp_path: Path) -> None:
    path = spec(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: Clock, version: "1"}
        paths: {}
        components:
          schemas:
            Opening: {type: string, pattern: "^[0-9]{2}:[0-9]{2}$", example: 18:00}
        """,
    )
    _, found = validate_document(load_spec(path), WARN)
    assert not [d for d in found if "example" in d.message], found


OPENAPI_30 = """
openapi: 3.0.3
info: {title: Zoo, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string, nullable: true}
        kind: {type: string, enum: [cat, dog], nullable: true}
        owner:
          $ref: '#/components/schemas/Owner'
        age: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 30, exclusiveMaximum: false}
        tag: {nullable: true}
    Owner:
      nullable: true
      allOf:
        - $ref: '#/components/schemas/Person'
    Person: {type: object, properties: {id: {type: string, format: flavour}}}
"""


def test_openapi_30_is_normalized_to_31(tmp_path: Path) -> None:
    doc = normalize(load_spec(spec(tmp_path, OPENAPI_30)))
    schemas = doc.data["components"]["schemas"]
    props = schemas["Pet"]["properties"]
    assert doc.data["openapi"] == "3.1.0"
    assert props["name"] == {"type": ["string", "null"]}
    assert props["kind"] == {"type": ["string", "null"], "enum": ["cat", "dog", None]}
    assert props["age"] == {"type": "integer", "exclusiveMinimum": 0, "maximum": 30}
    assert props["tag"] == {}
    assert schemas["Owner"] == {"anyOf": [{"allOf": [{"$ref": "#/components/schemas/Person"}]}, {"type": "null"}]}


NULLABLE_MEMBER = """
openapi: 3.0.3
info: {title: Series, version: "1"}
paths: {}
components:
  schemas:
    OpponentID:
      anyOf: [{type: integer}, {type: string}]
    Serie:
      type: object
      properties:
        winner_id:
          allOf: [{nullable: true}, {$ref: "#/components/schemas/OpponentID"}]
          title: OpponentID
        loser:
          allOf: [{nullable: true}, {$ref: "#/components/schemas/OpponentID"}, {description: the loser}]
"""


def test_a_nullable_allof_member_makes_the_schema_nullable(tmp_path: Path) -> None:
    """PandaScore's `allOf: [{nullable: true}, {$ref: OpponentID}]` (3.0 cannot put `nullable` beside a `$ref`):
    the `$ref` or null. Read as an allOf of an empty member, the models were an empty class."""
    loaded = load_spec(spec(tmp_path, NULLABLE_MEMBER))
    doc = normalize(loaded)
    props = doc.data["components"]["schemas"]["Serie"]["properties"]
    ref = {"$ref": "#/components/schemas/OpponentID"}
    assert props["winner_id"] == {"title": "OpponentID", "anyOf": [ref, {"type": "null"}]}
    assert props["loser"] == {"anyOf": [{"allOf": [ref, {"description": "the loser"}]}, {"type": "null"}]}
    assert doc.where("/components/schemas/Serie/properties/winner_id/anyOf/0/$ref") == loaded.where(
        "/components/schemas/Serie/properties/winner_id/allOf/1/$ref"
    )


def test_a_moved_value_keeps_the_line_the_user_wrote_it_on(tmp_path: Path) -> None:
    loaded = load_spec(spec(tmp_path, OPENAPI_30))
    doc = normalize(loaded)
    assert doc.where("/components/schemas/Owner/anyOf/0/allOf/0/$ref") == loaded.where(
        "/components/schemas/Owner/allOf/0/$ref"
    )


def test_diagnostics_of_a_30_document_point_into_the_users_file(tmp_path: Path) -> None:
    _, found = validate_document(load_spec(spec(tmp_path, OPENAPI_30)), WARN)
    formats = [d for d in found if "flavour" in d.message]
    lines = OPENAPI_30.strip().splitlines()
    person_line = next(number for number, text in enumerate(lines, 1) if "Person:" in text)
    assert [(d.line, d.level, d.pointer) for d in formats] == [
        (person_line, "warning", "/components/schemas/Person/properties/id/format")
    ]
    assert "generated as a plain string" in formats[0].message


def test_a_30_document_is_checked_against_the_30_schema(tmp_path: Path) -> None:
    path = spec(
        tmp_path,
        """
        openapi: 3.0.0
        info: {title: T, version: "1"}
        paths:
          /a:
            get:
              title: not a field of operations
              responses: {"200": {description: ok}}
        """,
    )
    _, found = validate_document(load_spec(path), dataclasses.replace(WARN, strict=True))
    errors = [d for d in found if d.level == "error"]
    assert [(d.line, d.col, d.pointer) for d in errors] == [(6, 7, "/paths/~1a/get/title")]  # at the key itself
    assert "unexpected key 'title'" in errors[0].message
    _, lenient = validate_document(load_spec(path), WARN)
    assert [d.level for d in lenient if "`title`" in d.message] == ["warning"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("swagger: '2.0'", "Swagger 2.0 is not supported; convert the document to OpenAPI 3"),
        ("openapi: 3.2.0", "OpenAPI '3.2.0' is not supported (3.0.x and 3.1.x are)"),
        ("info: {title: T}", "not an OpenAPI document"),
    ],
)
def test_unsupported_versions_are_named(tmp_path: Path, head: str, expected: str) -> None:
    _, found = validate_document(load_spec(spec(tmp_path, head + "\npaths: {}\n")), WARN)
    assert [d.level for d in found] == ["error"]
    assert expected in found[0].message


def test_a_json_document_loads_with_locations(tmp_path: Path) -> None:
    path = spec(
        tmp_path, '{\n  "openapi": "3.0.0",\n  "info": {"title": "J", "version": "1"},\n  "paths": {}\n}\n', "a.json"
    )
    doc = load_spec(path)
    assert doc.where("/info/title") == (3, 21)


def test_duplicate_keys_are_still_refused(tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match="duplicate key 'a'"):
        load_spec(spec(tmp_path, "a: 1\na: 2\n"))

"""A discriminator mapping to a schema the document lacks: someone else's document loses the discriminator, not the
operation; this repository's spec/ (`broken-operation` at error) and `--strict` keep the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.openapi.load import load_spec
from generator.openapi.pointer import resolve_pointer
from generator.validate.lint import Lint
from generator.validate.structure import validate_document

DOC = """
openapi: 3.1.0
info: {title: Actions, version: "1"}
paths:
  /actions:
    post:
      operationId: act
      requestBody:
        content:
          application/json:
            schema:
              oneOf: [{$ref: "#/components/schemas/Power"}, {$ref: "#/components/schemas/Rename"}]
              discriminator:
                propertyName: type
                mapping: {power_on: "models/actions.yml#/power", rename: Renamee}
      responses:
        "204": {description: done}
components:
  schemas:
    Power: {type: object, properties: {type: {const: power_on}}, required: [type]}
    Rename: {type: object, properties: {type: {const: rename}, name: {type: string}}, required: [type]}
"""
SCHEMA = "/paths/~1actions/post/requestBody/content/application~1json/schema"


def validated(tmp_path: Path, lint: Lint) -> tuple[dict[str, object], list[str]]:
    path = tmp_path / "actions.yaml"
    path.write_text(DOC, encoding="utf-8")
    doc, found = validate_document(load_spec(path), lint)
    return resolve_pointer(doc.data, SCHEMA), [f"{d.level}: {d.message}" for d in found]


def test_someone_elses_document_keeps_the_operation_without_the_discriminator(tmp_path: Path) -> None:
    schema, found = validated(tmp_path, Lint(default="off", levels={"broken-operation": "warning"}))
    assert "discriminator" not in schema and len(schema["oneOf"]) == 2  # type: ignore[arg-type]
    assert found == [
        "warning: mapping 'power_on' is not a local $ref or schema name: 'models/actions.yml#/power' (and 1 more): "
        "the discriminator is ignored (the union's members are told apart by validation) (lint rule broken-operation)"
    ]


@pytest.mark.parametrize(
    "lint", [Lint(default="off", levels={"broken-operation": "error"}), Lint(default="off", strict=True)]
)
def test_the_projects_specs_and_strict_refuse_it_naming_each_mapping(tmp_path: Path, lint: Lint) -> None:
    schema, found = validated(tmp_path, lint)
    assert "discriminator" in schema
    assert found == [
        "error: mapping 'power_on' is not a local $ref or schema name: 'models/actions.yml#/power'",
        "error: mapping 'rename' points at a missing schema 'Renamee'; did you mean '#/components/schemas/Rename'?",
    ]

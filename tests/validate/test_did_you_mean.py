""" "Did you mean": a misspelled key is an error at the key itself; a $ref to nothing names the closest names."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.openapi.load import load_spec
from generator.validate.lint import Lint
from generator.validate.structure import validate_document

OPERATION = """
openapi: {version}
info: {{title: T, version: "1"}}
paths:
  /pets:
    get:
      operationId: listPets
      title: List pets
      reponses:
        "200": {{description: ok}}
      parameters:
        - {{name: limit, in: query, shema: {{type: integer}}}}
"""


def errors(tmp_path: Path, text: str, **files: str) -> list[str]:
    for name, content in {"api.yaml": text, **files}.items():
        (tmp_path / name).write_text(textwrap.dedent(content).lstrip(), encoding="utf-8")
    lint = Lint({"broken-operation": "error", "broken-component": "error"}, default="off")  # else left out, said
    _, found = validate_document(load_spec(tmp_path / "api.yaml"), lint)
    return [d.format().split(":", 1)[1] for d in found if d.level == "error"]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_misspelled_key_is_an_error_at_the_key_with_the_key_it_is_close_to(tmp_path: Path, version: str) -> None:
    found = errors(tmp_path, OPERATION.format(version=version))
    reponses = (
        "8:7: error: invalid OpenAPI: unexpected key 'reponses' (only the keys the specification defines and x- "
        "extensions are allowed here); did you mean 'responses'? [#/paths/~1pets/get/reponses]"
    )
    shema = (
        "11:36: error: invalid OpenAPI: unexpected key 'shema' (only the keys the specification defines and x- "
        "extensions are allowed here); did you mean 'schema'? [#/paths/~1pets/get/parameters/0/shema]"
    )
    assert reponses in found and shema in found, found
    assert not any("'title'" in line for line in found)  # close to nothing: read leniently (ignored, a warning)


def test_an_unresolved_ref_names_the_closest_names_of_its_kind(tmp_path: Path) -> None:
    text = """
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths: {}
    components:
      schemas:
        Pet: {type: object}
        Pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
        Owner:
          properties:
            pet: {$ref: '#/components/schemas/Pett'}
            dog: {$ref: 'other.yaml#/components/schemas/Doggo'}
            cat: {$ref: '#/components/schema/Pet'}
    """
    other = "components:\n  schemas:\n    Dog: {type: string}\n    Cat: {type: string}\n"
    assert errors(tmp_path, text, **{"other.yaml": other}) == [
        "11:21: error: unresolved $ref: other.yaml has no /components/schemas/Doggo; did you mean "
        "'other.yaml#/components/schemas/Dog'? [#/components/schemas/Owner/properties/dog/$ref]",
        "10:21: error: unresolved $ref '#/components/schemas/Pett'; did you mean '#/components/schemas/Pet' or "
        "'#/components/schemas/Pets'? [#/components/schemas/Owner/properties/pet/$ref]",
        "12:21: error: unresolved $ref '#/components/schema/Pet'; did you mean '#/components/schemas/Pet'? "
        "[#/components/schemas/Owner/properties/cat/$ref]",
    ]


def test_a_discriminator_mapping_to_nothing_names_the_closest_schema(tmp_path: Path) -> None:
    text = """
    openapi: 3.1.0
    info: {title: T, version: "1"}
    paths: {}
    components:
      schemas:
        Cat: {type: object, properties: {kind: {const: cat}}, required: [kind]}
        Pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}]
          discriminator: {propertyName: kind, mapping: {cat: Catt}}
    """
    (found,) = errors(tmp_path, text)
    assert found.startswith("9:58: error: mapping 'cat' points at a missing schema 'Catt'; did you mean ")
    assert "'#/components/schemas/Cat'?" in found

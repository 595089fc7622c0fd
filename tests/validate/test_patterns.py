"""A schema's `pattern` is an ECMA-262 regular expression (JSON Schema's), not one Python's `re` must read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.openapi.load import load_spec
from generator.validate.lint import Lint
from generator.validate.structure import validate_document

DOC = """
openapi: {version}
info: {{title: Tags, version: "1"}}
paths: {{}}
components:
  schemas:
    TagKey: {{type: string, pattern: '{pattern}'}}
"""


def errors(tmp_path: Path, version: str, pattern: str) -> list[str]:
    path = tmp_path / "tags.yaml"
    path.write_text(DOC.format(version=version, pattern=pattern), encoding="utf-8")
    _, found = validate_document(load_spec(path), Lint(default="off", strict=True))
    return [d.message for d in found if d.level == "error"]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_ecma_only_syntax_is_a_valid_pattern_and_a_broken_one_is_not(tmp_path: Path, version: str) -> None:
    """CloudFront's `TagKey: {pattern: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$'}` was "not a 'regex'", and every
    operation that tags a distribution was left out."""
    assert errors(tmp_path, version, r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$") == []
    assert errors(tmp_path, version, r"^(?<year>\d{4})-\u{2014}$") == []
    assert "invalid OpenAPI: '^(unclosed$' is not a 'regex'" in errors(tmp_path, version, r"^(unclosed$")


def test_an_example_under_a_pattern_of_nested_quantifiers_is_not_run_against_it(tmp_path: Path) -> None:
    """BeezUP's URL pattern `([\\/\\w \\.-]*)*` took Python's `re` exponential time on an example it does not match:
    generation hung. Such a pattern is not run; the example is said to be unchecked, and others still are."""
    from generator.validate.examples import example_problems

    url = r"^(https?:\/\/)?([\da-z\.-]+)\.([a-z\.]{2,6})([\/\w \.-]*)*\/?$"
    text = DOC.format(version="3.1.0", pattern=url.replace("'", "''"))
    text = text.replace("TagKey: {", "TagKey: {example: 'https://Example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?x', ")
    text += "    Code: {type: string, pattern: '^[A-Z]{3}$', example: usd}\n"
    (tmp_path / "tags.yaml").write_text(text, encoding="utf-8")
    found = dict(example_problems(load_spec(tmp_path / "tags.yaml")))
    assert found == {
        "/components/schemas/TagKey": "cannot check the example /components/schemas/TagKey/example: its pattern "
        f"{url!r} nests quantifiers (exponential time on a mismatch): not run",
        "/components/schemas/Code/example": "example does not match its schema: 'usd' does not match '^[A-Z]{3}$'",
    }

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

"""The house rules as a lint: levels per project (pyproject.toml), warnings printed, --fail-on-warning."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from generator.codegen.compare import tree_files
from generator.openapi.diagnostics import GenerationError
from generator.validate.lint import Lint, load_lint
from tests.conftest import ROOT, run_generator

FOREIGN = """
openapi: 3.0.3
info: {title: "Pet Shop", version: "2.1"}
paths:
  /pets/{petId}:
    get:
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: a pet
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet: {type: object, required: [name], properties: {name: {type: string, nullable: true}}}
"""


def project(tmp_path: Path, lint: str | None) -> Path:
    (tmp_path / "shop.yaml").write_text(textwrap.dedent(FOREIGN).lstrip(), encoding="utf-8")
    if lint is not None:
        (tmp_path / "pyproject.toml").write_text(f"[tool.sdk-pipeline.lint]\n{lint}\n", encoding="utf-8")
    return tmp_path


def generate(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = ["generate", "--spec", "shop.yaml", "--output", "out", "--templates", str(ROOT / "templates"), *extra]
    return run_generator(*args, cwd=folder)


def test_a_foreign_document_generates_with_its_warnings_printed(tmp_path: Path) -> None:
    result = generate(project(tmp_path, None))
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.splitlines()
    assert "shop.yaml:1:1: warning: document has no x-sdk extension" in result.stderr
    assert any("(lint rule operation-id) [#/paths/~1pets~1{petId}/get]" in w for w in warnings), result.stderr
    assert "errors are told apart by HTTP status (lint rule x-error-envelope)" in result.stderr
    package = tmp_path / "out" / "pet_shop_sdk"
    init = (package / "__init__.py").read_text(encoding="utf-8")
    assert "from pet_shop_sdk import PetShopClient" in init
    assert "(PET_SHOP_BASE_URL) are named after its info.title" in init  # no security scheme: no token
    resource = (package / "resources" / "default.py").read_text(encoding="utf-8")
    assert "def get_pets_pet_id(" in resource  # no operationId, no tags: method from method and path


def test_fail_on_warning_makes_warnings_fatal_and_writes_nothing(tmp_path: Path) -> None:
    result = generate(project(tmp_path, None), "--fail-on-warning")
    assert result.returncode == 1
    assert "warning(s) made fatal by --fail-on-warning; nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_project_that_makes_the_rules_errors_refuses_the_document(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("previous", encoding="utf-8")
    shutil.copy(ROOT / "generated" / "MANIFEST", tmp_path / "out" / "MANIFEST")  # ours, so only the lint can refuse
    before = tree_files(tmp_path / "out")
    result = generate(project(tmp_path, 'default = "error"\n"x-error-envelope" = "off"'))
    assert result.returncode == 1
    assert ": error: operation has no summary (lint rule operation-summary)" in result.stderr
    assert "x-error-envelope" not in result.stderr
    assert tree_files(tmp_path / "out") == before


def test_a_rule_turned_off_says_nothing(tmp_path: Path) -> None:
    result = generate(project(tmp_path, '"operation-id" = "off"\n"x-sdk" = "off"'))
    assert result.returncode == 0, result.stderr
    assert "operation-id" not in result.stderr and "x-sdk" not in result.stderr
    assert "operation-summary" in result.stderr


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('"operation-colour" = "error"', "unknown lint rule 'operation-colour'"),
        ('"examples" = "loud"', "lint rule 'examples': level must be one of error, warning, off, got 'loud'"),
    ],
)
def test_a_bad_setting_is_an_error(tmp_path: Path, setting: str, expected: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.sdk-pipeline.lint]\n{setting}\n", encoding="utf-8")
    with pytest.raises(GenerationError, match=expected):
        load_lint(tmp_path)


def test_levels_fall_back_to_the_default() -> None:
    lint = Lint({"examples": "off"}, "error")
    assert (lint.level("examples"), lint.level("x-sdk"), Lint().level("x-sdk")) == ("off", "error", "warning")
    with pytest.raises(KeyError):
        lint.level("no-such-rule")


def test_this_projects_specs_are_held_to_every_rule() -> None:
    assert load_lint(ROOT) == Lint({}, "error", "pyproject.toml")


def test_the_repository_specs_still_fail_on_a_house_rule(tmp_path: Path) -> None:
    """spec/ keeps today's strictness: the bundled pyproject makes a missing description an error."""
    text = (ROOT / "spec" / "unicat.yaml").read_text(encoding="utf-8")
    assert "    description: " in text
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "unicat.yaml").write_text(text.replace("x-sdk:", "x-sdk-was:", 1), encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = run_generator("validate", "spec/unicat.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: document has no x-sdk extension" in result.stderr


def test_a_foreign_document_gets_the_defaults_when_generated_from_inside_the_repository(tmp_path: Path) -> None:
    """The levels come from the pyproject.toml nearest the document, not the working directory's (ROOT's: errors)."""
    (tmp_path / "theirs").mkdir()
    spec = project(tmp_path / "theirs", None)
    args = ["generate", "--spec", str(spec / "shop.yaml"), "--output", str(tmp_path / "out")]
    result = run_generator(*args, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert ": warning: operation has no summary (lint rule operation-summary)" in result.stderr
    assert ": error: " not in result.stderr
    strict = run_generator(*args, "--lint-default", "error", cwd=ROOT)
    assert strict.returncode == 1
    assert ": error: operation has no summary (lint rule operation-summary)" in strict.stderr


def test_a_document_follows_its_own_projects_settings_from_anywhere(tmp_path: Path) -> None:
    (tmp_path / "theirs").mkdir()
    folder = project(tmp_path / "theirs", 'default = "error"')
    result = run_generator("validate", str(folder / "shop.yaml"), cwd=tmp_path)
    assert result.returncode == 1
    assert ": error: operation has no summary (lint rule operation-summary)" in result.stderr
    quiet = run_generator("validate", str(folder / "shop.yaml"), "--lint-default", "off", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert "lint rule" not in quiet.stderr

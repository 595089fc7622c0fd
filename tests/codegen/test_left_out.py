"""Nothing all-or-nothing for a foreign document: an operation the SDK cannot express is left out, with a warning.

The rest of the document generates, and works; `--fail-on-warning`, or the lint rule operation-shape
set to `error` (this repository's spec/), keeps such a document fatal.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT, TEMPLATES, run_generator

SHAPES = """
openapi: 3.1.0
info: {title: Shapes, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: filter, in: query, style: deepObject, schema: {type: array, items: {type: string}}}
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
WARNING = (
    "shapes.yaml:8:64: warning: style 'deepObject' takes an object; query parameter 'filter' is an array; "
    "GET /things is left out (lint rule operation-shape) [#/paths/~1things/get/parameters/0/schema]"
)
SUMMARY = "shapes.yaml: generated 1 of 2 operations; 1 left out (see the warnings above)"


def project(tmp_path: Path, lint: str | None = None) -> Path:
    (tmp_path / "shapes.yaml").write_text(textwrap.dedent(SHAPES).lstrip(), encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    if lint is not None:
        (tmp_path / "pyproject.toml").write_text(f"[tool.sdk-pipeline.lint]\n{lint}\n", encoding="utf-8")
    return tmp_path


def test_the_rest_generates_and_works_and_the_left_out_one_is_a_located_warning(tmp_path: Path) -> None:
    result = run_generator("generate", "--spec", "shapes.yaml", "--output", "out", cwd=project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert WARNING in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == SUMMARY
    script = (
        "import httpx\n"
        "from shapes_sdk import ShapesClient\n"
        "def answer(request):\n"
        "    return httpx.Response(200, json={'id': request.url.path.rsplit('/', 1)[1]})\n"
        "client = ShapesClient(base_url='https://shapes.test',"
        " http_client=httpx.Client(transport=httpx.MockTransport(answer)))\n"
        "print(client.default.get_thing('a7').id, hasattr(client.default, 'list_things'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path / "out", capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "a7 False\n"), done.stderr


def test_fail_on_warning_keeps_it_fatal_and_writes_nothing(tmp_path: Path) -> None:
    result = run_generator(
        "generate", "--spec", "shapes.yaml", "--output", "out", "--fail-on-warning", cwd=project(tmp_path)
    )
    assert result.returncode == 1 and WARNING in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_lint_rule_set_to_error_keeps_it_fatal(tmp_path: Path) -> None:
    result = run_generator(
        "generate", "--spec", "shapes.yaml", "--output", "out", cwd=project(tmp_path, '"operation-shape" = "error"')
    )
    assert result.returncode == 1, result.stderr
    assert (
        "shapes.yaml:8:64: error: style 'deepObject' takes an object; query parameter 'filter' is an array "
        "(lint rule operation-shape)"
    ) in result.stderr
    assert SUMMARY not in result.stderr and not (tmp_path / "out").exists()


def test_this_repositorys_specs_hold_every_operation_to_the_rule() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'default = "error"' in text and "operation-shape" not in text


BROKEN = """
openapi: 3.1.0
info: {title: Broken Parts, version: "1"}
paths:
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
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
    Broken: {type: strin}
    UsesBroken: {type: object, properties: {b: {$ref: '#/components/schemas/Broken'}}}
"""


def test_a_broken_component_no_operation_uses_is_left_out_and_the_rest_generates(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(textwrap.dedent(BROKEN).lstrip(), encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    result = run_generator("generate", "--spec", "broken.yaml", "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        "broken.yaml:18:20: warning: invalid OpenAPI: 'strin' is not valid under any of the given schemas; "
        "schemas/Broken is used by no operation and is left out (lint rule broken-component)"
    ) in result.stderr
    models = (tmp_path / "out" / "broken_parts_sdk" / "models.py").read_text(encoding="utf-8")
    assert "class Thing(" in models and "Broken" not in models  # UsesBroken refers to it: left out too

    (tmp_path / "pyproject.toml").write_text('[tool.sdk-pipeline.lint]\ndefault = "error"\n', encoding="utf-8")
    strict = run_generator("generate", "--spec", "broken.yaml", "--output", "strict", cwd=tmp_path)
    assert strict.returncode == 1 and "error: invalid OpenAPI: 'strin'" in strict.stderr
    assert not (tmp_path / "strict").exists()

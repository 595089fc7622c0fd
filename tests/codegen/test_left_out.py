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
        - {name: filter, in: query, schema: {type: array, items: {type: object}}, required: true}
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
  /search:
    get:
      operationId: search
      parameters:
        - {name: q, in: query, schema: {type: string}}
        - {name: where, in: query, schema: {type: array, items: {type: object}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
"""
OPTIONAL = (
    "shapes.yaml:27:44: warning: query parameter 'where' is an array holding arrays or objects; style 'form' sends "
    "primitives only (declare it `style: deepObject` or `content: application/json`); the method is generated "
    "without this optional parameter (lint rule operation-shape) [#/paths/~1search/get/parameters/1/schema]"
)
WARNING = (
    "shapes.yaml:8:45: warning: query parameter 'filter' is an array holding arrays or objects; style 'form' sends "
    "primitives only (declare it `style: deepObject` or `content: application/json`); "
    "GET /things is left out (lint rule operation-shape) [#/paths/~1things/get/parameters/0/schema]"
)
SUMMARY = "shapes.yaml: generated 2 of 3 operations; 1 left out (see the warnings above)"


def project(tmp_path: Path, lint: str | None = None) -> Path:
    (tmp_path / "shapes.yaml").write_text(textwrap.dedent(SHAPES).lstrip(), encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    if lint is not None:
        (tmp_path / "pyproject.toml").write_text(f"[tool.sdk-pipeline.lint]\n{lint}\n", encoding="utf-8")
    return tmp_path


def test_the_rest_generates_and_works_and_the_left_out_one_is_a_located_warning(tmp_path: Path) -> None:
    result = run_generator("generate", "--spec", "shapes.yaml", "--output", "out", cwd=project(tmp_path))
    assert result.returncode == 0, result.stderr
    assert WARNING in result.stderr.splitlines() and OPTIONAL in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == SUMMARY
    script = (
        "import httpx\n"
        "from shapes_sdk import ShapesClient\n"
        "import inspect\n"
        "def answer(request):\n"
        "    return httpx.Response(200, json={'id': request.url.path.rsplit('/', 1)[1] + request.url.query.decode()})\n"
        "client = ShapesClient(base_url='https://shapes.test',"
        " http_client=httpx.Client(transport=httpx.MockTransport(answer)))\n"
        "print(client.default.get_thing('a7').id, hasattr(client.default, 'list_things'))\n"
        "print(client.default.search(q='x').id, list(inspect.signature(client.default.search).parameters))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path / "out", capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "a7 False\nsearchq=x ['q', 'options']\n"), done.stderr


def test_fail_on_warning_keeps_it_fatal_and_writes_nothing(tmp_path: Path) -> None:
    result = run_generator(
        "generate", "--spec", "shapes.yaml", "--output", "out", "--fail-on-warning", cwd=project(tmp_path)
    )
    assert result.returncode == 1 and WARNING in result.stderr and OPTIONAL in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_lint_rule_set_to_error_keeps_it_fatal(tmp_path: Path) -> None:
    result = run_generator(
        "generate", "--spec", "shapes.yaml", "--output", "out", cwd=project(tmp_path, '"operation-shape" = "error"')
    )
    assert result.returncode == 1, result.stderr
    assert (
        "shapes.yaml:8:45: error: query parameter 'filter' is an array holding arrays or objects; style 'form' sends primitives only (declare it `style: deepObject` or `content: application/json`) "
        "(lint rule operation-shape)"
    ) in result.stderr
    refused = OPTIONAL.replace("27:44: warning", "27:44: error").replace(
        "; the method is generated without this optional parameter", ""
    )
    assert refused in result.stderr  # spec/: no method lacks one
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


BROKEN_OPERATIONS = """
openapi: 3.0.3
info: {title: Broken Operations, version: "1"}
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
  /missing:
    post:
      operationId: postMissing
      requestBody: {$ref: '#/components/requestBodies/Nowhere'}
      responses:
        "204": {description: done}
  /cycle:
    post:
      operationId: postCycle
      requestBody: {$ref: '#/components/requestBodies/Loop'}
      responses:
        "204": {description: done}
    put:
      operationId: putCycle
      requestBody: {$ref: '#/components/requestBodies/Loop'}
      responses:
        "204": {description: done}
  /invalid:
    get:
      operationId: getInvalid
      parameters:
        - {in: query, schema: {type: string}}
      responses:
        "200": {description: ok}
  /codes:
    get:
      operationId: getCodes
      responses:
        "2xx": {description: ok}
        abcdef: {description: no status selects this}
  /shared:
    parameters:
      - {in: query, schema: {type: string}}
    get:
      operationId: getShared
      responses:
        "204": {description: done}
    delete:
      operationId: deleteShared
      responses:
        "204": {description: done}
components:
  requestBodies:
    Loop: {$ref: '#/components/requestBodies/Loop'}
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"""


def _broken_operations(tmp_path: Path) -> Path:
    (tmp_path / "broken.yaml").write_text(textwrap.dedent(BROKEN_OPERATIONS).lstrip(), encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


def test_a_broken_operation_is_left_out_with_a_located_warning_and_the_rest_generates(tmp_path: Path) -> None:
    """An unresolved $ref, a $ref cycle (in a component two operations use) or a violation that cannot be read
    leniently leaves its operations out, not the document; a response key that is no status code is left out."""
    result = run_generator("generate", "--spec", "broken.yaml", "--output", "out", cwd=_broken_operations(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for expected in (
        "broken.yaml:18:27: warning: unresolved $ref '#/components/requestBodies/Nowhere'; POST /missing is left out "
        "(lint rule broken-operation) [#/paths/~1missing/post/requestBody/$ref]",
        "broken.yaml:23:7: warning: the operation uses requestBodies/Loop, which is broken (see its error); "
        "POST /cycle is left out (lint rule broken-operation) [#/paths/~1cycle/post]",
        "broken.yaml:28:7: warning: the operation uses requestBodies/Loop, which is broken (see its error); "
        "PUT /cycle is left out (lint rule broken-operation) [#/paths/~1cycle/put]",
        "broken.yaml:36:11: warning: invalid OpenAPI: 'name' is a required property; GET /invalid is left out "
        "(lint rule broken-operation) [#/paths/~1invalid/get/parameters/0]",
        "broken.yaml:58:11: warning: $ref cycle: #/components/requestBodies/Loop -> #/components/requestBodies/Loop; "
        "requestBodies/Loop is used by no operation and is left out (lint rule broken-component) "
        "[#/components/requestBodies/Loop]",
        "broken.yaml:43:9: warning: read leniently: response range '2xx': read as '2XX' [#/paths/~1codes/get/responses/2xx]",
        "broken.yaml:44:9: warning: read leniently: response key 'abcdef' is not a status code: left out "
        "(no reply selects it) [#/paths/~1codes/get/responses/abcdef]",
    ):
        assert expected in lines, "\n".join(lines)
    shared = [line for line in lines if "shared" in line and "broken-operation" in line]
    assert shared == [
        "broken.yaml:47:9: warning: invalid OpenAPI: 'name' is a required property; every operation of its path item "
        "is left out (lint rule broken-operation) [#/paths/~1shared/parameters/0]",
        "broken.yaml:49:7: warning: the operation's path item is broken (see its error); GET /shared is left out "
        "(lint rule broken-operation) [#/paths/~1shared/get]",
        "broken.yaml:53:7: warning: the operation's path item is broken (see its error); DELETE /shared is left out "
        "(lint rule broken-operation) [#/paths/~1shared/delete]",
    ], "\n".join(lines)
    assert lines[-1] == "broken.yaml: generated 2 of 8 operations; 6 left out (see the warnings above)"
    client = "\n".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "broken_operations_sdk").rglob("*.py")
    )
    assert "def get_thing(" in client and "def get_codes(" in client
    assert not any(
        f"def {name}(" in client for name in ("post_missing", "post_cycle", "put_cycle", "get_invalid", "get_shared")
    )


def test_broken_operations_stay_errors_for_a_strict_project_and_under_strict(tmp_path: Path) -> None:
    """The rule at `error` (this repository's spec/), or `--strict`: every error as it is, nothing written."""
    _broken_operations(tmp_path)
    strict = run_generator("generate", "--spec", "broken.yaml", "--output", "strict", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "error: unresolved $ref" in strict.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.sdk-pipeline.lint]\ndefault = "error"\n', encoding="utf-8")
    project = run_generator("generate", "--spec", "broken.yaml", "--output", "project", cwd=tmp_path)
    assert project.returncode == 1 and "error: unresolved $ref '#/components/requestBodies/Nowhere'" in project.stderr
    assert "left out" not in project.stderr
    assert not (tmp_path / "strict").exists() and not (tmp_path / "project").exists()


def test_an_error_no_operation_owns_refuses_the_document_with_every_error_as_it_is(tmp_path: Path) -> None:
    text = (
        textwrap.dedent(BROKEN_OPERATIONS)
        .lstrip()
        .replace('info: {title: Broken Operations, version: "1"}', 'info: {version: "1"}')
    )
    (tmp_path / "broken.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    result = run_generator("generate", "--spec", "broken.yaml", "--output", "out", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "error: unresolved $ref '#/components/requestBodies/Nowhere'" in result.stderr  # not set aside alone
    assert not (tmp_path / "out").exists()

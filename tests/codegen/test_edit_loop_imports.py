"""`make generate` imports only what it uses (issue 23, the one-second edit loop).

With nothing to do it reads the MANIFEST and hashes the inputs; after an operation's summary is edited it renders
that spec's client again (its models come from the store of stage results). Neither loads the SDK runtime's
httpx and pydantic: the generator shares only the runtime's standard-library modules (_media, _status, _wire),
and those import without the rest of the runtime (generator/runtime/__init__.py). Nor does the edit import
jsonschema: the examples, found clean before, are not checked again (validate/verdicts.py). A schema's description
edited runs the models backend, but no check again and not openapi-python-client's parser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# `python -m generator ARGS`, printing at exit which of the modules named in argv[1] were imported.
PROBE = (
    "import atexit, runpy, sys\n"
    "watched = sys.argv[1].split(',')\n"
    "atexit.register(lambda: print('imported:', *[m for m in watched if m in sys.modules]))\n"
    "sys.argv = ['generator', *sys.argv[2:]]\n"
    "runpy.run_module('generator', run_name='__main__', alter_sys=True)\n"
)
RUNTIME_LIBRARIES = ("httpx", "pydantic")
BACKENDS = ("datamodel_code_generator", "openapi_python_client")
STAGES = ("yaml", "jinja2")  # reading a spec, rendering a client
CHECKS = ("jsonschema",)  # the examples' check, kept clean after a summary edit (validate/verdicts.py)
METADATA = ("importlib.metadata",)  # the tools' versions are read from their .dist-info folders' names
EDITED = "      summary: "  # the first operation summary of the edited spec
SCHEMA_EDITED = "description: The asset's name.}"  # a property's description in a schema of the edited spec


def _generate(tree: Path, store: Path, watched: tuple[str, ...]) -> tuple[str, set[str]]:
    """Run the generator on tree/spec into tree/generated: its output, and which `watched` modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(watched), "generate"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SDK_PIPELINE_CACHE": str(store)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    *output, last = done.stdout.splitlines()
    assert last.startswith("imported:"), done.stdout
    return "\n".join(output), set(last.split()[1:])


def _git(tree: Path, *args: str) -> None:
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=tree, capture_output=True, check=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="the changelog of `generate` reads the last version from git")
def test_the_no_op_and_a_summary_edit_load_neither_the_runtime_libraries_nor_a_backend(tmp_path: Path) -> None:
    tree, store = tmp_path / "tree", tmp_path / "store"
    (tree / "spec").mkdir(parents=True)
    for case in ("files", "pagination"):
        shutil.copy(ROOT / "tests" / "golden" / case / "spec.yaml", tree / "spec" / f"{case}.yaml")
    _git(tree, "init", "-q")
    _git(tree, "add", "-A")
    _git(tree, "commit", "-q", "-m", "specs")
    watched = (*RUNTIME_LIBRARIES, *BACKENDS, *STAGES, *CHECKS, *METADATA)
    output, imported = _generate(tree, store, watched)  # the first generation: everything runs, the store fills
    assert "generated generated/ from 2 spec(s)" in output
    assert {"pydantic", "datamodel_code_generator", "jinja2", "jsonschema"} <= imported  # the probe sees them

    output, imported = _generate(tree, store, watched)
    assert "up to date" in output
    assert imported == set()  # the MANIFEST read, the inputs hashed: no spec read, nothing rendered, no METADATA

    spec = tree / "spec" / "files.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(EDITED, f"{EDITED}Edited, ", 1), encoding="utf-8")
    output, imported = _generate(tree, store, watched)
    assert "spec/files.yaml: " in output  # the changelog since the last generation (from git) ran
    assert any("Edited, " in p.read_text(encoding="utf-8") for p in (tree / "generated" / "files_sdk").rglob("*.py"))
    assert set(STAGES) <= imported  # the spec read, its client rendered
    assert not imported & {*RUNTIME_LIBRARIES, *BACKENDS, *CHECKS}, imported  # models and verdicts from the store

    spec.write_text(spec.read_text(encoding="utf-8").replace(SCHEMA_EDITED, f"{SCHEMA_EDITED[:-2]} (edited).}}", 1))
    output, imported = _generate(tree, store, watched)
    models = (tree / "generated" / "files_sdk" / "models.py").read_text(encoding="utf-8")
    assert "The asset's name (edited)." in models, (
        output
    )  # a schema's text: its model changes, so the models backend runs
    assert "datamodel_code_generator" in imported
    assert not imported & {"openapi_python_client", *CHECKS}, imported  # the verdicts kept: prose is not in their key


def test_the_runtime_modules_the_generator_shares_import_alone() -> None:
    """_media, _status and _wire import without httpx and pydantic; the runtime's names still import as before."""
    script = (
        "import sys\n"
        "from generator.runtime import _media, _status, _wire\n"
        f"assert not {{*{RUNTIME_LIBRARIES!r}}} & set(sys.modules), sorted(sys.modules)\n"
        "from generator.runtime import SyncApiClient, status_error_class\n"
        f"assert {{*{RUNTIME_LIBRARIES!r}}} <= set(sys.modules)\n"
        "print(status_error_class(404).__name__, SyncApiClient.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["NotFoundError", "generator.runtime._client"]

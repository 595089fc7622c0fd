"""Text in a spec is data: quotes, triple quotes, backslashes, newlines, Jinja and Python code stay inert."""

from __future__ import annotations

import json
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

from generator.openapi.load import read_yaml
from tests.conftest import ROOT, generate_into

SPEC = ROOT / "tests" / "hostile" / "spec.yaml"

PROBE = """
import json, pathlib, sys
import hostile_sdk
from hostile_sdk import models, errors, _client
from hostile_sdk.resources import things
print(json.dumps({
    "canary": pathlib.Path("CANARY").exists(),
    "enum_values": [m.value for m in models.Mode],
    "unknown_enum": models.Mode("brand new").value,
    "thing_doc": models.Thing.__doc__,
    "aliases": sorted(f.alias or n for n, f in models.Thing.model_fields.items()),
    "base_url": _client.DEFAULT_BASE_URL,
    "version": hostile_sdk.__version__,
    "error_key": errors.Missing.error_key,
    "method_doc": things.ThingsResource.get_thing.__doc__,
}))
"""


def test_hostile_spec_generates_inert_code(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    shutil.copy(SPEC, spec_dir / "spec.yaml")
    out = tmp_path / "out"
    generate_into(spec_dir, out)
    for source in out.rglob("*.py"):
        py_compile.compile(str(source), doraise=True)

    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env={"PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    spec = read_yaml(SPEC.read_text())
    schemas = spec["components"]["schemas"]

    assert seen["canary"] is False
    assert not (tmp_path / "CANARY").exists()
    assert seen["enum_values"] == schemas["Mode"]["enum"]
    assert seen["unknown_enum"] == "brand new"
    assert sorted(schemas["Thing"]["properties"]) == seen["aliases"]
    assert seen["base_url"] == spec["servers"][0]["url"]
    assert seen["version"] == spec["info"]["version"]
    assert seen["error_key"] == schemas["Missing"]["x-error"]["key"]
    assert "os.system('touch CANARY')" in seen["thing_doc"]
    assert "{% for x in [1] %}{{ x }}{% endfor %}" in seen["method_doc"]

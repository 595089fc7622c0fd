"""Broken specs: generate exits non-zero, lists every problem as file:line:col, and writes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.codegen.compare import tree_files
from tests.conftest import ROOT, run_generator

CASES = sorted((ROOT / "tests" / "invalid_specs").glob("*.yaml"))
LINE = re.compile(r"^spec/\S+\.yaml:\d+:\d+: error: .+ \[#[^\]]*\]$")


def expectations(path: Path) -> list[str]:
    return [line[len("# expect: ") :] for line in path.read_text().splitlines() if line.startswith("# expect: ")]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_spec_is_reported_and_nothing_is_written(case: Path, tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    shutil.copy(case, tmp_path / "spec" / case.name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")  # the project's lint levels: all errors
    output = tmp_path / "generated"
    output.mkdir()
    (output / "keep.txt").write_text("previous output")
    # a folder of ours: replaced when generation works
    shutil.copy(ROOT / "generated" / "MANIFEST", output / "MANIFEST")
    before = tree_files(output)

    result = run_generator("generate", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    diagnostics = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert diagnostics, result.stderr
    assert all(LINE.match(line) for line in diagnostics), result.stderr
    for expected in expectations(case):
        assert expected in result.stderr, f"{expected!r} not in:\n{result.stderr}"
    assert tree_files(output) == before
    assert not list(tmp_path.glob("generated.*")), "a staging folder was left behind"


def test_every_case_expects_something() -> None:
    assert len(CASES) >= 7
    assert all(expectations(c) for c in CASES)

"""Golden files: each tests/golden/<case>/spec.yaml generates exactly its expected/ tree.

Run `make golden` (UPDATE_GOLDEN=1) to rewrite expected/ by running the generator.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.codegen.compare import compare_trees
from tests.conftest import ROOT, generate_into

CASES = sorted(p.name for p in (ROOT / "tests" / "golden").iterdir() if (p / "spec.yaml").is_file())


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: str, tmp_path: Path) -> None:
    case_dir = ROOT / "tests" / "golden" / case
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    shutil.copy(case_dir / "spec.yaml", spec_dir / "spec.yaml")
    actual = tmp_path / "out"
    generate_into(spec_dir, actual)
    (actual / "MANIFEST").unlink()  # holds generator hashes; the files themselves are what the case pins
    for core in actual.glob("*/_core"):
        shutil.rmtree(core)  # the runtime core is copied verbatim and unit-tested on its own (tests/runtime)
    expected = case_dir / "expected"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(actual, expected)
    problems = compare_trees(expected, actual)
    assert not problems, f"golden case {case!r} differs (run `make golden` if the change is intended):\n" + "\n".join(
        problems
    )


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 2

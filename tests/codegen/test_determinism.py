"""The output is byte-identical run after run, in one process and across hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.codegen.compare import tree_files
from tests.conftest import ROOT, generate_into


def test_twice_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDK_PIPELINE_CACHE", "off")  # each run renders (no stored models)
    generate_into(ROOT / "spec", tmp_path / "a")
    generate_into(ROOT / "spec", tmp_path / "b")
    assert tree_files(tmp_path / "a") == tree_files(tmp_path / "b")


def test_across_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for seed in ("0", "1"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "SDK_PIPELINE_CACHE": "off"}
        command = [sys.executable, "-m", "generator", "generate", "--force", "--output", str(out)]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        trees.append(tree_files(out))
    assert trees[0] == trees[1]
    assert any(name.endswith("models.py") for name in trees[0])

"""The corpus's fresh-venv check on two tiny projects (no corpus needed): one that declares what it imports, one
that imports a package it does not declare (present in the test run's own environment, not in the fresh one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.fresh_venv import check_fresh_install
from corpus.tools import Outcome

pytestmark = [pytest.mark.install, pytest.mark.network]  # the wheelhouse is downloaded on first use

PYPROJECT = """[build-system]
requires = ["flit_core>=3.12,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "{name}"
version = "1.0.0"
description = "A test project."
dependencies = [{dependencies}]
"""


def project(root: Path, name: str, dependencies: str, module: str) -> Outcome:
    package = root / name / name
    (package / "sub").mkdir(parents=True)
    (root / name / "pyproject.toml").write_text(PYPROJECT.format(name=name, dependencies=dependencies), "utf-8")
    (package / "__init__.py").write_text('"""A test package."""\n', "utf-8")
    (package / "sub" / "__init__.py").write_text("", "utf-8")
    (package / "sub" / "calls.py").write_text(module, "utf-8")
    return Outcome(generated=True, package=package)


def test_a_project_imports_with_what_it_declares_and_not_with_what_it_does_not(tmp_path: Path) -> None:
    honest = project(tmp_path, "honest_sdk", '"httpx>=0.28.1,<0.29"', "import httpx\n")
    hidden = project(tmp_path, "hidden_sdk", "", "import httpx\n")
    check_fresh_install([honest, hidden], tmp_path / "work")
    assert honest.installed, honest.messages
    assert not hidden.installed
    assert any("does not import with only" in m and "httpx" in m for m in hidden.messages), hidden.messages

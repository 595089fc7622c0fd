"""Shared test helpers: run the generator into temporary folders."""

from __future__ import annotations

import contextlib
import importlib
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# The generator's store of stage results (generator/openapi/cache.py): a fresh one for each test process, never the user's.
os.environ["SDK_PIPELINE_CACHE"] = tempfile.mkdtemp(prefix="sdk-pipeline-cache-")


def run_generator(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={
            "PYTHONPATH": str(ROOT),
            "PATH": str(Path(sys.executable).parent),
            "SDK_PIPELINE_CACHE": os.environ["SDK_PIPELINE_CACHE"],
        },
    )


def mypy_strict(folder: Path, packages: Path = ROOT / "generated") -> subprocess.CompletedProcess[str]:
    """`mypy --strict` over the files of `folder` as a user's type checker sees them, `packages` importable."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--explicit-package-bases", "."],
        cwd=folder,
        env={**os.environ, "MYPYPATH": str(packages)},
        capture_output=True,
        text=True,
        check=False,
    )


def generate_into(spec_dir: Path, output: Path) -> None:
    """Generate the specs of `spec_dir` into `output` in this process; raises on any diagnostic."""
    from generator.codegen.pipeline import Layout, generate, spec_files

    generate(Layout(spec_files(spec_dir), TEMPLATES, output), force=True)


@contextlib.contextmanager
def imported_sdk(folder: Path, document: str, package: str, name: str = "doc.yaml") -> Iterator[ModuleType]:
    """Generate one document (its text, dedented) into `folder/out` in this process (raises on any diagnostic), and
    import its SDK package from there for the block."""
    from generator.codegen.pipeline import Layout, generate
    from generator.validate.lint import Lint

    (folder / name).write_text(textwrap.dedent(document).lstrip(), encoding="utf-8")
    generate(Layout([folder / name], TEMPLATES, folder / "out", lint=Lint()), force=True)
    sys.path.insert(0, str(folder / "out"))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(folder / "out"))


@pytest.fixture
def root() -> Path:
    return ROOT


# Tables a test wants shown whatever its outcome (the corpus comparison), printed at the end of the run.
SUMMARY_TABLES = pytest.StashKey[dict[str, list[str]]]()


def show_at_the_end(config: pytest.Config, title: str, lines: list[str]) -> None:
    """Print `lines` under `title` in the run's terminal summary (passed, failed or xfailed alike)."""
    config.stash.setdefault(SUMMARY_TABLES, {})[title] = lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    for title, lines in config.stash.get(SUMMARY_TABLES, {}).items():
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)

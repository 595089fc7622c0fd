"""Every Python block of README.md runs unchanged against the local server, with only the README's variables set.

Each block is run as a user would run it: saved to a file and started with the interpreter, in a
fresh process whose environment holds the `export` lines of the README (the server's address in
place of `make mock`'s 127.0.0.1:8080). Blank lines before the code keep the README's line numbers
in a traceback.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver import MockServer
from tests.conftest import ROOT, mypy_strict

README = ROOT / "README.md"
MOCK_URL = "http://127.0.0.1:8080"  # what `make mock` serves on, and what the README's exports name
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A line each block with an error example (`except errors.`) must print: it reached the documented class.
EXPECTED_LINE = {
    "karat_sdk": re.compile(r"^BranchNotFound nope [0-9a-f-]{36}$", re.MULTILINE),
    "unicat_sdk": re.compile(r"^BulkSelectionError 1006 ", re.MULTILINE),
}


def readme_blocks(language: str) -> list[tuple[int, str]]:
    """The fenced blocks of `language` in the README: (line of the first code line, code)."""
    text = README.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start(2)) + 1, match.group(2))
        for match in FENCE.finditer(text)
        if match.group(1) == language
    ]


def readme_environment() -> dict[str, str]:
    """The variables the README's `export` lines set."""
    found: dict[str, str] = {}
    for _, code in readme_blocks("sh"):
        for line in code.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["export"]:
                for word in words[1:]:
                    name, value = word.split("=", 1)
                    found[name] = value
    return found


PYTHON_BLOCKS = readme_blocks("python")


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    """The server as `make mock` starts it (default data), checking each answer against the spec."""
    with MockServer(port=0, self_check=True) as running:
        yield running


def test_the_readme_has_python_blocks_and_says_how_to_point_them_at_the_local_server() -> None:
    for package in EXPECTED_LINE:
        assert any(f"from {package} import" in code and "except errors." in code for _, code in PYTHON_BLOCKS)
    variables = readme_environment()
    assert {"PYTHONPATH", "KARAT_BASE_URL", "KARAT_TOKEN", "UNICAT_PROJECT_GID"} <= variables.keys()
    assert variables["KARAT_BASE_URL"] == MOCK_URL


@pytest.mark.parametrize(("line", "code"), PYTHON_BLOCKS, ids=[f"README.md:{line}" for line, _ in PYTHON_BLOCKS])
def test_readme_python_block_runs_against_the_local_server(
    server: MockServer, tmp_path: Path, line: int, code: str
) -> None:
    script = tmp_path / f"README_md_line_{line}.py"
    script.write_text("\n" * (line - 1) + code, encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KARAT_", "UNICAT_"))}
    env.pop("PYTHONPATH", None)
    env.update({name: value.replace(MOCK_URL, server.url) for name, value in readme_environment().items()})
    result = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"README.md block at line {line} failed:\n{result.stderr[-3000:]}"
    for package in (name for name in EXPECTED_LINE if f"from {name} import" in code and "except errors." in code):
        assert EXPECTED_LINE[package].search(result.stdout), result.stdout[-2000:]
    assert server.violations == []


def test_readme_python_blocks_type_check_strictly(tmp_path: Path) -> None:
    """What the README shows a user is typed as a user's type checker sees it: `mypy --strict` against the SDKs."""
    for number, (line, code) in enumerate(PYTHON_BLOCKS):
        (tmp_path / f"readme_block_{number}_line_{line}.py").write_text(code, encoding="utf-8")
    result = mypy_strict(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr

"""Each tool's steps on one document: generate, then exercise (import + calls) and mypy --strict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .documents import ROOT, Document

TIMEOUT = 600
VENV_BIN = Path(sys.executable).parent
TOOLS = ("ours", "stock")
TEMPLATE_MODULE = "client.py"  # stock's fixed template, the same in every package it generates


@dataclass
class Outcome:
    """What one tool made of one document."""

    generated: bool = False
    imported: bool = False
    typed: bool = False
    operations: int = 0
    methods: int = 0
    called: int = 0
    template_errors: int = 0  # stock's mypy errors in its fixed client.py template, left out of `typed`
    union_members: int = 0  # ours: discriminated unions' members checked against the models (corpus.unions)
    installed: bool = False  # ours: in a fresh venv with only its declared dependencies, every module imported
    messages: list[str] = field(default_factory=list)
    package: Path | None = None

    @property
    def complete(self) -> bool:
        """Generated, imported, mypy --strict clean, and every operation of the document called sync and async."""
        return self.generated and self.imported and self.typed and self.called == self.operations

    @property
    def works(self) -> bool:
        """Complete, on a document with at least one operation (an SDK of no operation proves little)."""
        return self.complete and self.operations > 0


def run(
    command: list[str], cwd: Path = ROOT, pythonpath: Path | None = None, mypypath: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run a command with the virtualenv's tools first on PATH; a timeout is a failed run."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", "MYPYPATH": mypypath}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (pythonpath, ROOT) if p)
    try:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, -1, "", f"timed out after {TIMEOUT} s")


def generate(tool: str, doc: Document, work: Path) -> Outcome:
    """Generate `doc` with `tool` into `work/<tool>/<id>/`; the outcome's package is the generated folder."""
    out = work / tool / doc.id
    if tool == "ours":
        command = [sys.executable, "-m", "generator", "generate", "--spec", str(doc.path), "--output", str(out)]
        command += ["--templates", str(ROOT / "templates"), "--package", package_name(tool, doc)]
        result = run(command, cwd=project(work))
        packages = sorted(p for p in out.glob("*/__init__.py")) if out.is_dir() else []
        package = packages[0].parent if packages else None
    else:
        package = out / package_name(tool, doc)
        command = [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(doc.path)]
        result = run([*command, "--meta", "none", "--output-path", str(package), "--overwrite"], cwd=work)
        package = package if (package / "__init__.py").is_file() else None
    outcome = Outcome(generated=result.returncode == 0 and package is not None, package=package)
    outcome.messages += _lines(result.stdout + "\n" + result.stderr)
    return outcome


def package_name(tool: str, doc: Document) -> str:
    """A package name unique in the corpus, so that one mypy run checks every package of a tool."""
    return f"{doc.id}_{'sdk' if tool == 'ours' else 'client'}"


def project(work: Path) -> Path:
    """A project folder for foreign documents: its pyproject.toml leaves every lint rule at `warning`."""
    folder = work / "project"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text('[tool.sdk-pipeline.lint]\ndefault = "warning"\n', encoding="utf-8")
    return folder


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def exercise(tool: str, doc: Document, outcome: Outcome) -> None:
    """Import the package and call its operations (see corpus.exercise)."""
    assert outcome.package is not None
    result = run(
        [sys.executable, "-m", "corpus.exercise", tool, outcome.package.name, str(doc.path)],
        pythonpath=outcome.package.parent,
    )
    try:
        report = json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        outcome.messages.append(f"exercise crashed: {(result.stderr.strip().splitlines() or ['?'])[-1]}")
        return
    outcome.imported, outcome.operations, outcome.called = report["imported"], report["operations"], report["called"]
    outcome.methods, outcome.union_members = report["methods"], report.get("union_members", 0)
    if outcome.methods < outcome.operations:
        outcome.messages.append(f"{outcome.operations - outcome.methods} operation(s) of the document have no method")
    outcome.messages += report["failures"]


def _file(line: str) -> str:
    return "/" + line.split(":", 1)[0].replace(os.sep, "/")


def package_errors(tool: str, name: str, errors: list[str]) -> tuple[list[str], list[str]]:
    """The mypy errors of package `name` that count, and (stock only) those of its fixed client.py template."""
    found = [line for line in errors if f"/{name}/" in _file(line)]
    if tool != "stock":
        return found, []
    template = [line for line in found if _file(line).endswith(f"/{name}/{TEMPLATE_MODULE}")]
    return [line for line in found if line not in template], template


def typecheck(tool: str, outcomes: list[Outcome], cache: Path) -> None:
    """One mypy --strict run over every imported package of one tool; each package gets its own errors.

    Stock's `client.py` is the same fixed template in every package, with the same mypy errors
    whatever the document: they are counted apart (`template_errors`), not in the package's verdict.
    """
    packages = {o.package.name: o for o in outcomes if o.imported and o.package is not None}
    if not packages:
        return
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "--no-error-summary"]
    for name in packages:
        command += ["-p", name]
    roots = os.pathsep.join(str(o.package.parent) for o in packages.values() if o.package is not None)
    result = run(command, cwd=cache.parent, mypypath=roots)
    errors = [line for line in _lines(result.stdout + result.stderr) if ": error:" in line]
    for name, outcome in packages.items():
        found, template = package_errors(tool, name, errors)
        if template:
            outcome.template_errors = len(template)
            outcome.messages.append(f"mypy --strict: {len(template)} error(s) in the fixed {TEMPLATE_MODULE} template")
        outcome.typed = not found and result.returncode in (0, 1)
        if found:
            outcome.messages.append(f"mypy --strict: {len(found)} error(s), first: {found[0]}")
        elif result.returncode not in (0, 1):
            outcome.messages.append(f"mypy did not run: {(_lines(result.stderr) or ['?'])[-1]}")

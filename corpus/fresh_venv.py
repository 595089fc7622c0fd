"""Our generated projects, each installed into a fresh virtual environment with only what it declares, every module
imported there.

Each project's wheel is built by its own build backend (`[build-system]`, run from the backend's downloaded wheel,
not installed anywhere); the projects that declare the same dependencies share one fresh venv (made without pip,
which runs from outside it), into which pip installs the wheels with `--no-index` from a wheelhouse of exactly the
declared requirements. The wheelhouse is downloaded once (pip's configured index or cache) and kept in the
git-ignored .corpus-cache/, so a second run needs no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

from .documents import ROOT
from .tools import TIMEOUT, Outcome

WHEELHOUSE = ROOT / ".corpus-cache" / "wheelhouse"
FRESH_VENV_TOOL = "ours"  # stock's output (`--meta none`) is a bare package, not a project to install
IMPORT_ALL = """
import importlib, json, pkgutil, sys
report = {}
for name in sys.argv[1:]:
    try:
        package = importlib.import_module(name)
        modules = [name] + [m.name for m in pkgutil.walk_packages(package.__path__, name + ".")]
        for module in modules:
            importlib.import_module(module)
        where = package.__file__ or ""
        report[name] = {"modules": len(modules), "error": None, "site": "site-packages" in where}
    except Exception as exc:
        report[name] = {"modules": 0, "error": f"{type(exc).__name__}: {exc}"[:300], "site": False}
print(json.dumps(report))
"""


class InstallError(Exception):
    """A step of the fresh install failed (its command's output is the message)."""


def _run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise InstallError(
            f"{Path(str(command[0])).name} {command[1:4]} failed: {(result.stderr or result.stdout)[-600:]}"
        )
    return result.stdout


def _clean_env() -> dict[str, str]:
    """The environment without this run's virtual environment or PYTHONPATH (pip's index settings kept)."""
    kept = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return {**kept, "PATH": "/usr/bin:/bin"}


def metadata(project: Path) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A project's declared dependencies, build requirements and build backend (its pyproject.toml)."""
    data = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    build = data.get("build-system") or {}
    return tuple(data["project"].get("dependencies", [])), tuple(build.get("requires", [])), build["build-backend"]


def wheelhouse(requirements: tuple[str, ...]) -> Path:
    """A folder of wheels of `requirements` and their dependencies, downloaded once and kept."""
    digest = hashlib.sha256("\n".join([sys.version, *sorted(requirements)]).encode()).hexdigest()[:16]
    folder = WHEELHOUSE / digest
    if (folder / ".complete").is_file():
        return folder
    partial = WHEELHOUSE / f"{digest}.partial-{os.getpid()}"  # renamed into place whole: no run sees half of it
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    command: list[str | Path] = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
    try:
        if requirements:
            _run([*command, "--dest", partial, *requirements], cwd=partial, env=_clean_env())
        (partial / ".complete").write_text("\n".join(requirements) + "\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    except OSError:  # another run put it in place first
        if not (folder / ".complete").is_file():
            raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder


def build_wheel(project: Path, dest: Path) -> Path:
    """The project's wheel, built by its declared backend loaded from the backend's own wheels."""
    _, requires, backend = metadata(project)
    path = os.pathsep.join(str(w) for w in sorted(wheelhouse(requires).glob("*.whl")))
    dest.mkdir(parents=True, exist_ok=True)
    code = (
        "import importlib, os, sys; sys.path[:0] = sys.argv[2].split(os.pathsep); "
        f"print(importlib.import_module({backend!r}).build_wheel(sys.argv[1]))"
    )
    name = _run([sys.executable, "-I", "-c", code, dest, path], cwd=project, env=_clean_env())
    if not name.strip():
        raise InstallError(f"{backend} built no wheel")
    return dest / name.strip().splitlines()[-1]


def check_fresh_install(outcomes: list[Outcome], work: Path) -> None:
    """Install each generated project (the folder above its package) and import all its modules, in fresh venvs."""
    groups: dict[tuple[str, ...], list[tuple[Outcome, Path]]] = {}
    for outcome in outcomes:
        if not outcome.generated or outcome.package is None:
            continue
        project = outcome.package.parent
        if not (project / "pyproject.toml").is_file():
            outcome.messages.append("fresh venv: the output has no pyproject.toml to install")
            continue
        try:
            groups.setdefault(metadata(project)[0], []).append((outcome, build_wheel(project, work / "wheels")))
        except (InstallError, KeyError, subprocess.TimeoutExpired) as exc:
            outcome.messages.append(f"fresh venv: cannot build the wheel: {exc}")
    for number, (dependencies, members) in enumerate(sorted(groups.items())):
        _install_group(dependencies, members, work / f"venv-{number}")


def _install_group(dependencies: tuple[str, ...], members: list[tuple[Outcome, Path]], target: Path) -> None:
    """One fresh venv for the projects that declare `dependencies`: install them, import all their modules."""
    try:
        venv.EnvBuilder(with_pip=False, system_site_packages=False, clear=True).create(target)
        python = target / "bin" / "python"
        found = wheelhouse(dependencies)
        pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index"]
        _run([*pip, "--find-links", found, *(wheel for _, wheel in members)], cwd=target, env=_clean_env())
        names = [outcome.package.name for outcome, _ in members if outcome.package is not None]
        report = json.loads(_run([python, "-I", "-c", IMPORT_ALL, *names], cwd=target, env=_clean_env()))
    except (InstallError, subprocess.TimeoutExpired, ValueError) as exc:
        for outcome, _ in members:
            outcome.messages.append(f"fresh venv: cannot install: {exc}")
        return
    for outcome, _ in members:
        assert outcome.package is not None
        result = report[outcome.package.name]
        outcome.installed = result["error"] is None and result["site"]
        if result["error"] is not None:
            outcome.messages.append(
                f"fresh venv: does not import with only {', '.join(dependencies)}: {result['error']}"
            )
        elif not result["site"]:
            outcome.messages.append("fresh venv: imported from elsewhere than the venv's site-packages")

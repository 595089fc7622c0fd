"""Generation benchmarks: our pipeline against the stock tools, the no-op `make generate`, and scaling."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench.measure import ROOT, BenchError, Run, Series, run_command
from bench.synthetic import load_base, write_scaled_spec

PY = sys.executable
BIN = Path(sys.executable).parent
SPECS = ("karat", "unicat")
SCALES = (5, 50, 250, 500, 1000, 2000)
GC_WHAT_IF_SCALES = (50, 250, 500)
OPENAI = ROOT.parent / "shared" / "corpus" / "openapi" / "real__openai.yaml"  # 3 MB, 288 operations
EDITED_SPEC = "karat"
GC_THRESHOLD = (100_000, 50, 100)
# The generator as `python -m generator`, with the cyclic GC's first threshold raised first (the what-if).
GC_WHAT_IF = (
    "import gc, runpy, sys; gc.set_threshold(*map(int, sys.argv[1].split(','))); "
    "sys.argv = ['generator', *sys.argv[2:]]; runpy.run_module('generator', run_name='__main__', alter_sys=True)"
)
COPIED = ("spec", "templates", "generator", "generated", "Makefile", "requirements.lock", "pyproject.toml")
# A cold generation: nothing taken from the store of stage results (generator/openapi/cache.py), as on a first run.
COLD = {"SDK_PIPELINE_CACHE": "off"}
STORE = "stage-cache"  # the copy's own store of stage results (the edit loop), beside it in the work folder
# The edit loop's edits of spec/karat.yaml: an operation's summary (its method's docstring changes, no model does),
# and a schema's description (its model's docstring changes: the models backend runs again).
OPERATION_EDIT = ("      summary: Get records batch\n", "      summary: Get records batch (edit {n})\n")
SCHEMA_EDIT = (
    "      description: Fields that support equality filtering.\n",
    "      description: Fields that support equality filtering (edit {n}).\n",
)


def full_pipeline(work: Path) -> Run:
    """`python -m generator generate --force --output <tmp>` on spec/ (both specs)."""
    return run_command([PY, "-m", "generator", "generate", "--force", "--output", str(work / "ours")], env=COLD)


def stock_tools(work: Path) -> Run:
    """openapi-python-client, then datamodel-codegen, on each spec, one after the other."""
    runs: list[Run] = []
    for name in SPECS:
        spec = ROOT / "spec" / f"{name}.yaml"
        runs.append(
            run_command(
                [str(BIN / "openapi-python-client"), "generate", "--path", str(spec)]
                + ["--output-path", str(work / f"opc-{name}"), "--overwrite"]
            )
        )
        runs.append(
            run_command(
                [str(BIN / "datamodel-codegen"), "--input", str(spec), "--input-file-type", "openapi"]
                + ["--output", str(work / f"dmc-{name}.py"), "--output-model-type", "pydantic_v2.BaseModel"]
            )
        )
    return Run(sum(r.seconds for r in runs), max(r.peak_mib for r in runs), sum(r.cpu_seconds for r in runs))


def noop_command(work: Path) -> tuple[list[str], Path, str]:
    """The no-op command, its folder, and how it was measured.

    `make generate` runs in a copy of the inputs and generated/ (with .venv linked), so that nothing
    in the work tree can be written even when generated/ is not current; the copy is made current
    first. When make would rebuild the venv (requirements.lock newer than its stamp), the generator's
    own command is timed instead.
    """
    tree = work / "tree"
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, tree / name)
    (tree / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    _commit(tree)
    make = shutil.which("make")
    stamp_current = make is not None and (
        subprocess.run([make, "-q", ".venv/.installed"], cwd=tree, capture_output=True, check=False).returncode == 0
    )
    if make is not None and stamp_current:
        command = [make, "--no-print-directory", "generate"]
        how = "make generate"
    else:
        command = [PY, "-m", "generator", "generate"]
        how = "python -m generator generate (make would rebuild the venv)"
    env = {**os.environ, "SDK_PIPELINE_CACHE": str(work / STORE)}
    env.pop("PYTHONPATH", None)
    first = subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False, env=env)
    if first.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in the copy: {first.stdout[-1500:]}{first.stderr[-1500:]}")
    if "up to date" not in first.stdout:
        how += ", generated/ was not current (made current in the copy first)"
    # The state after a generation: the store holds what it computed (as on a developer's machine after `make generate`).
    forced = [PY, "-m", "generator", "generate", "--force"]
    subprocess.run(forced, cwd=tree, capture_output=True, text=True, check=True, env=env)
    return command, tree, how


def _commit(tree: Path) -> None:
    """Make the copy a git repository with one commit, as the work tree is: after an edit, `make generate` prints
    the API changes since the version of the spec it last generated from, which it finds in git."""
    git = shutil.which("git")
    if git is None:
        return
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench copy"]):
        subprocess.run([git, *identity, *args], cwd=tree, capture_output=True, check=True)


def edit_store(tree: Path) -> dict[str, str]:
    """The environment of the edit loop's runs: the copy's store of stage results."""
    return {"SDK_PIPELINE_CACHE": str(tree.parent / STORE)}


def edit_loop(command: list[str], tree: Path, edit: int, what: tuple[str, str] = OPERATION_EDIT) -> Run:
    """Edit spec/karat.yaml in the copy (`what`: the text replaced, and by what), then the no-op command regenerates.

    The edit must change karat_sdk (the file of the edited text), and only it: any change to another
    package's files is an error. The edit is undone after the run (the next starts from the same spec).
    """
    files = {p: p.read_bytes() for p in (tree / "generated").rglob("*") if p.is_file()}
    others = {p: data for p, data in files.items() if _other_package(tree, p)}
    spec = tree / "spec" / f"{EDITED_SPEC}.yaml"
    text = spec.read_text(encoding="utf-8")
    if text.count(what[0]) != 1:
        raise BenchError(f"the edit loop's text is not once in {spec.name}: {what[0]!r}")
    spec.write_text(text.replace(what[0], what[1].format(n=edit)), encoding="utf-8")
    try:
        run = run_command(command, cwd=tree, env=edit_store(tree))
    finally:
        spec.write_text(text, encoding="utf-8")
    changed = [p for p, data in others.items() if not p.is_file() or p.read_bytes() != data]
    if not others or changed:
        raise BenchError(f"editing {spec.name} changed another package: {[str(p) for p in changed][:5]}")
    marker = f"(edit {edit})"
    if not any(marker in p.read_text(encoding="utf-8") for p in (tree / "generated").rglob("*.py")):
        raise BenchError(f"editing {spec.name} did not reach its package: no {marker!r} in generated/")
    return run


def _other_package(tree: Path, path: Path) -> bool:
    parts = path.relative_to(tree / "generated").parts
    return len(parts) > 1 and parts[0] != f"{EDITED_SPEC}_sdk"


def openai_ours(work: Path) -> Run | str:
    """Our pipeline on the OpenAI document: its run, or why it was not generated."""
    if not OPENAI.is_file():
        return f"not generated: {OPENAI.name} is not beside the repository"
    try:
        command = [PY, "-m", "generator", "generate", "--force", "--spec", str(OPENAI), "--output", str(work)]
        return run_command(command, env=COLD, timeout=1800)
    except BenchError as exc:
        found = [line for line in str(exc).splitlines() if "error(s)" in line]
        return f"not generated ({found[-1].strip() if found else 'failed'})"


def openai_stock(work: Path) -> Run:
    """openapi-python-client, then datamodel-codegen, on the OpenAI document."""
    first = run_command(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(OPENAI)]
        + ["--output-path", str(work / "opc-openai"), "--overwrite"],
        timeout=1800,
    )
    second = run_command(
        [str(BIN / "datamodel-codegen"), "--input", str(OPENAI), "--input-file-type", "openapi"]
        + ["--output", str(work / "dmc-openai.py"), "--output-model-type", "pydantic_v2.BaseModel"],
        timeout=1800,
    )
    return Run(
        first.seconds + second.seconds, max(first.peak_mib, second.peak_mib), first.cpu_seconds + second.cpu_seconds
    )


def scaling_specs(work: Path) -> dict[int, Path]:
    """Write the synthetic specs; their folders by operation count."""
    base = load_base()
    return {n: write_scaled_spec(n, work / f"spec-{n}", base).parent for n in SCALES}


def scaled(spec_dir: Path, out: Path, *, gc_what_if: bool = False) -> Run:
    """Our pipeline on one synthetic spec; with `gc_what_if`, after `gc.set_threshold(100_000, 50, 100)`."""
    args = ["generate", "--force", "--spec-dir", str(spec_dir), "--output", str(out)]
    if gc_what_if:
        return run_command([PY, "-c", GC_WHAT_IF, ",".join(map(str, GC_THRESHOLD)), *args], env=COLD, timeout=1800)
    return run_command([PY, "-m", "generator", *args], env=COLD, timeout=1800)  # 2,000 operations on a busy machine


def interleaved(jobs: dict[str, Callable[[], Run]], runs: int, progress: Callable[[str], None]) -> dict[str, Series]:
    """Run each job `runs` times, round-robin, the order rotated every round; a Series per job."""
    found = {name: Series(name) for name in jobs}
    names = list(jobs)
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            run = jobs[name]()
            found[name].add(run)
            progress(f"  {name}: {run.seconds:.2f} s")
    return found

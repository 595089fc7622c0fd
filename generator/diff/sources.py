"""Where the specs of a diff come from: a file, a folder, a git revision (`HEAD~1`), or `REV:path`."""

from __future__ import annotations

import hashlib
import posixpath
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..publish.bundle import Reader, bundle

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SpecSource:
    """One spec document to read: its service name, how it is shown, and how to read it and its neighbours."""

    name: str
    label: str
    root: str
    read: Reader

    def load(self) -> dict[str, Any]:
        """The bundled document."""
        return bundle(self.root, self.read)


def _git_command() -> str:
    found = shutil.which("git")
    if found is None:
        raise GenerationError([Diagnostic("arguments", 0, 0, "", "git is not installed; name spec files or folders")])
    return found


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_git_command(), *args], cwd=cwd, capture_output=True, text=True, check=False)


def _git_reader(rev: str, folder: str) -> Reader:
    def read(name: str) -> str:
        spec = posixpath.normpath(posixpath.join(folder, name))
        result = _git("show", f"{rev}:./{spec}")
        if result.returncode != 0:
            raise OSError(result.stderr.strip() or f"not in {rev}")
        return result.stdout

    return read


def _folder_reader(folder: Path) -> Reader:
    def read(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return read


def _is_revision(rev: str) -> bool:
    return _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0


def resolve(arg: str, spec_dir: str = "spec") -> tuple[bool, list[SpecSource]]:
    """The specs an argument names, and whether it named a single file (rather than a set of specs)."""
    path = Path(arg)
    if path.is_file():
        return True, [SpecSource(path.stem, arg, path.name, _folder_reader(path.parent))]
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
        return False, [SpecSource(p.stem, str(p), p.name, _folder_reader(path)) for p in files]
    rev, sep, inner = arg.partition(":")
    if sep and inner and _is_revision(rev):
        folder, name = posixpath.split(posixpath.normpath(inner))
        return True, [SpecSource(Path(name).stem, arg, name, _git_reader(rev, folder))]
    if _is_revision(arg):
        listing = _git("ls-tree", "--name-only", arg, "--", spec_dir.rstrip("/") + "/")
        names = sorted(posixpath.basename(line) for line in listing.stdout.splitlines() if line.endswith(SPEC_SUFFIXES))
        return False, [SpecSource(Path(n).stem, f"{arg}:{spec_dir}/{n}", n, _git_reader(arg, spec_dir)) for n in names]
    raise GenerationError(
        [Diagnostic("arguments", 0, 0, "", f"{arg!r} is not a spec file, a folder of specs, nor a git revision")]
    )


def pair(old: str, new: str, spec_dir: str = "spec") -> list[tuple[str, SpecSource | None, SpecSource | None]]:
    """(service, old spec, new spec) for every spec on either side; two single files are paired whatever their names."""
    old_single, old_specs = resolve(old, spec_dir)
    new_single, new_specs = resolve(new, spec_dir)
    if old_single and new_single:
        return [(new_specs[0].name, old_specs[0], new_specs[0])]
    before, after = {s.name: s for s in old_specs}, {s.name: s for s in new_specs}
    return [(name, before.get(name), after.get(name)) for name in sorted(before.keys() | after.keys())]


def find_in_git(path: Path, digest: str, *, depth: int = 200) -> str | None:
    """The text of an earlier version of `path` whose SHA-256 is `digest`: staged, at HEAD, or in its recent history."""
    top = _git("rev-parse", "--show-toplevel", cwd=path.parent)
    if top.returncode != 0:
        return None
    relative = path.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    log = _git("log", f"-n{depth}", "--format=%H", "--", relative, cwd=path.parent)
    candidates = [f":{relative}", f"HEAD:{relative}", *(f"{c}:{relative}" for c in log.stdout.split())]
    batch = subprocess.run(
        [_git_command(), "cat-file", "--batch"],
        cwd=path.parent,
        input="\n".join(candidates).encode() + b"\n",
        capture_output=True,
        check=False,
    )
    data, offset = batch.stdout, 0
    while offset < len(data):
        end = data.index(b"\n", offset)
        header = data[offset:end].split()
        offset = end + 1
        if len(header) != 3:
            continue  # "<name> missing"
        size = int(header[2])
        blob = data[offset : offset + size]
        offset += size + 1
        if hashlib.sha256(blob).hexdigest() == digest:
            return blob.decode("utf-8", "replace")
    return None

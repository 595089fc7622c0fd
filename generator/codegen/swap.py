"""Swap stage: replace the output folder as a whole, never leaving it half-written, and never a folder not ours."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..openapi.diagnostics import Diagnostic, GenerationError
from .manifest import MANIFEST, read_manifest


def refuse_foreign(target: Path, option: str = "--output", mark: str = MANIFEST) -> None:
    """Raise (exit status 2) unless `target` is missing, empty, or ours (it holds our MANIFEST; for dist/, each
    folder in it holds our SHA256SUMS): what we may replace. There is no override: the generator never deletes
    files it did not write.
    """
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        return
    if target.is_dir() and _is_ours(target, mark):
        return
    what = "a file" if not target.is_dir() else f"a folder that is not empty and holds no {mark} of ours"
    message = (
        f"{option} {target} is {what}; it is left untouched, as the folder is replaced as a whole. "
        "Choose a new or empty folder (or one this generator wrote)"
    )
    raise GenerationError([Diagnostic("arguments", 0, 0, "", message)])


def _is_ours(folder: Path, mark: str) -> bool:
    """True when `folder` holds our MANIFEST, or (any other mark) each of its entries is a folder with that mark."""
    if mark == MANIFEST:
        return read_manifest(folder) is not None
    return all(entry.is_dir() and (entry / mark).is_file() for entry in folder.iterdir())


def staging_dir(target: Path) -> Path:
    """A fresh folder beside `target` to render into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{target.name}.staging-", dir=target.parent))


def replace_tree(staging: Path, target: Path) -> None:
    """Move `staging` to `target`; the old `target` is removed only once the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed generation."""
    shutil.rmtree(staging, ignore_errors=True)

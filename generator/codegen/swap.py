"""Swap stage: replace the output folder as a whole, never leaving it half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


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

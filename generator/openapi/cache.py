"""Results of costly pure steps kept between runs, by a hash of everything they depend on (content-addressed).

A step whose inputs hash to a key seen before takes the stored result instead of running: the models
backend on a model document it has rendered before, the meta-schema check of a schema that passed it
before. A key is made by its caller from all that decides the result (the input, the options, the tool
versions); what is stored is never trusted beyond that, and a missing or unreadable entry just runs the step.

Where: `$SDK_PIPELINE_CACHE`, else `$XDG_CACHE_HOME/sdk-pipeline`, else `~/.cache/sdk-pipeline`;
`SDK_PIPELINE_CACHE=off` turns it off (the benchmarks of a cold generation do). Deleting the folder is safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

ENV = "SDK_PIPELINE_CACHE"
OFF = "off"
KEEP = 64  # entries kept per kind whose values are large (the oldest go first)


def root() -> Path | None:
    """The cache folder, or None when caching is off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in (OFF, "") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdk-pipeline"


def key(*parts: str | bytes) -> str:
    """A hex SHA-256 of the parts, each length-prefixed (so that no two lists of parts share a key)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@cache
def versions(*packages: str) -> str:
    """`name==version` of each installed package: part of a key whose result a tool computes."""
    return ",".join(f"{name}=={version(name)}" for name in packages)


def _path(kind: str, entry: str) -> Path | None:
    folder = root()
    return None if folder is None else folder / kind / entry[:2] / entry


def get(kind: str, entry: str) -> bytes | None:
    """The stored result, or None (not stored, unreadable, or caching off)."""
    path = _path(kind, entry)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def put(kind: str, entry: str, data: bytes, *, prune: bool = False) -> None:
    """Store a result (written whole, then renamed into place); a failure to write is ignored.

    `prune`: keep only the newest KEEP entries of this kind.
    """
    path = _path(kind, entry)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        if prune:
            _prune(path.parent.parent)
    except OSError:
        return


def _prune(folder: Path) -> None:
    entries = sorted(
        (p for p in folder.glob("*/*") if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)

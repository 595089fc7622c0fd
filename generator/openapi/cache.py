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
import re
import sys
import tempfile
from functools import cache
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
    return ",".join(f"{name}=={installed_version(name)}" for name in packages)


def installed_version(package: str) -> str:
    """The installed version of a distribution (PackageNotFoundError when none is installed).

    Read from the name of its `<name>-<version>.dist-info` folder, as pip installs it: importlib.metadata
    parses each one's METADATA with the email package, about 40 ms for the six tools a MANIFEST names,
    a third of a `make generate` that has nothing to do. Anything else (an egg-info) is asked of it.
    """
    found = _dist_info_versions().get(_normalized(package))
    if found is not None:
        return found
    from importlib.metadata import version

    return version(package)


@cache
def _dist_info_versions() -> dict[str, str]:
    """Normalized name -> version of each `.dist-info` folder on sys.path, the first one of a name (as imported)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                package, _, version = name.removesuffix(".dist-info").rpartition("-")
                if package and version:
                    found.setdefault(_normalized(package), version)
    return found


def _normalized(name: str) -> str:
    """A distribution name as PEP 503 compares them: `PyYAML` is `pyyaml`, `typing_extensions` `typing-extensions`."""
    return re.sub(r"[-_.]+", "-", name).lower()


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

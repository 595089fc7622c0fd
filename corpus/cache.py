"""Stock's outcome per document, kept between runs in the git-ignored .corpus-cache/ (only stock's: ours is under test).

The key is the document's bytes, the versions of openapi-python-client and mypy, and the harness modules that
make an outcome (generate, exercise, mock): any change to one of them is a new key; the table's code is not in it. `SDK_CORPUS_CACHE=off` (or `python -m corpus --no-cache`) skips it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from importlib.metadata import version

from .documents import ROOT, Document
from .tools import Outcome

CACHE_DIR = ROOT / ".corpus-cache"
CACHED_TOOLS = ("stock",)
HARNESS = [
    ROOT / "corpus" / name
    for name in ("tools.py", "exercise.py", "arguments.py", "mock.py", "schema_samples.py", "unions.py")
]


def enabled() -> bool:
    """Whether the cache is used (SDK_CORPUS_CACHE=off turns it off)."""
    return os.environ.get("SDK_CORPUS_CACHE", "on").lower() not in ("off", "0", "no")


def key(tool: str, doc: Document) -> str:
    """The cache key of one tool's outcome on one document."""
    digest = hashlib.sha256(f"{tool}\0{version('openapi-python-client')}\0{version('mypy')}\0".encode())
    digest.update(doc.path.read_bytes())
    for source in HARNESS:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def load(tool: str, doc: Document) -> Outcome | None:
    """The kept outcome, or None."""
    if tool not in CACHED_TOOLS or not enabled():
        return None
    path = CACHE_DIR / f"{doc.id}-{key(tool, doc)[:32]}.json"
    if not path.is_file():
        return None
    fields = json.loads(path.read_text(encoding="utf-8"))
    return Outcome(**{k: v for k, v in fields.items() if k != "package"})


def store(tool: str, doc: Document, outcome: Outcome) -> None:
    """Keep an outcome (its generated folder is not kept)."""
    if tool not in CACHED_TOOLS or not enabled():
        return
    CACHE_DIR.mkdir(exist_ok=True)
    for stale in CACHE_DIR.glob(f"{doc.id}-*.json"):
        stale.unlink()
    fields = {k: v for k, v in dataclasses.asdict(outcome).items() if k != "package"}
    path = CACHE_DIR / f"{doc.id}-{key(tool, doc)[:32]}.json"
    path.write_text(json.dumps(fields, indent=1) + "\n", encoding="utf-8")

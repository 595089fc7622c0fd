"""The corpus: ../shared/corpus/openapi beside the repository (or $SDK_CORPUS_DIR), as SOURCES.md lists it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "corpus" / "openapi"
INVALID_MARK = "documents_with_errors"  # upstream's folder of deliberately invalid documents


@dataclass(frozen=True)
class Document:
    """One corpus document: its id (the file's stem), its file, and whether its upstream calls it invalid."""

    id: str
    path: Path
    invalid: bool


def corpus_dir() -> Path | None:
    """The corpus folder, or None when it is not beside the repository."""
    folder = Path(os.environ.get("SDK_CORPUS_DIR") or DEFAULT_DIR)
    return folder if (folder / "SOURCES.md").is_file() else None


def documents(folder: Path) -> list[Document]:
    """Every document SOURCES.md lists, in its order; a listed file that is missing is an error."""
    rows = re.findall(
        r"^\| (\w+) \| (\S+) \| \S+ \| \S+ \| (\S+) \|$", (folder / "SOURCES.md").read_text("utf-8"), re.M
    )
    found = []
    for doc_id, name, upstream_path in rows:
        if doc_id == "id":
            continue
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"SOURCES.md lists {name}, which is not in the corpus folder")
        found.append(Document(doc_id, path, INVALID_MARK in upstream_path))
    return found

"""Where the pages live: `docs-pages` in the `[tool.sdk-pipeline]` table of pyproject.toml, relative to it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..openapi.diagnostics import Diagnostic, GenerationError

TABLE = "tool.sdk-pipeline"
KEY = "docs-pages"


def configured_pages(project: Path) -> Path | None:
    """The configured pages folder of the project at `project`, or None when none is configured."""
    pyproject = project / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GenerationError([Diagnostic("pyproject.toml", 1, 1, "", f"cannot read it: {exc}")]) from exc
    value = config.get("tool", {}).get("sdk-pipeline", {}).get(KEY)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise GenerationError([Diagnostic("pyproject.toml", 1, 1, "", f"[{TABLE}] {KEY} must be a folder name")])
    return Path(value) if Path(value).is_absolute() else project / value

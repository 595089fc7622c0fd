"""Read a page file: find its layout and hand it to that layout's reader."""

from __future__ import annotations

import os
from pathlib import Path

from .karat_page import is_karat_page, read_karat_page
from .page import DocPage, PageError
from .text_lines import TextLines
from .unicat_page import is_unicat_page, read_unicat_page

LAYOUTS = "Karat API reference (a `METHOD/path` line under the title) or Unicat API reference (a `METHOD /api/...` request line and an `Authorization: Bearer <JWT>` line)"


def shown_path(path: Path) -> str:
    """A page's path as shown in reports: relative to the working directory."""
    return os.path.relpath(path) if path.is_absolute() else str(path)


def read_page(path: Path) -> DocPage:
    """The facts of one saved page; PageError (naming the page and what is missing) when it cannot be read."""
    name = shown_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PageError(name, 0, f"cannot open it as UTF-8 text: {exc.__class__.__name__}: {exc}") from exc
    lines = TextLines(name, text)
    if not text.strip():
        raise PageError(name, 1, "the page is empty")
    if is_karat_page(lines):
        return read_karat_page(lines)
    if is_unicat_page(lines):
        return read_unicat_page(lines)
    raise PageError(name, 1, f"not a page of a known layout: expected {LAYOUTS}")

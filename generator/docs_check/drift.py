"""A drift: one fact a page states that the spec does not reflect, with where to look on the page and in the spec."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ..openapi.load import SpecDocument
from .fix import Fix
from .page import DocPage


@dataclass(frozen=True, order=True)
class Drift:
    """A documented fact the spec does not match: the page's file and line, the spec's file, line, column and
    JSON pointer of the place to edit."""

    page: str
    page_line: int
    spec: str
    spec_line: int
    spec_col: int
    pointer: str
    message: str
    fix: Fix | None = field(default=None, compare=False)  # None: a person decides

    def format(self) -> str:
        """`page:line: message -> spec:line:col [#/json/pointer]`."""
        where = f"{self.page}:{self.page_line}" if self.page_line else self.page
        return f"{where}: {self.message} -> {self.spec}:{self.spec_line}:{self.spec_col} [#{self.pointer}]"

    def as_json(self) -> dict[str, Any]:
        """The drift as a JSON object (the `--json` form)."""
        found: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "fix"}
        return found | {"fix": self.fix.kind if self.fix else None}


class DriftLog:
    """Collects the drift of one page against one spec."""

    def __init__(self, page: DocPage, doc: SpecDocument) -> None:
        self.page, self.doc = page, doc
        self.found: list[Drift] = []

    def add(self, page_line: int, pointer: str, message: str, fix: Fix | None = None) -> None:
        """Record a drift at `page_line` of the page and `pointer` of the spec (located at its nearest parent), with
        its fix when it has one obvious edit."""
        line, col = self.doc.where(pointer)
        self.found.append(Drift(self.page.file, page_line, self.doc.display_name, line, col, pointer, message, fix))

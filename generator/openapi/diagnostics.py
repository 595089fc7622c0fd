"""Diagnostics are values: collected by every stage, printed sorted, fatal if any is an error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a spec, with where it is."""

    file: str
    line: int
    col: int
    pointer: str
    message: str
    level: str = "error"

    def format(self) -> str:
        """Render as `file:line:col: level: message [#/json/pointer]`."""
        return f"{self.file}:{self.line}:{self.col}: {self.level}: {self.message} [#{self.pointer}]"


class GenerationError(Exception):
    """Raised by a stage that found errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name

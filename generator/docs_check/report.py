"""Run the docs check over pages and print what it found, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument, load_spec
from .compare import compare_page, undocumented_operations
from .drift import Drift
from .page import DocPage, PageError
from .read import read_page

if TYPE_CHECKING:
    from .apply import FixOutcome


@dataclass
class DocsCheckResult:
    """The pages read, the drift found and the pages that could not be read."""

    pages: list[DocPage] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    unreadable: list[PageError] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0: nothing to report; 1: drift; 2: a page could not be read (or there was none)."""
        if self.unreadable or not self.pages:
            return 2
        return 1 if self.drift else 0


def page_files(arguments: list[Path]) -> list[Path]:
    """The page files named: files as given, folders as their *.txt files."""
    found: list[Path] = []
    for argument in arguments:
        found += sorted(argument.glob("*.txt")) if argument.is_dir() else [argument]
    return found


def check_pages(files: list[Path], spec_dir: Path, *, complete: bool = False, folder: str = "") -> DocsCheckResult:
    """Read every page, compare each with spec_dir/<service>.yaml; with `complete`, also report the operations
    of those specs that no page documents."""
    result = DocsCheckResult()
    for path in files:
        try:
            result.pages.append(read_page(path))
        except PageError as exc:
            result.unreadable.append(exc)
    specs: dict[str, SpecDocument] = {}
    for page in result.pages:
        if page.service not in specs:
            spec_path = spec_dir / f"{page.service}.yaml"
            if not spec_path.is_file():
                message = f"a {page.layout} page, but there is no {spec_path} to compare it with"
                raise GenerationError([Diagnostic(page.file, page.line, 1, "", message)])
            specs[page.service] = load_spec(spec_path)
        result.drift += compare_page(page, specs[page.service])
    if complete:
        for service, doc in specs.items():
            result.drift += undocumented_operations(doc, [p for p in result.pages if p.service == service], folder)
    result.drift.sort()
    return result


def text_report(result: DocsCheckResult) -> list[str]:
    """One line per drift and per unreadable page, then a summary."""
    lines = [drift.format() for drift in result.drift]
    lines += [str(error) for error in result.unreadable]
    services = sorted({page.service for page in result.pages})
    counts = ", ".join(f"{s}: {sum(p.service == s for p in result.pages)}" for s in services)
    summary = f"docs-check: {len(result.pages)} page(s) read ({counts or 'none'}), {len(result.drift)} drift(s)"
    if result.unreadable:
        summary += f", {len(result.unreadable)} page(s) could not be read"
    return [*lines, summary]


def json_report(result: DocsCheckResult) -> str:
    """The result as one JSON document (for CI)."""
    document: dict[str, Any] = {
        "pages": [
            {"page": p.file, "layout": p.layout, "operation": f"{p.method.upper()} {p.path}", "line": p.line}
            for p in result.pages
        ],
        "drift": [drift.as_json() for drift in result.drift],
        "unreadable": [{"page": e.page, "line": e.line, "message": e.message} for e in result.unreadable],
        "status": result.exit_status,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def fix_report(outcome: FixOutcome, left: DocsCheckResult) -> list[str]:
    """What --fix applied, what it could not apply (and why), and the drifts left for a person."""
    lines = [f"fixed ({drift.fix.kind if drift.fix else ''}): {drift.format()}" for drift in outcome.fixed]
    lines += [f"not applied: {drift.format()}\n    because {why}" for drift, why in outcome.refused]
    lines += [f"left for a person: {drift.format()}" for drift in left.drift]
    lines += [str(error) for error in left.unreadable]
    written = ", ".join(str(path) for path in outcome.written) or "no spec"
    lines.append(
        f"docs-check --fix: {len(outcome.fixed)} drift(s) fixed in {written}, {len(left.drift)} drift(s) left for a person"
    )
    return lines

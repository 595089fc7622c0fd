"""`docs-check --fix`: apply the drifts' fixes to the spec files, each spec only when the edited document passes the
project's validator (as `python -m generator validate` runs it); a fix that cannot be applied is left for a person."""

from __future__ import annotations

import contextlib
import io
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..openapi.diagnostics import GenerationError
from .drift import Drift
from .fix import Edit, FixError
from .roundtrip import edit_text


@dataclass
class FixOutcome:
    """The drifts fixed, the fixes refused (with why) and the spec files written."""

    fixed: list[Drift] = field(default_factory=list)
    refused: list[tuple[Drift, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def apply_fixes(drifts: list[Drift]) -> FixOutcome:
    """Edit each spec named by a fixable drift: all its fixes at once, else as many as validate one by one."""
    outcome = FixOutcome()
    specs: dict[str, list[Drift]] = {}
    for drift in drifts:
        if drift.fix is not None:
            specs.setdefault(drift.spec, []).append(drift)
    for spec, fixable in specs.items():
        path = Path(spec)
        original = path.read_text(encoding="utf-8")
        text, problem = _try(path, original, fixable)
        kept = fixable
        if problem is not None and len(fixable) > 1:
            text, kept = original, []
            for drift in fixable:
                attempt, why = _try(path, original, [*kept, drift])
                if why is None:
                    text, kept = attempt, [*kept, drift]
                else:
                    outcome.refused.append((drift, why))
        elif problem is not None:
            outcome.refused.append((fixable[0], problem))
            kept = []
        if kept and text != original:
            path.write_text(text, encoding="utf-8")
            outcome.written.append(path)
        outcome.fixed += kept
    return outcome


def _try(path: Path, original: str, drifts: list[Drift]) -> tuple[str, str | None]:
    """The spec with these drifts' fixes, and None, or the original and why it cannot be written."""
    edits: list[Edit] = []
    for drift in drifts:
        assert drift.fix is not None
        for edit in drift.fix.edits:
            _add(edits, edit)
    try:
        text = edit_text(original, edits)
    except FixError as exc:
        return original, str(exc)
    problems = validation_errors(path, text)
    return (text, None) if not problems else (original, "the edited spec would not validate: " + problems[0])


def _add(edits: list[Edit], edit: Edit) -> None:
    """One edit more; two fixes setting the same new mapping (a field from the page's list and from its example)
    make one, the first one's keys first."""
    for index, earlier in enumerate(edits):
        if earlier == edit:
            return
        same = earlier.action == edit.action == "set" and earlier.pointer == edit.pointer
        if same and isinstance(earlier.value, dict) and isinstance(edit.value, dict):
            edits[index] = Edit("set", edit.pointer, edit.value | earlier.value)
            return
    edits.append(edit)


def validation_errors(path: Path, text: str) -> list[str]:
    """The validator's errors for `text` as the content of `path` (nothing is written to `path`). Its warnings are
    not printed here: they name a temporary copy, and `make generate` prints them for the spec written."""
    from ..codegen.pipeline import load_and_validate
    from ..validate.lint import lint_for

    with tempfile.TemporaryDirectory(prefix="docs-fix-") as folder:
        copy = Path(folder) / path.name
        copy.write_text(text, encoding="utf-8")
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                load_and_validate([copy], lint_for(path))  # the spec's own lint settings, not the copy's
        except GenerationError as exc:
            shown = [replace(d, file=str(path)) if d.file.endswith(path.name) else d for d in exc.diagnostics]
            return [d.format() for d in shown if d.level == "error"] or [d.format() for d in shown]
    return []

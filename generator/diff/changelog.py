"""The changelog: spec diffs printed per service, and the summary `generate` prints when a spec changed."""

from __future__ import annotations

from pathlib import Path

from ..codegen.manifest import sha256
from ..openapi.diagnostics import GenerationError
from .schema import Change


def service_lines(service: str, changes: list[Change], *, limit: int | None = None) -> list[str]:
    """`karat: 2 changes, 1 breaking` and one indented line per change (at most `limit` of them)."""
    if not changes:
        return [f"{service}: no API changes"]
    breaking = sum(c.breaking for c in changes)
    lines = [f"{service}: {len(changes)} change{'s' * (len(changes) != 1)}, {breaking} breaking"]
    shown = changes if limit is None else changes[:limit]
    lines += [f"  {c.format()}" for c in shown]
    if len(shown) < len(changes):
        lines.append(f"  ... {len(changes) - len(shown)} more (`make changelog` lists them all)")
    return lines


def diff_report(old: str, new: str, spec_dir: str = "spec") -> tuple[list[str], int]:
    """The changelog lines between two sides (files, folders or git revisions) and the number of breaking changes."""
    from .changes import diff_documents
    from .sources import pair

    lines: list[str] = []
    breaking = 0
    for service, before, after in pair(old, new, spec_dir):
        if before is None:
            lines.append(f"{service}: spec added ({after.label if after else ''}) (non-breaking)")
            continue
        if after is None:
            lines.append(f"{service}: spec removed ({before.label}) (breaking)")
            breaking += 1
            continue
        changes = diff_documents(before.load(), after.load())
        breaking += sum(c.breaking for c in changes)
        lines += service_lines(service, changes)
    if not lines:
        lines.append("no specs on either side")
    return lines, breaking


def since_last_generation(recorded: dict[str, str], specs: list[Path], *, limit: int = 12) -> list[str]:
    """What changed in the API since the generation the MANIFEST recorded; empty when no spec changed."""
    if not recorded:
        return []
    from ..publish.bundle import bundle, bundle_file
    from .changes import diff_documents
    from .sources import find_in_git

    lines: list[str] = []
    current = {f"spec/{p.name}": p for p in specs}
    for name in sorted(recorded.keys() - current.keys()):
        lines.append(f"{name}: removed since the last generation (breaking)")
    for name, path in sorted(current.items()):
        digest = sha256(path.read_bytes())
        if name not in recorded:
            lines.append(f"{name}: new since the last generation")
            continue
        if recorded[name] == digest:
            continue
        old_text = find_in_git(path, recorded[name])
        if old_text is None:
            lines.append(
                f"{name}: changed, but its last generated version is not in git; `make changelog` diffs against HEAD"
            )
            continue
        base = path.parent

        def read(ref: str, root: str = path.name, text: str = old_text, folder: Path = base) -> str:
            return text if ref == root else (folder / ref).read_text(encoding="utf-8")

        try:
            changes = diff_documents(bundle(path.name, read), bundle_file(path))
        except GenerationError as exc:
            lines.append(f"{name}: changed; no changelog: {exc.diagnostics[0].message}")
            continue
        lines += service_lines(name, changes, limit=limit)
    return ["API changes since the last generation:", *lines] if lines else []

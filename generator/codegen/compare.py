"""Compare two generated trees file by file: missing, extra and changed files, with unified diffs."""

from __future__ import annotations

import difflib
from pathlib import Path

CACHES = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def tree_files(root: Path) -> dict[str, bytes]:
    """Every file below `root` by relative path (caches excluded)."""
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not CACHES.intersection(p.relative_to(root).parts)
    }


def compare_trees(expected: Path, actual: Path, *, max_diff_lines: int = 80) -> list[str]:
    """Human-readable differences between `expected` and `actual`; empty when identical."""
    want, got = tree_files(expected), tree_files(actual)
    problems = [f"missing: {name}" for name in sorted(want.keys() - got.keys())]
    problems += [f"extra: {name}" for name in sorted(got.keys() - want.keys())]
    for name in sorted(want.keys() & got.keys()):
        if want[name] != got[name]:
            diff = difflib.unified_diff(
                want[name].decode("utf-8", "replace").splitlines(),
                got[name].decode("utf-8", "replace").splitlines(),
                f"expected/{name}",
                f"actual/{name}",
                lineterm="",
            )
            lines = list(diff)
            shown = lines[:max_diff_lines] + (
                [f"... ({len(lines) - max_diff_lines} more diff lines)"] if len(lines) > max_diff_lines else []
            )
            problems.append(f"changed: {name}\n" + "\n".join(shown))
    return problems

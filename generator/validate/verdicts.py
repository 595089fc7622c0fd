"""Clean verdicts of whole-document checks, kept in generator/openapi/cache.py's store for the edit loop.

Only a clean verdict (no problem found) is kept: a document with problems is checked again, so what is
reported is always the check's own, current finding. The key holds the document without the text
`summary`/`description` of its path items and operations (every check here reads them as any text, so
editing one keeps a clean verdict; a non-text value stays in the key), the tool versions, the checking code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..openapi import cache
from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument

if TYPE_CHECKING:
    from .lint import Lint

Problems = list[tuple[str, str]]  # (pointer, message) of each problem a check finds

METHODS = frozenset(("get", "put", "post", "delete", "options", "head", "patch", "trace"))
PROSE = ("summary", "description")


def verdict_key(check: str, tools: str, code: Path, doc: SpecDocument) -> str:
    """The store's key of `check`'s verdict on `doc` (`tools`: cache.versions(...); `code`: the checking module)."""
    return cache.key(check, tools, code.read_bytes(), str(doc.path), repr(without_operation_prose(doc.data)))


def known_clean(check: str, entry: str) -> bool:
    """`check` found nothing in a document of this key before."""
    return cache.get(check, entry) is not None


def remember_clean(check: str, entry: str) -> None:
    """`check` found nothing in the document of this key."""
    cache.put(check, entry, b"")


def lint_rule_remembered(
    doc: SpecDocument,
    lint: Lint,
    rule: str,
    check: str,
    key: tuple[str, Path],
    problems: Callable[[SpecDocument], Problems],
) -> list[Diagnostic]:
    """The diagnostics of a lint rule whose `problems` are costly: none when the rule is off or the store knows the
    document (`key`: the tools' versions and the checking module, see verdict_key) clean; a clean finding is kept."""
    if lint.level(rule) == "off":
        return []
    entry = verdict_key(check, *key, doc)
    if known_clean(check, entry):
        return []
    found = problems(doc)
    if not found:
        remember_clean(check, entry)
    return [d for pointer, message in found for d in lint.check(doc, rule, pointer, message)]


def without_operation_prose(data: Any) -> Any:
    """`data` with the text `summary`/`description` of each path item and operation left out (a shallow copy)."""
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return data
    kept: dict[Any, Any] = {}
    for route, item in paths.items():
        if isinstance(item, dict):
            item = {k: _operation_without_prose(v) if k in METHODS else v for k, v in item.items() if not _prose(k, v)}
        kept[route] = item
    return {**data, "paths": kept}


def _operation_without_prose(operation: Any) -> Any:
    if not isinstance(operation, dict):
        return operation
    return {k: v for k, v in operation.items() if not _prose(k, v)}


def _prose(field: Any, value: Any) -> bool:
    return field in PROSE and isinstance(value, str)

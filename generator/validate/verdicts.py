"""Clean verdicts of whole-document checks, kept in generator/openapi/cache.py's store for the edit loop.

Only a clean verdict (no problem found) is kept: a document with problems is checked again, so what is
reported is always the check's own, current finding. The key holds the document without the text
`summary`/`description` of its objects (operations, schemas, responses, ...: every check here reads them as any
text, so editing one keeps a clean verdict; a non-text value stays in the key), the tool versions, the checking
code. Data the checks read is kept whole: examples, defaults, enums, consts, discriminator mappings, extensions,
and the names in a map (a property named `description` is a schema, never text).
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

PROSE = ("summary", "description")


def verdict_key(check: str, tools: str, code: Path, doc: SpecDocument) -> str:
    """The store's key of `check`'s verdict on `doc` (`tools`: cache.versions(...); `code`: the checking module)."""
    return cache.key(check, tools, code.read_bytes(), str(doc.path), repr(without_prose(doc.data)))


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


def without_prose(data: Any) -> Any:
    """`data` with the text `summary`/`description` of each object left out (a copy; data and names kept whole)."""
    return _without_prose(data, _OBJECT)


# What a mapping of the document is: an OpenAPI or schema object (fixed fields), a map of names to objects, or a
# map of names to such maps (callbacks: name -> expression -> path item).
_OBJECT, _MAP, _MAP_OF_MAPS = 0, 1, 2
_MAPS = frozenset(
    (
        "paths",
        "webhooks",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "pathItems",
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "content",
        "encoding",
        "variables",
        "scopes",
    )
)
_DATA = frozenset(("example", "examples", "default", "enum", "const", "mapping"))  # kept whole, prose or not


def _without_prose(node: Any, kind: int) -> Any:
    if isinstance(node, list):
        return [_without_prose(item, _OBJECT) for item in node]
    if not isinstance(node, dict):
        return node
    if kind != _OBJECT:  # names to objects (or to maps of them): every name stays
        inner = _MAP if kind == _MAP_OF_MAPS else _OBJECT
        return {name: _without_prose(value, inner) for name, value in node.items()}
    kept: dict[Any, Any] = {}
    for field, value in node.items():
        if field in PROSE and isinstance(value, str):
            continue
        if field in _DATA or (isinstance(field, str) and field.startswith("x-")):
            kept[field] = value
        else:
            child = _MAP_OF_MAPS if field == "callbacks" else _MAP if field in _MAPS else _OBJECT
            kept[field] = _without_prose(value, child)
    return kept

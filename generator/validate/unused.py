"""Components nothing uses: which they are, and a broken one set aside so that it does not block the rest.

Lint rule `broken-component`: at `warning` (the default) each error inside a component no operation
reaches becomes a warning and the component is removed from the document (with every unused
component that refers to it), so nothing downstream sees it; `error` (this repository's spec/)
keeps it fatal; `off` leaves it out without a word.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer, split_pointer
from ..openapi.refs import reachable_components
from ..openapi.walk import COMPONENT_SECTIONS, iter_operations
from .lint import Lint

RULE = "broken-component"


def unused_components(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(section, name, pointer) of every component not reachable from the paths or the document's top level."""
    components = data.get("components") or {}
    roots = {key: value for key, value in data.items() if key != "components"}
    requirements = list(data.get("security") or [])
    for _, _, _, operation in iter_operations(data):
        requirements += operation.get("security") or []
    schemes = {join_pointer("components", "securitySchemes", name) for scheme in requirements for name in scheme}
    reached = reachable_components(data, roots, starts=schemes)
    return [
        (section, name, join_pointer("components", section, name))
        for section in COMPONENT_SECTIONS
        for name in components.get(section) or {}
        if join_pointer("components", section, name) not in reached
    ]


def set_aside_broken_unused(
    doc: SpecDocument, diagnostics: list[Diagnostic], lint: Lint
) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document without its broken unused components, and the diagnostics with their errors as warnings."""
    level = lint.level(RULE)
    unused = {pointer for _, _, pointer in unused_components(doc.data)}
    if level == "error" or not unused:
        return doc, diagnostics
    broken = {_owner(d.pointer, unused) for d in diagnostics if d.level == "error"} - {None}
    if not broken:
        return doc, diagnostics
    removed = {p for p in unused if p in broken or reachable_components(doc.data, _node(doc, p)) & broken}
    kept = []
    for diagnostic in diagnostics:
        owner = _owner(diagnostic.pointer, removed)
        if owner is None:
            kept.append(diagnostic)
        elif diagnostic.level == "error" and level == "warning":
            note = f"; {owner.removeprefix('/components/')} is used by no operation and is left out (lint rule {RULE})"
            kept.append(dataclasses.replace(diagnostic, level="warning", message=diagnostic.message + note))
        elif diagnostic.level != "error":
            kept.append(diagnostic)
    data = copy.deepcopy(doc.data)
    for pointer in removed:
        _, section, name = split_pointer(pointer)
        del data["components"][section][name]
    return dataclasses.replace(doc, data=data), kept


def _owner(pointer: str, components: set[str]) -> str | None:
    """The component (`/components/<section>/<name>`) a pointer is inside, if it is one of `components`."""
    tokens = split_pointer(pointer)
    if len(tokens) < 3 or tokens[0] != "components":
        return None
    owner = "/" + "/".join(pointer.split("/")[1:4])
    return owner if owner in components else None


def _node(doc: SpecDocument, pointer: str) -> object:
    _, section, name = split_pointer(pointer)
    return doc.data["components"][section][name]

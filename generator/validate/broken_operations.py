"""Operations that break the OpenAPI schema: left out, so that one broken operation does not block the rest.

Lint rule `broken-operation`: at `warning` (the default) each error inside an operation, inside its path
item, or inside a component it uses (an unresolved `$ref`, a `$ref` cycle, a violation of the OpenAPI schema
that cannot be read leniently) becomes a warning and the operation is removed from the document, so nothing
downstream sees it; a component only such operations used is then unused and goes as well (lint rule
`broken-component`, unused.py). `error` (this repository's spec/) keeps it fatal; `off` leaves them out without
a word. Only a document whose every error is set aside this way generates: an error anywhere else (the
document's `info`, a component the rest still uses) keeps every error as it is.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import iter_refs, reachable_components, ref_pointer
from ..openapi.walk import HTTP_METHODS, iter_operations
from .lint import Lint
from .unused import set_aside_broken_unused, unused_components

RULE = "broken-operation"


def set_aside_broken_operations(
    doc: SpecDocument, diagnostics: list[Diagnostic], lint: Lint
) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document without its broken operations (and the components only they used), the errors as warnings."""
    level = lint.level(RULE)
    errors = [d for d in diagnostics if d.level == "error"]
    if level == "error" or not errors:
        return doc, diagnostics
    uses = _components_used(doc.data)
    owners = {d: _owners(d.pointer, uses) for d in errors}
    unused = {pointer for _, _, pointer in unused_components(doc.data)}
    if not all(found or _in_component(d.pointer) in unused for d, found in owners.items()):
        return doc, diagnostics  # an error no operation owns: the document is refused, every error as it is
    removed = sorted(set().union(*owners.values()))
    data = copy.deepcopy(doc.data)
    followers = _keep_what_others_use(data, set(removed), [d.pointer for d in errors])
    removed = sorted({*removed, *followers})
    for pointer in removed:
        _, path, method = split_pointer(pointer)
        item = data["paths"][path]
        del item[method]
        if not any(m in item for m in HTTP_METHODS):
            del data["paths"][path]
    kept: list[Diagnostic] = []
    said: list[Diagnostic] = []  # one warning per operation left out, at the operation, in the form the IR's take
    for diagnostic in diagnostics:
        operations = owners.get(diagnostic, set())
        component = _in_component(diagnostic.pointer)
        if not operations or component:  # a component's error: set aside with the component, once it is unused
            kept.append(diagnostic)
            why = f"the operation uses {str(component).removeprefix('/components/')}, which is broken (see its error)"
        elif level == "off":
            continue
        elif _is_operations_own(diagnostic.pointer):
            note = f"; {_label(next(iter(operations)))} is left out (lint rule {RULE})"
            kept.append(dataclasses.replace(diagnostic, level="warning", message=diagnostic.message + note))
            continue
        else:
            note = f"; every operation of its path item is left out (lint rule {RULE})"
            kept.append(dataclasses.replace(diagnostic, level="warning", message=diagnostic.message + note))
            why = "the operation's path item is broken (see its error)"
        if level == "warning":
            said += [
                doc.diagnostic(op, f"{why}; {_label(op)} is left out (lint rule {RULE})", "warning")
                for op in sorted(operations)
            ]
    for op, used in sorted(followers.items()):
        if level == "warning":
            why = f"the operation uses a part of {_label(used)}, which is left out (see its error)"
            said.append(doc.diagnostic(op, f"{why}; {_label(op)} is left out (lint rule {RULE})", "warning"))
    left_out = doc.left_out + tuple(_label(op) for op in removed)
    return set_aside_broken_unused(dataclasses.replace(doc, data=data, left_out=left_out), kept + said, lint)


def _keep_what_others_use(data: dict[str, Any], removed: set[str], errors: list[str]) -> dict[str, str]:
    """A `$ref` from the rest of the document into an operation left out (bundlers write them: another operation's
    `#/paths/~1a/post/responses/201`) gets a copy of what it points at, unless an error lies inside that part: then
    the operation holding the `$ref` is left out as well. The operations so added, each with the one it used."""
    followers: dict[str, str] = {}
    operations = {pointer for pointer, _, _, _ in iter_operations(data)}  # the removed ones are still in `data`
    for _ in range(MAX_ROUNDS):
        gone = removed | set(followers)
        copied = False
        for at, ref in list(iter_refs(data)):
            target = ref_pointer(ref)
            used = _operation_of(target, gone) if target else None
            holder = _operation_of(at, operations)
            if used is None or target is None or holder in gone:
                continue
            if holder is not None and any(e == target or e.startswith(target + "/") for e in errors):
                followers[holder] = used
                continue
            node, value = resolve_pointer(data, at.removesuffix("/$ref")), resolve_pointer(data, target)
            if isinstance(value, dict):  # anything else is no part a `$ref` can stand for: left to fail as it is
                siblings = {k: v for k, v in node.items() if k != "$ref"}
                node.clear()
                node.update({**copy.deepcopy(value), **siblings})
                copied = True
        if not copied and gone == removed | set(followers):
            break
    return followers


MAX_ROUNDS = 8  # copies of copies: a part copied may itself refer into an operation left out


def _operation_of(pointer: str, operations: set[str]) -> str | None:
    """The operation (of `operations`) a pointer lies in, if any."""
    tokens = split_pointer(pointer)
    if tokens[:1] != ["paths"] or len(tokens) < 3:
        return None
    op = join_pointer(*tokens[:3])
    return op if op in operations else None


def _components_used(data: dict[str, Any]) -> dict[str, set[str]]:
    """The components each operation reaches (through its path item's parameters too), by operation pointer."""
    used: dict[str, set[str]] = {}
    for pointer, path, _method, operation in iter_operations(data):
        shared = data["paths"][path].get("parameters")
        used[pointer] = reachable_components(data, [operation, shared])
    return used


def _owners(pointer: str, uses: dict[str, set[str]]) -> set[str]:
    """The operations an error at `pointer` breaks: its own, its path item's, or those that use its component."""
    tokens = split_pointer(pointer)
    if tokens[:1] == ["paths"] and len(tokens) >= 2:
        item = join_pointer("paths", tokens[1])
        if len(tokens) >= 3 and tokens[2] in HTTP_METHODS:
            item = join_pointer("paths", tokens[1], tokens[2])
            return {item} if item in uses else set()
        return {op for op in uses if op.startswith(item + "/") and op.count("/") == item.count("/") + 1}
    component = _in_component(pointer)
    return {op for op, reached in uses.items() if component in reached} if component else set()


def _is_operations_own(pointer: str) -> bool:
    """The pointer is inside an operation (not in its path item's shared parts)."""
    tokens = split_pointer(pointer)
    return tokens[:1] == ["paths"] and len(tokens) >= 3 and tokens[2] in HTTP_METHODS


def _in_component(pointer: str) -> str | None:
    """The component (`/components/<section>/<name>`) a pointer is inside, if any."""
    tokens = split_pointer(pointer)
    return join_pointer(*tokens[:3]) if tokens[:1] == ["components"] and len(tokens) >= 3 else None


def _label(operation: str) -> str:
    """`GET /a` for an operation's pointer."""
    _, path, method = split_pointer(operation)
    return f"{method.upper()} {path}"

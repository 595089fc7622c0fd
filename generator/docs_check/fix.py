"""A fix: the edits to a spec that make it say what a page says, as JSON-pointer operations on the loaded data.

The same edits are applied to the round-trip YAML tree (which is written back) and to the plain data the
project's loader reads (which the written text must load as), so the two can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..openapi.pointer import split_pointer


@dataclass(frozen=True)
class Edit:
    """One change at a JSON pointer: `set` a mapping key (added last when new), `append` to a list (created when
    missing), `insert` into a list at the pointer's index, `remove` a list item equal to `value`."""

    action: str
    pointer: str
    value: Any = None


@dataclass(frozen=True)
class Fix:
    """What a drift's fix is (`kind`, as the report names it) and its edits."""

    kind: str
    edits: tuple[Edit, ...]


class FixError(Exception):
    """An edit that does not fit the document (its parent is missing or of another type)."""


def apply_edit(data: Any, edit: Edit, make: Any = None, make_key: Any = None) -> None:
    """Apply `edit` to `data` (plain or round-trip YAML containers alike). `make(value, sibling)` turns a new value
    into the container's kind (round-trip nodes styled like a sibling), `make_key(key, parent)` a new key;
    identity when None."""
    tokens = split_pointer(edit.pointer)
    if not tokens:
        raise FixError(f"cannot edit the document root ({edit.action})")
    parent = _resolve(data, tokens[:-1], edit.pointer)
    key = tokens[-1]
    build = make or (lambda value, sibling: value)
    if edit.action == "set":
        if not isinstance(parent, dict):
            raise FixError(f"{edit.pointer}: the parent is not a mapping")
        value = build(edit.value, _sibling(parent, key))
        parent[key if key in parent or make_key is None else make_key(key, parent)] = value
    elif edit.action == "append":
        if not isinstance(parent, dict):
            raise FixError(f"{edit.pointer}: the parent is not a mapping")
        if key not in parent:
            parent[key] = build([], None)
        target = parent[key]
        if not isinstance(target, list):
            raise FixError(f"{edit.pointer} is not a list")
        target.append(build(edit.value, target[-1] if target else None))
    elif edit.action == "insert":
        if not isinstance(parent, list) or not key.isdigit() or int(key) > len(parent):
            raise FixError(f"{edit.pointer}: not a list position")
        parent.insert(int(key), build(edit.value, _sibling(parent, key)))
    elif edit.action == "remove":
        target = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(target, list) or edit.value not in target:
            raise FixError(f"{edit.pointer} holds no {edit.value!r} to remove")
        target.remove(edit.value)
    else:
        raise FixError(f"unknown edit {edit.action!r}")


def _resolve(data: Any, tokens: list[str], pointer: str) -> Any:
    node = data
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise FixError(f"{pointer}: no {token!r} in the spec to edit")
    return node


def _sibling(parent: Any, key: str) -> Any:
    if isinstance(parent, dict):
        return parent.get(key) if key in parent else (list(parent.values()) or [None])[-1]
    if isinstance(parent, list) and parent:
        return parent[min(int(key), len(parent) - 1)] if key.isdigit() else parent[-1]
    return None

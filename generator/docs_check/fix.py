"""A fix: the edits to a spec that make it say what a page says, as JSON-pointer operations on the loaded data.

The same edits are applied to the round-trip YAML tree (which is written back) and to the plain data the
project's loader reads (which the written text must load as), so the two can be compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..openapi.pointer import split_pointer


@dataclass(frozen=True)
class Edit:
    """One change at a JSON pointer: `set` a mapping key (added last when new), `append` to a list (created when
    missing), `insert` into a list at the pointer's index, `delete` a key or item, `remove` a list item equal to
    `value`."""

    action: str
    pointer: str
    value: Any = None


@dataclass(frozen=True)
class Fix:
    """What a drift's fix is (`kind`, as the report names it) and its edits."""

    kind: str
    edits: tuple[Edit, ...]


_AFTER = {
    "description": ("name", "in", "required", "operationId", "x-sdk-name", "tags", "summary", "type", "x-error"),
    "default": ("$ref", "type", "format"),
}
"""Where a new key goes in a mapping: after the last of these keys it has (else last)."""


class FixError(Exception):
    """An edit that does not fit the document (its parent is missing or of another type)."""


Make = Callable[[Any, Any, Any], Any]
MakeKey = Callable[[str, Any], Any]


def apply_edit(data: Any, edit: Edit, make: Make | None = None, make_key: MakeKey | None = None) -> None:
    """Apply `edit` to `data` (plain or round-trip YAML containers alike). `make(value, sibling, parent)` turns a new
    value into the container's kind (round-trip nodes styled like a sibling), `make_key(key, parent)` a new key;
    identity when None."""
    tokens = split_pointer(edit.pointer)
    if not tokens:
        raise FixError(f"cannot edit the document root ({edit.action})")
    parent = _resolve(data, tokens[:-1], edit.pointer)
    key = tokens[-1]

    def build(value: Any, sibling: Any) -> Any:
        return make(value, sibling, parent) if make else value

    if edit.action == "set":
        if not isinstance(parent, dict):
            raise FixError(f"{edit.pointer}: the parent is not a mapping")
        value = build(edit.value, _sibling(parent, key))
        after = [k for k in _AFTER.get(key, ()) if k in parent]
        if key in parent or make_key is None or not after or not hasattr(parent, "insert"):
            parent[key if key in parent or make_key is None else make_key(key, parent)] = value
        else:  # a round-trip mapping: the new key where a person would write it
            parent.insert(list(parent).index(after[-1]) + 1, make_key(key, parent), value)
    elif edit.action == "append":
        if not isinstance(parent, dict):
            raise FixError(f"{edit.pointer}: the parent is not a mapping")
        if key not in parent:
            parent[key] = build([], None)
        target = parent[key]
        if not isinstance(target, list):
            raise FixError(f"{edit.pointer} is not a list")
        target.append(make(edit.value, target[-1] if target else None, target) if make else edit.value)
    elif edit.action == "insert":
        if not isinstance(parent, list) or not key.isdigit() or int(key) > len(parent):
            raise FixError(f"{edit.pointer}: not a list position")
        parent.insert(int(key), build(edit.value, _sibling(parent, key)))
    elif edit.action == "delete":
        if isinstance(parent, dict) and key in parent:
            del parent[key]
        elif isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
            del parent[int(key)]
        else:
            raise FixError(f"{edit.pointer}: nothing to delete")
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

"""What a spec schema says, read through its $refs: types, enum values, defaults, properties, required keys."""

from __future__ import annotations

import re
from typing import Any

from ..openapi.pointer import join_pointer, split_pointer
from ..openapi.refs import deref, ref_pointer

_SCALARS = {
    "string": {"string"},
    "integer": {"integer"},
    "long": {"string", "integer"},
    "boolean": {"boolean"},
    "double": {"number"},
    "float": {"number"},
    "object": {"object"},
    "datetime": {"string"},
    "timestamp": {"string"},
    "date": {"string"},
    "rid": {"string"},
    "uuid": {"string"},
}


def doc_type_kinds(doc_type: str) -> set[str] | None:
    """The JSON types a page's type name allows (`list<X>` is an array); None for a name the check does not know."""
    if re.fullmatch(r"(list|set)<.+>", doc_type):
        return {"array"}
    if re.fullmatch(r"map<.+>", doc_type):
        return {"object"}
    return _SCALARS.get(doc_type.removesuffix(" (enum)"))


def chain(data: dict[str, Any], node: Any, pointer: str) -> list[tuple[dict[str, Any], str]]:
    """The schema at `pointer` and every schema its $refs lead to, in order."""
    found: list[tuple[dict[str, Any], str]] = []
    seen: set[str] = set()
    while isinstance(node, dict) and pointer not in seen:
        seen.add(pointer)
        found.append((node, pointer))
        target = ref_pointer(node["$ref"]) if isinstance(node.get("$ref"), str) else None
        if target is None:
            break
        node, pointer = deref(data, {"$ref": node["$ref"]}, pointer)
    return found


def first_key(data: dict[str, Any], node: Any, pointer: str, key: str) -> tuple[Any, str] | None:
    """The first value of `key` along the schema's $ref chain (a $ref's siblings win), and its pointer."""
    for schema, where in chain(data, node, pointer):
        if key in schema:
            return schema[key], join_pointer(*split_pointer(where), key)
    return None


def kinds(data: dict[str, Any], node: Any, pointer: str) -> set[str]:
    """The JSON types the schema allows (members of a oneOf/anyOf included); empty when it does not say."""
    found = first_key(data, node, pointer, "type")
    if found is not None:
        value = found[0]
        return {value} if isinstance(value, str) else set(value)
    target, where = deref(data, node, pointer)
    result: set[str] = set()
    for key in ("oneOf", "anyOf"):
        for index, member in enumerate(target.get(key) or [] if isinstance(target, dict) else []):
            result |= kinds(data, member, f"{where}/{key}/{index}")
    return result


def ref_name(node: Any) -> str | None:
    """The component name a `$ref` schema points to."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[-1]
    return None


def properties(data: dict[str, Any], node: Any, pointer: str) -> tuple[dict[str, Any], list[str], str]:
    """An object schema's properties, its required keys and its own pointer (after $refs)."""
    target, where = deref(data, node, pointer)
    if not isinstance(target, dict):
        return {}, [], where
    return dict(target.get("properties") or {}), list(target.get("required") or []), where

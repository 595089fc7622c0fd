"""Helpers to walk an OpenAPI document: operations, $refs, schemas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .diagnostics import escape_pointer_token, join_pointer, split_pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMPONENT_SECTIONS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Yield (pointer, path, method, operation) for every operation, in document order."""
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield join_pointer("paths", path, method), path, method, operation


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Yield (pointer of the $ref, target) for every $ref string below `node`."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield pointer + "/$ref", ref
        for key, value in node.items():
            yield from iter_refs(value, pointer + "/" + escape_pointer_token(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, f"{pointer}/{index}")


def reachable_components(data: dict[str, Any], roots: Any, *, starts: Iterable[str] = ()) -> set[str]:
    """The pointers (`/components/<section>/<name>`) of every component reached from `roots` by local $refs.

    `starts` are pointers reached without a $ref (security schemes named by a requirement). A
    reference into a component (`#/components/schemas/A/properties/b`) reaches the whole component.
    """
    reached: set[str] = set()
    pending = [*starts, *(target for _, ref in iter_refs(roots) if (target := ref_pointer(ref)))]
    while pending:
        target = pending.pop()
        tokens = split_pointer(target)
        key = join_pointer(*tokens[:3]) if tokens[:1] == ["components"] else target
        if key in reached:
            continue
        reached.add(key)
        try:
            node = resolve_pointer(data, key)
        except KeyError:
            continue
        pending += [t for _, ref in iter_refs(node) if (t := ref_pointer(ref))]
    return reached


def ref_pointer(ref: str) -> str | None:
    """The local JSON pointer of a `#/...` reference, or None for any other reference."""
    if ref.startswith("#/") or ref == "#":
        return ref[1:]
    return None


def resolve_pointer(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer; KeyError when there is none."""
    node = data
    for token in split_pointer(pointer):
        if isinstance(node, list):
            try:
                node = node[int(token)]
            except (ValueError, IndexError) as exc:
                raise KeyError(pointer) from exc
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            raise KeyError(pointer)
    return node


def deref(data: dict[str, Any], node: Any, pointer: str) -> tuple[Any, str]:
    """Follow local $refs from `node` (at `pointer`) to a concrete value and its pointer."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target = ref_pointer(node["$ref"])
        if target is None or target in seen:
            break
        seen.add(target)
        node, pointer = resolve_pointer(data, target), target
    return node, pointer


def iter_subschemas(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (pointer, schema) for a schema and every schema nested inside it (not across $refs)."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
        children = schema.get(key)
        if isinstance(children, dict):
            for name, child in children.items():
                yield from iter_subschemas(child, join_pointer(*split_pointer(pointer), key, name))
    for key in ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"):
        if isinstance(schema.get(key), dict):
            yield from iter_subschemas(schema[key], pointer + "/" + key)
    for key in ("oneOf", "anyOf", "allOf", "prefixItems"):
        children = schema.get(key)
        if isinstance(children, list):
            for index, child in enumerate(children):
                yield from iter_subschemas(child, f"{pointer}/{key}/{index}")

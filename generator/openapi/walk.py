"""Helpers to walk an OpenAPI document: its operations and the schemas nested in a schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .pointer import escape_pointer_token, join_pointer, split_pointer

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


def iter_document_schemas(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (pointer, schema) for every schema object of a document: components' and inline ones."""
    for name, schema in ((data.get("components") or {}).get("schemas") or {}).items():
        yield from iter_subschemas(schema, join_pointer("components", "schemas", name))
    for pointer, node in _iter_dicts(data, ""):
        if pointer.startswith("/components/schemas"):
            continue
        if isinstance(node.get("schema"), dict):
            yield from iter_subschemas(node["schema"], pointer + "/schema")


def _iter_dicts(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key != "schema":
                yield from _iter_dicts(value, pointer + "/" + escape_pointer_token(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _iter_dicts(value, f"{pointer}/{index}")

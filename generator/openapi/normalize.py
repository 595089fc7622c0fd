"""OpenAPI 3.0.x documents as 3.1 ones, in one place; every value keeps its line and column.

Run after the 3.0 validator has accepted the document as written. What changes (JSON Schema draft 4
dialect to 2020-12): `nullable` becomes a `null` type (or an `anyOf` with one), boolean
`exclusiveMinimum`/`exclusiveMaximum` become the number they qualify. A value moved to a new place
(a `$ref` wrapped into `anyOf` next to `null`) keeps the location of where the user wrote it.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from .load import Place, SpecDocument
from .pointer import escape_pointer_token

TARGET_VERSION = "3.1.0"
SUBSCHEMA_MAPS = ("properties", "patternProperties")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
SUBSCHEMAS = ("items", "additionalProperties", "not")
VALUES = ("example", "examples", "default", "enum", "const")  # data, never schemas
NULL = {"type": "null"}


def is_openapi_30(data: dict[str, Any]) -> bool:
    """Whether the document declares an OpenAPI 3.0.x version."""
    return str(data.get("openapi", "")).startswith("3.0.")


def normalize(doc: SpecDocument) -> SpecDocument:
    """The document as OpenAPI 3.1 (itself when it already is one)."""
    if not is_openapi_30(doc.data):
        return doc
    data = copy.deepcopy(doc.data)
    locations = dict(doc.locations)
    data["openapi"] = TARGET_VERSION
    schemas: list[tuple[str, dict[str, Any]]] = []
    collect_schemas(data, "", False, schemas)
    for pointer, schema in schemas:  # parents first: the member read here is gone before its own turn
        _nullable_member(schema, pointer, locations)
    for pointer, schema in reversed(schemas):  # children first: wrapping a parent moves their pointers
        _bounds(schema)
        as_null_type(schema, pointer, locations)
    return replace(doc, data=data, locations=locations)


def _nullable_member(schema: dict[str, Any], pointer: str, locations: dict[str, Place]) -> None:
    """`allOf: [{nullable: true}, {$ref: X}]`, 3.0's common way to say that a `$ref` may be null (PandaScore's
    every `winner_id`): the schema itself nullable, and a lone `$ref` left beside it the schema's own. Read as an
    allOf, the empty member made the models backend write an empty class where an integer is sent."""
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return
    kept = [(i, p) for i, p in enumerate(parts) if not (isinstance(p, dict) and _only_nullable(p))]
    if len(kept) == len(parts) or not kept:
        return
    for new, (old, _) in enumerate(kept):
        move_locations(locations, _child(pointer, "allOf", old), _child(pointer, "allOf", new))
    schema["allOf"] = [p for _, p in kept]
    schema["nullable"] = True
    lone = schema["allOf"][0] if len(kept) == 1 else None
    if isinstance(lone, dict) and set(lone) == {"$ref"} and "$ref" not in schema:
        del schema["allOf"]
        schema["$ref"] = lone["$ref"]
        move_locations(locations, _child(pointer, "allOf", 0, "$ref"), _child(pointer, "$ref"))


def _only_nullable(member: dict[str, Any]) -> bool:
    return member.get("nullable") is True and not set(member) - {"nullable", "description", "title"}


def _child(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape_pointer_token(str(t)) for t in tokens)


def collect_schemas(node: Any, pointer: str, is_schema: bool, found: list[tuple[str, dict[str, Any]]]) -> None:
    """Every Schema Object of a document (`collect_schemas(data, "", False, found)`), parents before their children."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            collect_schemas(item, _child(pointer, index), False, found)
        return
    if not isinstance(node, dict):
        return
    if not is_schema:
        for key, value in node.items():
            if key == "schema" or (key == "schemas" and pointer == "/components"):
                items = value.items() if key == "schemas" and isinstance(value, dict) else [(None, value)]
                for name, sub in items:
                    where = _child(pointer, key) if name is None else _child(pointer, key, name)
                    collect_schemas(sub, where, True, found)
            elif key not in VALUES and not str(key).startswith("x-"):
                collect_schemas(value, _child(pointer, key), False, found)
        return
    found.append((pointer, node))
    for key, value in node.items():
        if key in SUBSCHEMA_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                collect_schemas(sub, _child(pointer, key, name), True, found)
        elif key in SUBSCHEMA_LISTS and isinstance(value, list):
            for index, sub in enumerate(value):
                collect_schemas(sub, _child(pointer, key, index), True, found)
        elif key in SUBSCHEMAS:
            collect_schemas(value, _child(pointer, key), True, found)


def _bounds(schema: dict[str, Any]) -> None:
    """Draft 4's boolean exclusiveMinimum/Maximum as 2020-12's numbers."""
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(schema.get(bound), bool) and schema.pop(bound) and limit in schema:
            schema[bound] = schema.pop(limit)


def as_null_type(schema: dict[str, Any], pointer: str, locations: dict[str, Place]) -> None:
    """`nullable: true` as a `null` type, or as an `anyOf` of the schema and `null`."""
    if "nullable" not in schema:
        return
    nullable = schema.pop("nullable") is True
    kind = schema.get("type")
    if not nullable or ("$ref" not in schema and kind is None and not any(k in schema for k in SUBSCHEMA_LISTS)):
        return  # not nullable, or a schema without a type: null is already allowed
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            schema["enum"].append(None)
        return
    moved = {k: schema.pop(k) for k in ("$ref", *SUBSCHEMA_LISTS, "discriminator") if k in schema}
    for key in moved:
        move_locations(locations, _child(pointer, key), _child(pointer, "anyOf", 0, key))
    schema["anyOf"] = [moved, dict(NULL)]
    if pointer in locations:
        locations.setdefault(_child(pointer, "anyOf"), locations[pointer])
        locations.setdefault(_child(pointer, "anyOf", 0), locations[pointer])


def move_locations(locations: dict[str, Place], old: str, new: str) -> None:
    """The locations of everything under `old` are also those under `new`."""
    for key, where in list(locations.items()):
        if key == old or key.startswith(old + "/"):
            locations[new + key[len(old) :]] = where

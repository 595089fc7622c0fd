"""The one obvious edit for a drift, where there is one: the schema of a new parameter or field, a new error's schema
and the operation's response for it, an example's new values. None where a person must decide."""

from __future__ import annotations

import copy
import re
from typing import Any

from ..openapi.pointer import join_pointer, split_pointer
from .fix import Edit, Fix
from .page import NO_DEFAULT, DocField
from .pseudo_json import OpenDict, OpenList

_PLAIN_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "double": {"type": "number"},
    "float": {"type": "number"},
    "datetime": {"type": "string", "format": "date-time"},
    "timestamp": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "rid": {"type": "string"},
    "uuid": {"type": "string", "format": "uuid"},
}
_ELEMENT = re.compile(r"(?:list|set)<(\w+)>")


def one(kind: str, *edits: Edit) -> Fix:
    """A fix of `kind` made of `edits`."""
    return Fix(kind, tuple(edits))


def type_schema(doc_type: str | None) -> dict[str, Any] | None:
    """The schema of a page's plain type name (`list<string>` included); None for a named or unknown type."""
    if doc_type is None:
        return None
    name = doc_type.removesuffix(" (enum)")
    if element := _ELEMENT.fullmatch(name):
        inner = type_schema(element.group(1))
        return {"type": "array", "items": inner} if inner else None
    found = _PLAIN_TYPES.get(name)
    return copy.deepcopy(found) if found else None


def value_schema(value: Any) -> dict[str, Any] | None:
    """The schema of an example value (plain JSON only: no object, nothing elided); None when it does not say."""
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, list) and value and not isinstance(value, OpenList):
        items = [value_schema(item) for item in value]
        if items[0] is not None and all(item == items[0] for item in items):
            return {"type": "array", "items": items[0]}
    return None


def field_schema(field: DocField, example: Any = None) -> dict[str, Any] | None:
    """A documented field's schema: its page type (else the type of its example value), enum values, default and
    description."""
    schema = type_schema(field.type) if field.type else value_schema(example)
    if schema is None and field.default is not NO_DEFAULT:
        schema = value_schema(field.default)
    if schema is None:
        return None
    if field.enum:
        schema["enum"] = list(field.enum)
    if field.default is not NO_DEFAULT:
        schema["default"] = field.default
    if field.description:
        schema["description"] = field.description
    return schema


def new_parameter(field: DocField, op_pointer: str) -> Fix | None:
    """An optional page parameter the operation lacks, added last."""
    schema = field_schema(field)
    if schema is None or field.required:
        return None
    description = schema.pop("description", None)
    param: dict[str, Any] = {"name": field.name, "in": field.where, "required": False}
    if description:
        param["description"] = description
    param["schema"] = schema
    return one("new parameter", Edit("append", op_pointer + "/parameters", param))


def new_property(field: DocField, object_pointer: str, example: Any = None) -> Fix | None:
    """An optional page field the object schema lacks."""
    schema = field_schema(field, example)
    if schema is None or field.required:
        return None
    return one("new field", Edit("set", child(object_pointer, "properties", field.name), schema))


def child(pointer: str, *tokens: str) -> str:
    """`pointer` extended by raw (unescaped) tokens."""
    return join_pointer(*split_pointer(pointer), *tokens)


def is_plain(value: Any) -> bool:
    """Whether an example value has no elided part (it can be copied into the spec as it is)."""
    if isinstance(value, OpenDict | OpenList):
        return False
    if isinstance(value, dict):
        return all(is_plain(v) for v in value.values())
    if isinstance(value, list):
        return all(is_plain(v) for v in value)
    return True


def plain(value: Any) -> Any:
    """The value as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value

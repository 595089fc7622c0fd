"""An operation's parameters as arguments: every OpenAPI 3.1 `style`/`explode`, `content`-typed ones, their docs.

Path (`simple`, `label`, `matrix`), query (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`),
header (`simple`) and cookie (`form`) parameters take primitives, arrays of primitives and objects of
primitives (`deepObject` nests objects and arrays, an array's items by index: `a[0]=x`, and sends a
primitive as `a=x`); the runtime (`_params.py`) serializes them, told by the declared style.
A `content`-typed parameter (JSON) takes its schema's type and is sent as JSON text. An inline enum
is a `Literal`; description, default and `deprecated` come from the schema when the parameter has
none of its own. What cannot be sent as declared is a located problem naming the construct.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..openapi.media import is_json_media, media_essence
from ..openapi.naming import python_name
from ..openapi.pointer import escape_pointer_token
from ..openapi.refs import deref
from .ir import Param, ParamLocation
from .ir_models import ModelNames
from .ir_types import NONE, ListOf, LiteralOf, ModelRef, NullType, Scalar, TypeRef, UnionOf, union

LOCATIONS = ("path", "query", "header", "cookie")
IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI: such header parameters are ignored
STYLES = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
DELIMITED = ("spaceDelimited", "pipeDelimited")
TEXT_MEDIA = frozenset({"*/*", "text/plain"})  # a parameter `content`-typed so, of one scalar, is that value as text
SCALAR_KINDS = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,)}

Problem = Callable[[str, str], None]


def _a(shape: str) -> str:
    return {"array": "an array", "object": "an object", "scalar": "a primitive"}.get(shape, shape)


class ParameterReader:
    """Reads one declared parameter into a `Param`, or reports (through `problem`) why the SDK cannot send it."""

    def __init__(self, data: dict[str, Any], names: ModelNames, problem: Problem) -> None:
        self.data, self.names, self.problem = data, names, problem

    def resolved(self, schema: Any) -> dict[str, Any]:
        target, _ = deref(self.data, schema, "")
        return target if isinstance(target, dict) else {}

    # ------------------------------------------------------------------ shapes

    def shape(self, schema: Any, depth: int = 0) -> str:
        """`scalar`, `array`, `object`, `mixed` (a union of several) or `any` (no type said)."""
        target = self.resolved(schema)
        kind = target.get("type")
        kinds = [k for k in (kind if isinstance(kind, list) else [kind]) if k not in (None, "null")]
        if "array" in kinds or "items" in target or "prefixItems" in target:
            return "array"
        if "object" in kinds or "properties" in target or "additionalProperties" in target:
            return "object"
        if kinds or "enum" in target or "const" in target:
            return "scalar"
        if depth > 8:
            return "any"
        parts = {self.shape(p, depth + 1) for p in target.get("allOf") or [] if isinstance(p, dict)} - {"any"}
        if parts:
            return "object" if "object" in parts else parts.pop() if len(parts) == 1 else "mixed"
        members = [m for key in ("oneOf", "anyOf") for m in target.get(key) or [] if isinstance(m, dict)]
        found = {self.shape(m, depth + 1) for m in members} - {"any"}
        if found:
            return found.pop() if len(found) == 1 else "mixed"
        return "any"

    def inner_shapes(self, schema: Any, shape: str) -> set[str]:
        """The shapes of an array's items or an object's property and additional values."""
        target = self.resolved(schema)
        if shape == "array":
            return {self.shape(target.get("items"))} if isinstance(target.get("items"), dict) else set()
        inner = list((target.get("properties") or {}).values())
        inner += [target["additionalProperties"]] if isinstance(target.get("additionalProperties"), dict) else []
        for part in target.get("allOf") or []:
            part = self.resolved(part)
            inner += list((part.get("properties") or {}).values())
        return {self.shape(s) for s in inner}

    # ------------------------------------------------------------------ types

    def literal(self, schema: Any) -> TypeRef | None:
        """An inline `enum` (or `const`) of strings, integers or booleans as `Literal[...]` (`| None` with null)."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return None
        values = (
            schema["enum"] if isinstance(schema.get("enum"), list) else [schema["const"]] if "const" in schema else []
        )
        plain: list[str | int | bool] = []
        for value in values:
            if value is not None and not any(type(v) is type(value) and v == value for v in plain):
                plain.append(value)
        if not plain or not all(isinstance(v, (str, int, bool)) for v in plain):
            return None
        found: TypeRef = LiteralOf(tuple(plain))
        kind = schema.get("type")
        if schema.get("x-open-enum") is True and isinstance(kind, str) and kind in SCALAR_KINDS:
            found = union([found, Scalar(kind)])
        nullable = None in values or (isinstance(kind, list) and "null" in kind)
        return union([found, NONE]) if nullable else found

    def value_type(self, schema: Any) -> TypeRef:
        """A parameter's type: an inline enum (or an array of one) as a Literal, else the schema's plain type."""
        found = self.literal(schema)
        if found is not None:
            return found
        items = schema.get("items") if isinstance(schema, dict) and "$ref" not in schema else None
        item = self.literal(items)
        if item is not None and self.shape(schema) == "array":
            return ListOf(item)
        return self.names.plain_type(schema)

    def fits(self, value: Any, t: TypeRef, target: dict[str, Any]) -> bool:
        """Whether `value` (a schema's default) is a value of `t`, so that a signature may name it."""
        if isinstance(value, (list, dict)) or value is None:
            return False
        match t:
            case LiteralOf(values):
                return any(type(v) is type(value) and v == value for v in values)
            case Scalar(kind):
                return _scalar_fits(kind, value)
            case ModelRef():
                declared = target.get("type")
                return "enum" not in target and isinstance(declared, str) and _scalar_fits(declared, value)
            case UnionOf(members):
                return any(self.fits(value, m, target) for m in members if not isinstance(m, NullType))
        return False

    # ------------------------------------------------------------------ one parameter

    def read(self, at: str, param: dict[str, Any]) -> Param | None:
        """The argument of one declared parameter, or None after a problem naming what cannot be sent."""
        location, name = str(param.get("in")), str(param.get("name"))
        if location not in LOCATIONS:
            self.problem(at + "/in", f"parameters in {location!r} are not supported (path, query, header, cookie)")
            return None
        content = param.get("content")
        media: str | None = None
        if isinstance(content, dict) and content and "schema" not in param:
            media = str(next(iter(content)))
            entry = content[media] if isinstance(content[media], dict) else {}
            if media_essence(media) in TEXT_MEDIA and self.shape(entry.get("schema")) == "scalar":
                # a text of one value (Telnyx's path `id: content: {*/*: {schema: {type: string}}}`): as a schema's
                return self.argument(location, name, param, entry["schema"], None, None, None)
            if not is_json_media(media):
                self.problem(
                    f"{at}/content/{escape_pointer_token(media)}",
                    f"{location} parameter {name!r} is `content`-typed as {media!r}; only JSON media types can be sent",
                )
                return None
            schema = entry.get("schema", {})
            style: str | None = None
            explode: bool | None = None
        elif "schema" in param:
            schema = param["schema"]
            styled = self.style(at, location, name, param, schema)
            if styled is None:
                return None
            style, explode = styled
        else:
            self.problem(at, f"{location} parameter {name!r} has neither `schema` nor `content`")
            return None
        return self.argument(location, name, param, schema, style, explode, media)

    def argument(
        self,
        location: str,
        name: str,
        param: dict[str, Any],
        schema: Any,
        style: str | None,
        explode: bool | None,
        media: str | None,
    ) -> Param:
        """The `Param` of a parameter whose serialization is settled: its type, text, default and flags."""
        own = schema if isinstance(schema, dict) else {}
        target = self.resolved(schema)
        kind = self.value_type(schema)
        description = str(param.get("description") or own.get("description") or target.get("description") or "")
        deprecated = any(d.get("deprecated") is True for d in (param, own, target))
        default = own["default"] if "default" in own else target.get("default")
        required = bool(param.get("required")) or location == "path"
        only = only_value(own)
        only = only_value(target) if only is None else only
        if required and location != "path" and only is not None and self.fits(only, kind, target):
            # a required parameter with one possible value (AWS's `X-Amz-Target: {enum: [Rekognition.CompareFaces]}`)
            # is sent with it, unless the caller passes it: no call has to spell the constant
            required, default = False, only
        spelt = default if not required and self.fits(default, kind, target) else None
        if default is not None and spelt is None and not required:
            description = f"{description.rstrip()} Defaults to {json.dumps(default)}.".lstrip()
        return Param(
            python_name(name),
            name,
            ParamLocation(location),
            kind,
            required and bool(param.get("required")),
            description,
            style=style,
            explode=explode,
            allow_reserved=location == "query" and param.get("allowReserved") is True,
            content=media,
            default=spelt,
            deprecated=deprecated,
        )

    def style(
        self, at: str, location: str, name: str, param: dict[str, Any], schema: Any
    ) -> tuple[str | None, bool | None] | None:
        """(style, explode), each None where it is the location's default; None after a problem."""
        default_style = STYLES[location][0]
        style = str(param.get("style") or default_style)
        if style not in STYLES[location]:
            allowed = ", ".join(STYLES[location])
            self.problem(
                at + "/style", f"style {style!r} is not supported for {location} parameter {name!r} ({allowed})"
            )
            return None
        declared = param.get("explode")
        exploded = declared if isinstance(declared, bool) else style == "form"
        shape = self.shape(schema)
        if style in DELIMITED and exploded and shape in ("array", "object"):
            self.problem(
                at + "/explode",
                f"style {style!r} with `explode: true` is not defined for {_a(shape)} ({location} parameter {name!r})",
            )
            return None
        nested = (
            self.inner_shapes(schema, shape) & {"array", "object", "mixed"} if shape in ("array", "object") else set()
        )
        if nested and style != "deepObject":
            self.problem(
                at + "/schema",
                f"{location} parameter {name!r} is {_a(shape)} holding arrays or objects; style {style!r} sends "
                "primitives only (declare it `style: deepObject` or `content: application/json`)",
            )
            return None
        explode_default = style == "form"
        return (
            None if style == default_style else style,
            declared if isinstance(declared, bool) and declared != explode_default else None,
        )


def _scalar_fits(kind: str, value: Any) -> bool:
    types = SCALAR_KINDS.get(kind)
    return types is not None and isinstance(value, types) and (kind == "boolean") == isinstance(value, bool)


def declared_arguments(
    reader: ParameterReader,
    declared: list[tuple[str, dict[str, Any]]],
    hidden: set[tuple[str, Any]],
    client: set[str],
    left_out: Problem,
) -> list[Param]:
    """The arguments of an operation's declared parameters, but those the SDK fills itself or OpenAPI ignores.

    An optional parameter the SDK cannot send (vocadb's `advancedFilters`, a query array of objects) is left
    out of the method and said through `left_out`: every call without it is still sent as declared. A required
    one is a problem of the operation (through the reader's own `problem`)."""
    params = []
    said: list[tuple[str, str]] = []  # what the SDK cannot send of the parameter being read
    collecting = ParameterReader(reader.data, reader.names, lambda pointer, message: said.append((pointer, message)))
    for at, param in declared:
        location, name = str(param.get("in")), str(param.get("name"))
        if (location, name) in hidden or (location == "path" and name in client):
            continue
        if location == "header" and name.lower() in IGNORED_HEADERS:
            continue
        optional = location != "path" and param.get("required") is not True
        said.clear()
        found = collecting.read(at, param)
        for pointer, message in said:
            if optional:
                left_out(pointer, message)
            else:
                reader.problem(pointer, message)
        if found is not None:
            params.append(found)
    return params


def only_value(schema: dict[str, Any]) -> Any:
    """The one value a schema allows (its `const`, or an `enum` of one value), or None."""
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    return enum[0] if isinstance(enum, list) and len(enum) == 1 else None

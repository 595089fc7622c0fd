"""The shape of one operation: its parameters, request body and responses, or a located error for each
construct the generated method could not express (never a method that quietly lacks a part)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.media import is_json_media
from ..openapi.naming import python_name
from ..openapi.pointer import escape_pointer_token, split_pointer
from ..openapi.refs import deref
from ..runtime._media import MediaKind, essence, media_kind
from .inline_schemas import EVENT_SCHEMA_KEYS
from .ir import Param, ParamLocation, RequestKind, ResponseKind, ResponseVariant
from .ir_extensions import Unwrap, unwrap
from .ir_models import ModelNames
from .ir_types import ANY, NONE, RuntimeType, Scalar, TypeRef, union

STR = Scalar("string")
BYTES = Scalar("string", "binary")

LOCATIONS = ("path", "query", "header", "cookie")
IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI: such header parameters are ignored
DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
ALLOWED_STYLES = {"path": {"simple"}, "query": {"form", *DELIMITERS}, "header": {"simple"}, "cookie": {"form"}}
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
KINDS = {FORM: RequestKind.FORM, MULTIPART: RequestKind.MULTIPART}
PROBLEM_JSON = "application/problem+json"


def schema_at(data: dict[str, Any], schema: Any, pointer: str) -> Any:
    """The sub-schema that describes the value at `pointer` of a document described by `schema`."""
    for token in split_pointer(pointer):
        schema, _ = deref(data, schema, "")
        if not isinstance(schema, dict):
            return None
        if token in (schema.get("properties") or {}):
            schema = schema["properties"][token]
        elif schema.get("type") == "array" or "items" in schema:
            schema = schema.get("items")
        else:
            schema = schema.get("additionalProperties")
    return schema


def response_schema(data: dict[str, Any], operation: dict[str, Any]) -> Any:
    """The JSON schema of the first success response that has one."""
    for code, response in (operation.get("responses") or {}).items():
        resolved, _ = deref(data, response, "")
        if str(code).startswith("2") and isinstance(resolved, dict):
            for media, entry in (resolved.get("content") or {}).items():
                if is_json_media(media) and isinstance(entry, dict):
                    return entry.get("schema")
    return None


class OperationShape:
    """Reads one operation's parameters, body and responses; collects a diagnostic per unsupported part."""

    def __init__(self, doc: SpecDocument, names: ModelNames, pointer: str, raw: dict[str, Any]) -> None:
        self.doc, self.data, self.names = doc, doc.data, names
        self.pointer = pointer
        self.raw = raw
        self.problems: list[Diagnostic] = []
        self.query_delimiters: dict[str, str] = {}

    def problem(self, pointer: str, message: str) -> None:
        self.problems.append(self.doc.diagnostic(pointer, message))

    # ------------------------------------------------------------------ parameters

    def declared_parameters(self) -> list[tuple[str, dict[str, Any]]]:
        """Path-item parameters, then the operation's (which override one of the same name and place)."""
        item_pointer = "/" + "/".join(escape_pointer_token(t) for t in split_pointer(self.pointer)[:2])
        item = self.data["paths"][split_pointer(self.pointer)[1]]
        found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        for base, entries in ((item_pointer, item.get("parameters")), (self.pointer, self.raw.get("parameters"))):
            for index, entry in enumerate(entries or []):
                param, _ = deref(self.data, entry, "")
                if isinstance(param, dict):
                    found[(str(param.get("in")), str(param.get("name")))] = (f"{base}/parameters/{index}", param)
        return list(found.values())

    def parameters(self, hidden: set[tuple[str, Any]], client_params: set[str]) -> list[Param]:
        params: list[Param] = []
        for at, param in self.declared_parameters():
            location, name = str(param.get("in")), str(param.get("name"))
            if (location, name) in hidden or (location == "path" and name in client_params):
                continue
            if location == "header" and name.lower() in IGNORED_HEADERS:
                continue
            kind = self.parameter_type(at, location, name, param)
            if kind is None:
                continue
            params.append(
                Param(
                    python_name(name),
                    name,
                    ParamLocation(location),
                    kind,
                    bool(param.get("required")),
                    param.get("description", ""),
                    style=optional_text(param.get("style")),
                    explode=param["explode"] if isinstance(param.get("explode"), bool) else None,
                )
            )
        return params

    def parameter_type(self, at: str, location: str, name: str, param: dict[str, Any]) -> TypeRef | None:
        """The parameter's type, or None after a diagnostic when the SDK cannot send it as declared."""
        if location not in LOCATIONS:
            self.problem(at + "/in", f"parameters in {location!r} are not supported (path, query, header, cookie)")
            return None
        if "schema" not in param:
            self.problem(at, f"parameter {name!r} has no `schema` (parameters with `content` are not supported)")
            return None
        schema, _ = deref(self.data, param["schema"], "")
        style = str(param.get("style") or ("form" if location in ("query", "cookie") else "simple"))
        if style not in ALLOWED_STYLES[location]:
            self.problem(at + "/style", f"style {style!r} is not supported for {location} parameter {name!r}")
            return None
        if isinstance(schema, dict) and (schema.get("type") == "object" or "properties" in schema):
            self.problem(at + "/schema", f"{location} parameter {name!r} is an object; only scalars and arrays")
            return None
        is_array = isinstance(schema, dict) and schema.get("type") == "array"
        if is_array and location in ("path", "cookie"):
            self.problem(at + "/schema", f"{location} parameter {name!r} is an array; only scalars there")
            return None
        if is_array and location == "query":
            explode = param.get("explode", style == "form")
            if style != "form" and explode:
                self.problem(at + "/explode", f"style {style!r} needs `explode: false` ({name!r})")
                return None
            if not explode:
                self.query_delimiters[name] = DELIMITERS[style]
        return self.names.plain_type(param["schema"])

    # ---------------------------------------------------------------- request body

    def request_media(self) -> tuple[RequestKind | None, str, Any, str]:
        """(kind, media type, schema, pointer of the media entry): the body the method sends."""
        body, body_pointer = deref(self.data, self.raw.get("requestBody"), self.pointer + "/requestBody")
        content = (body or {}).get("content") or {}
        if not content:
            return None, "", None, ""
        order = [m for m in content if is_json_media(m)] + [m for m in content if m in (FORM, MULTIPART)]
        media = (order or list(content))[0]
        kind = RequestKind.JSON if is_json_media(media) else KINDS.get(media, RequestKind.CONTENT)
        at = f"{body_pointer}/content/{escape_pointer_token(media)}"
        return kind, media, (content[media] or {}).get("schema"), at

    def body_required(self) -> bool:
        body, _ = deref(self.data, self.raw.get("requestBody"), "")
        return bool((body or {}).get("required"))

    def form_params(self, kind: RequestKind, schema: Any, at: str) -> list[Param]:
        """One argument per property of a form or multipart body (file parts for binary strings)."""
        resolved, _ = deref(self.data, schema, "")
        if not isinstance(resolved, dict) or not isinstance(resolved.get("properties"), dict):
            self.problem(at + "/schema", f"a {kind} body must be an object schema with properties")
            return []
        media_entry = deref(self.data, self.raw.get("requestBody"), "")[0]["content"]
        if any(isinstance(v, dict) and v.get("encoding") for v in media_entry.values()):
            self.problem(at + "/encoding", "per-part `encoding` of a form body is not supported")
        required = set(resolved.get("required") or [])
        params = []
        for name, prop in resolved["properties"].items():
            target, _ = deref(self.data, prop, "")
            target = target if isinstance(target, dict) else {}
            is_file = target.get("format") == "binary" or "contentMediaType" in target
            location = ParamLocation.FILE if is_file and kind == RequestKind.MULTIPART else ParamLocation(kind)
            if kind == RequestKind.FORM and (is_file or target.get("type") == "object" or "properties" in target):
                self.problem(
                    f"{at}/schema/properties/{escape_pointer_token(name)}",
                    f"form field {name!r}: only scalars and arrays",
                )
                continue
            kind_of = RuntimeType("FileInput") if location == ParamLocation.FILE else self.names.plain_type(prop)
            description = (prop if isinstance(prop, dict) else {}).get("description") or target.get("description", "")
            params.append(Param(python_name(name), name, location, kind_of, name in required, description))
        return params

    # ------------------------------------------------------------------- responses

    def response(self) -> tuple[ResponseKind, TypeRef | None, str, tuple[ResponseVariant, ...]]:
        """(kind, returned type, Accept header, variants) of the success responses.

        One JSON type, bytes or nothing keep their plain kinds; `text/*` reads as `str`; success
        responses that differ (a body next to none, bodies of different types) read as the union
        of their types (`T | None` when one has no body); `text/event-stream` yields events.
        """
        shapes: dict[tuple[ResponseKind, TypeRef | None], str] = {}
        media_types: list[str] = []
        variants: list[ResponseVariant] = []
        for code, response in (self.raw.get("responses") or {}).items():
            if not str(code).startswith("2"):
                continue
            resolved, _ = deref(self.data, response, "")
            content = (resolved or {}).get("content") or {}
            media_types += [m for m in content if m not in media_types]
            found = [self.media_shape(media, content[media] or {}) for media in content]
            for shape in found or [(ResponseKind.NONE, None)]:
                shapes.setdefault(shape, str(code))
            variants += [
                ResponseVariant(str(code), media, shape[1] if shape[0] == ResponseKind.JSON else None)
                for media, shape in zip(content, found, strict=True)
            ] or [ResponseVariant(str(code), None, None)]
        accept = ", ".join(media_types) or "application/json"
        kinds = {kind for kind, _ in shapes}
        if ResponseKind.EVENTS in kinds:
            if len(shapes) > 1:
                self.problem(self.pointer + "/responses", "an event stream next to other success responses")
            event_type = next(t for kind, t in shapes if kind == ResponseKind.EVENTS)
            return ResponseKind.EVENTS, event_type, accept, tuple(variants)
        if len(shapes) > 1 or ResponseKind.VARIANTS in kinds:
            returned = union([_returned(kind, t) for kind, t in shapes])
            return ResponseKind.VARIANTS, returned, accept, tuple(variants)
        kind, found_type = next(iter(shapes), (ResponseKind.NONE, None))
        return kind, found_type, accept, tuple(variants)

    def problem_errors(self) -> tuple[tuple[str, str], ...]:
        """(status, description) of each error response documented as `application/problem+json` (RFC 9457)."""
        found = []
        for code, response in (self.raw.get("responses") or {}).items():
            resolved, _ = deref(self.data, response, "")
            if str(code).startswith(("1", "2", "3")) or not isinstance(resolved, dict):
                continue
            if any(essence(media) == PROBLEM_JSON for media in resolved.get("content") or {}):
                found.append((str(code), str(resolved.get("description") or "")))
        return tuple(found)

    def media_shape(self, media: str, entry: dict[str, Any]) -> tuple[ResponseKind, TypeRef | None]:
        """How one success media type reads: JSON into its type, text as `str`, events, else bytes."""
        kind = media_kind(media)
        if kind is MediaKind.JSON:
            return ResponseKind.JSON, self.names.plain_type(entry.get("schema"))
        if kind is MediaKind.TEXT:
            return ResponseKind.VARIANTS, STR
        if kind is MediaKind.EVENT_STREAM:
            schema = next((entry[k] for k in EVENT_SCHEMA_KEYS if k in entry), None)
            resolved, _ = deref(self.data, schema, "")
            typed = isinstance(resolved, dict) and resolved.get("type") != "string"
            return ResponseKind.EVENTS, self.names.plain_type(schema) if typed else None
        return ResponseKind.BYTES, None

    def unwrap(self, response: Any) -> tuple[Unwrap | None, TypeRef | None]:
        """The `x-unwrap` declaration and the item's type, checked against the response schema."""
        if "x-unwrap" not in self.raw:
            return None, None
        at = self.pointer + "/x-unwrap"
        spec = unwrap(self.raw["x-unwrap"])
        if spec is None:
            self.problem(at, "x-unwrap must be {value: <pointer>} or {key: <pointer>, collection: <pointer>}")
            return None, None
        pointer = spec.value or f"{spec.collection}/*"
        item = schema_at(self.data, response, pointer)
        if response is None or item is None:
            self.problem(at, f"x-unwrap: the success response's schema has nothing at {pointer}")
            return None, None
        return spec, self.names.plain_type(item)


def _returned(kind: ResponseKind, t: TypeRef | None) -> TypeRef:
    """The type one success shape reads as, in a method that returns the union of them."""
    if kind == ResponseKind.NONE:
        return NONE
    if kind == ResponseKind.BYTES:
        return BYTES
    return t or ANY


# Names the generated method itself uses: an argument never takes them.
RESERVED_ARGUMENTS = frozenset({"self", "options", "response", "dump_body", "dump_value"})
FIXED = (ParamLocation.BODY_VALUE, ParamLocation.CONTENT)  # `body` and `content`: the templates name them


def unique_names(params: list[Param]) -> list[Param]:
    """The arguments with distinct Python names, by one rule (the wire names are unchanged).

    `body` and `content` keep their names; then, in order (path, query, header and cookie
    parameters, then the body's fields), an argument whose name is reserved or taken gets its
    location appended (`market_body`, `from_` -> `from_body`), then `_2`, `_3`, ... A body field keeps
    filling its model field (`field_name`).
    """
    taken = set(RESERVED_ARGUMENTS) | {p.python_name for p in params if p.location in FIXED}
    named = []
    for param in params:
        if param.location in FIXED:
            named.append(param)
            continue
        name = param.python_name
        if name in taken:
            base = f"{name.rstrip('_')}_{str(param.location).replace('-', '_')}"
            name, count = base, 2
            while name in taken:
                name, count = f"{base}_{count}", count + 1
        taken.add(name)
        field = param.python_name if param.location == ParamLocation.BODY else ""
        named.append(dataclasses.replace(param, python_name=name, field_name=field))
    return named


def optional_text(value: Any) -> str | None:
    """A value of the document as text, None kept."""
    return None if value is None else str(value)

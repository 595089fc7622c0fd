"""The shape of one operation: its parameters, request body and responses, or a located error for each
construct the generated method could not express (never a method that quietly lacks a part)."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..openapi.allof_conflicts import allof_declared
from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.media import is_json_media
from ..openapi.naming import python_name
from ..openapi.pointer import escape_pointer_token, split_pointer
from ..openapi.refs import deref
from ..runtime._media import MediaKind, essence, media_kind
from ..runtime._wire import wire_text
from .inline_schemas import EVENT_SCHEMA_KEYS
from .ir import Param, ParamLocation, PartEncoding, RequestKind, ResponseKind, ResponseVariant
from .ir_extensions import Unwrap, unwrap
from .ir_models import ModelNames
from .ir_params import ParameterReader, declared_arguments, only_value
from .ir_types import ANY, NONE, RuntimeType, Scalar, TypeRef, union

STR = Scalar("string")
BYTES = Scalar("string", "binary")

FORM_STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")
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
        self.left_out_params: list[Diagnostic] = []  # optional parameters the method is generated without
        self.media_entry: dict[str, Any] = {}  # the request body's chosen media type entry

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
        """The arguments of the declared parameters (ir_params.py), but those the SDK fills itself."""
        reader = ParameterReader(self.data, self.names, self.problem)

        def left_out(pointer: str, message: str) -> None:
            self.left_out_params.append(self.doc.diagnostic(pointer, message))

        return declared_arguments(reader, self.declared_parameters(), hidden, client_params, left_out)

    # ---------------------------------------------------------------- request body

    def request_media(self) -> tuple[RequestKind | None, str, Any, str]:
        """(kind, media type, schema, pointer of the media entry): the body the method sends."""
        body, body_pointer = deref(self.data, self.raw.get("requestBody"), self.pointer + "/requestBody")
        content = (body or {}).get("content") or {}
        if not content:
            return None, "", None, ""
        order = [m for m in content if is_json_media(m)] + [m for m in content if m in (FORM, MULTIPART)]
        # a form that is no object of fields (Azure's `multipart/form-data: {type: object, format: file}`, from
        # Swagger 2's `type: file`) gives way to another media type of the body (its `application/octet-stream`)
        fields = [m for m in order if m not in (FORM, MULTIPART) or self._has_fields(content[m])]
        if len(fields) < len(order):
            order = fields or [m for m in content if m not in order] or order
        media = (order or list(content))[0]
        kind = RequestKind.JSON if is_json_media(media) else KINDS.get(media, RequestKind.CONTENT)
        if media == FORM and self._is_text(content[media]):  # Spoonacular's `text=...`: the form, encoded already
            kind = RequestKind.CONTENT
        at = f"{body_pointer}/content/{escape_pointer_token(media)}"
        entry = content[media]
        self.media_entry = entry if isinstance(entry, dict) else {}
        return kind, media, (content[media] or {}).get("schema"), at

    def _has_fields(self, entry: Any) -> bool:
        """Whether a form or multipart media entry's schema is an object with properties (one argument each)."""
        return self._fields(entry.get("schema") if isinstance(entry, dict) else None) is not None

    def _is_text(self, entry: Any) -> bool:
        """Whether a media entry's schema is a string: the body itself, as the caller encoded it."""
        schema, _ = deref(self.data, entry.get("schema") if isinstance(entry, dict) else None, "")
        return isinstance(schema, dict) and schema.get("type") == "string"

    def _fields(self, schema: Any) -> tuple[dict[str, Any], set[str]] | None:
        """A form or multipart body's properties and required names, through its allOf (an `allOf` of a `$ref` and
        more properties); None when it is no object with properties."""
        resolved, _ = deref(self.data, schema, "")
        if not isinstance(resolved, dict):
            return None
        properties, required = allof_declared(self.data, resolved, set())
        return (properties, required) if properties or isinstance(resolved.get("properties"), dict) else None

    def body_required(self) -> bool:
        body, _ = deref(self.data, self.raw.get("requestBody"), "")
        return bool((body or {}).get("required"))

    def form_params(self, kind: RequestKind, schema: Any, at: str) -> tuple[list[Param], tuple[PartEncoding, ...]]:
        """One argument per property of a form or multipart body (file parts for binary strings), and the
        per-field `encoding` the body declares (see `part_encodings`)."""
        fields = self._fields(schema)
        if fields is None:
            self.problem(at + "/schema", f"a {kind} body must be an object schema with properties")
            return [], ()
        properties, required = fields
        params = []
        objects: set[str] = set()
        for name, prop in properties.items():
            target, _ = deref(self.data, prop, "")
            target = target if isinstance(target, dict) else {}
            is_file = target.get("format") == "binary" or "contentMediaType" in target
            location = ParamLocation.FILE if is_file and kind == RequestKind.MULTIPART else ParamLocation(kind)
            if kind == RequestKind.FORM and is_file:
                self.problem(
                    f"{at}/schema/properties/{escape_pointer_token(name)}",
                    f"form field {name!r} is a file; an urlencoded form sends text only (use multipart/form-data)",
                )
                continue
            if target.get("type") == "object" or "properties" in target or "additionalProperties" in target:
                objects.add(str(name))
            kind_of = RuntimeType("FileInput") if location == ParamLocation.FILE else self.names.plain_type(prop)
            description = (prop if isinstance(prop, dict) else {}).get("description") or target.get("description", "")
            params.append(Param(python_name(name), name, location, kind_of, name in required, description))
        return params, self.part_encodings(kind, at, {p.wire_name for p in params}, objects)

    def part_encodings(
        self, kind: RequestKind, at: str, fields: set[str], objects: set[str]
    ) -> tuple[PartEncoding, ...]:
        """The body's `encoding`, field by field, as the runtime sends it.

        Multipart: a part's `contentType` (one type, or a list the runtime chooses from, see
        `_request_body.part_media`) and the `headers` whose value the spec fixes; `style` does not apply.
        Urlencoded: `style`/`explode`/`allowReserved` serialize the field like a query parameter; an
        object field without them is `form`, exploded (OpenAPI's default: `a=1&b=2`), unless its
        `contentType` is JSON (then it is JSON text). What cannot be
        sent as declared (a required header the caller would have to supply, a style a form cannot take) is a
        problem.
        """
        declared = self.media_entry.get("encoding")
        declared = declared if isinstance(declared, dict) else {}
        found: list[PartEncoding] = []
        for name, raw in declared.items():
            where = f"{at}/encoding/{escape_pointer_token(str(name))}"
            if name not in fields:
                self.problem(where, f"`encoding` names {name!r}, which is not a field of the body")
                continue
            encoding = raw if isinstance(raw, dict) else {}
            if kind == RequestKind.MULTIPART:
                found.append(
                    PartEncoding(
                        str(name), _media_list(encoding.get("contentType")), self.part_headers(encoding, where)
                    )
                )
                continue
            style = encoding.get("style")
            if style is not None and style not in FORM_STYLES:
                self.problem(where + "/style", f"style {style!r} is not one a form field takes ({name!r})")
                continue
            if style is None and "explode" not in encoding and "allowReserved" not in encoding:
                if name in objects and not is_json_media(str(encoding.get("contentType") or "")):
                    found.append(PartEncoding(str(name), style="form"))  # a JSON contentType: JSON text instead
                continue
            found.append(
                PartEncoding(
                    str(name),
                    style=str(style or "form"),
                    explode=encoding["explode"] if isinstance(encoding.get("explode"), bool) else None,
                    allow_reserved=encoding.get("allowReserved") is True,
                )
            )
        if kind == RequestKind.FORM:
            found += [PartEncoding(name, style="form") for name in sorted(objects - set(declared))]
        return tuple(found)

    def part_headers(self, encoding: dict[str, Any], at: str) -> tuple[tuple[str, str], ...]:
        """A part's headers whose value the spec fixes; an optional one without is not sent, a required one
        without is a problem (the SDK has no value to send)."""
        headers = encoding.get("headers")
        found = []
        for header, raw in (headers if isinstance(headers, dict) else {}).items():
            if str(header).lower() == "content-type":
                continue  # OpenAPI: described by contentType, ignored here
            spec, _ = deref(self.data, raw, "")
            schema, _ = deref(self.data, (spec or {}).get("schema") if isinstance(spec, dict) else None, "")
            value = _fixed_value(schema)
            if value is None and not (isinstance(spec, dict) and spec.get("required") is True):
                continue  # an optional header the caller has no way to give: not sent, as the spec allows
            if value is None:
                self.problem(
                    f"{at}/headers/{escape_pointer_token(str(header))}",
                    f"part header {header!r} has no fixed value (a `const`, `default` or one-value `enum`) to send",
                )
                continue
            found.append((str(header), value))
        return tuple(found)

    # ------------------------------------------------------------------- responses

    def success_content(self, events: bool | None = None) -> list[tuple[str, dict[str, Any]]]:
        """(status, content) of each success response; `events` True keeps only the event-stream media of
        each, False all others (a response left with none is not one of the method's), None every media."""
        found = []
        for code, response in (self.raw.get("responses") or {}).items():
            if not str(code).startswith("2"):
                continue
            resolved, _ = deref(self.data, response, "")
            content = (resolved or {}).get("content") or {}
            if events is not None:
                kept = {m: e for m, e in content.items() if (media_kind(m) is MediaKind.EVENT_STREAM) == events}
                if not kept:
                    continue
                content = kept
            found.append((str(code), content))
        return found

    def dual_stream(self) -> bool:
        """An event stream next to other success media: the operation is two methods (see ir_dual.py)."""
        kinds = {media_kind(m) is MediaKind.EVENT_STREAM for _, content in self.success_content() for m in content}
        return kinds == {True, False}

    def response(
        self, events: bool | None = None
    ) -> tuple[ResponseKind, TypeRef | None, str, tuple[ResponseVariant, ...]]:
        """(kind, returned type, Accept header, variants) of the success responses (`events`: as in
        `success_content`, one form of a JSON-or-stream operation).

        One JSON type, bytes or nothing keep their plain kinds; `text/*` reads as `str`; success
        responses that differ (a body next to none, bodies of different types) read as the union
        of their types (`T | None` when one has no body); `text/event-stream` yields events.
        """
        shapes: dict[tuple[ResponseKind, TypeRef | None], str] = {}
        media_types: list[str] = []
        variants: list[ResponseVariant] = []
        for code, content in self.success_content(events):
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
                other = "a success without a body" if ResponseKind.NONE in kinds else "event streams of different types"
                self.problem(self.pointer + "/responses", f"an event stream next to {other}")
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


def _media_list(value: Any) -> str | None:
    """A part's `contentType` as the runtime takes it: one type or a comma-separated list (None: not declared)."""
    if not isinstance(value, str):
        return None
    return ", ".join(m.strip() for m in value.split(",") if m.strip()) or None


def _fixed_value(schema: Any) -> str | None:
    """The one value a header's schema allows or defaults to, as header text (None: the caller would choose)."""
    if not isinstance(schema, dict):
        return None
    for value in (only_value(schema), schema.get("default")):
        if value is not None and not isinstance(value, (dict, list)):
            return wire_text(value)
    return None


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

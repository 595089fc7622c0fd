"""The shape of one operation: its parameters, request body and response, or a located error for each
construct the generated method could not express (never a method that quietly lacks a part)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument
from ..openapi.naming import python_name, snake_case
from ..openapi.pointer import escape_pointer_token, split_pointer
from ..openapi.refs import deref
from ..openapi.walk import iter_operations
from .inline_schemas import is_json_media
from .ir import Param

if TYPE_CHECKING:
    from .ir_builder import _Builder

LOCATIONS = ("path", "query", "header", "cookie")
IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI: such header parameters are ignored
DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
ALLOWED_STYLES = {"path": {"simple"}, "query": {"form", *DELIMITERS}, "header": {"simple"}, "cookie": {"form"}}
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class OperationShape:
    """Reads one operation's parameters, body and responses; collects a diagnostic per unsupported part."""

    def __init__(self, builder: _Builder, pointer: str, raw: dict[str, Any]) -> None:
        self.b = builder
        self.doc = builder.doc
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
        item = self.b.data["paths"][split_pointer(self.pointer)[1]]
        found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        for base, entries in ((item_pointer, item.get("parameters")), (self.pointer, self.raw.get("parameters"))):
            for index, entry in enumerate(entries or []):
                param, _ = deref(self.b.data, entry, "")
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
            annotation = self.parameter_annotation(at, location, name, param)
            if annotation is None:
                continue
            params.append(
                Param(
                    python_name(name),
                    name,
                    location,
                    annotation,
                    bool(param.get("required")),
                    param.get("description", ""),
                )
            )
        for message in name_clashes(params):
            self.problem(self.pointer, message)
        return params

    def parameter_annotation(self, at: str, location: str, name: str, param: dict[str, Any]) -> str | None:
        """The parameter's type, or None after a diagnostic when the SDK cannot send it as declared."""
        if location not in LOCATIONS:
            self.problem(at + "/in", f"parameters in {location!r} are not supported (path, query, header, cookie)")
            return None
        if "schema" not in param:
            self.problem(at, f"parameter {name!r} has no `schema` (parameters with `content` are not supported)")
            return None
        schema, _ = deref(self.b.data, param["schema"], "")
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
        return self.b.annotation(param["schema"])

    # ---------------------------------------------------------------- request body

    def request_media(self) -> tuple[str | None, str, Any, str]:
        """(kind, media type, schema, pointer of the media entry): the body the method sends."""
        body, body_pointer = deref(self.b.data, self.raw.get("requestBody"), self.pointer + "/requestBody")
        content = (body or {}).get("content") or {}
        if not content:
            return None, "", None, ""
        order = [m for m in content if is_json_media(m)] + [m for m in content if m in (FORM, MULTIPART)]
        media = (order or list(content))[0]
        kind = "json" if is_json_media(media) else {FORM: "form", MULTIPART: "multipart"}.get(media, "content")
        at = f"{body_pointer}/content/{escape_pointer_token(media)}"
        return kind, media, (content[media] or {}).get("schema"), at

    def body_required(self) -> bool:
        body, _ = deref(self.b.data, self.raw.get("requestBody"), "")
        return bool((body or {}).get("required"))

    def form_params(self, kind: str, schema: Any, at: str) -> list[Param]:
        """One argument per property of a form or multipart body (file parts for binary strings)."""
        resolved, _ = deref(self.b.data, schema, "")
        if not isinstance(resolved, dict) or not isinstance(resolved.get("properties"), dict):
            self.problem(at + "/schema", f"a {kind} body must be an object schema with properties")
            return []
        media_entry = deref(self.b.data, self.raw.get("requestBody"), "")[0]["content"]
        if any(isinstance(v, dict) and v.get("encoding") for v in media_entry.values()):
            self.problem(at + "/encoding", "per-part `encoding` of a form body is not supported")
        required = set(resolved.get("required") or [])
        params = []
        for name, prop in resolved["properties"].items():
            target, _ = deref(self.b.data, prop, "")
            target = target if isinstance(target, dict) else {}
            is_file = target.get("format") == "binary" or "contentMediaType" in target
            location = "file" if is_file and kind == "multipart" else kind
            if kind == "form" and (is_file or target.get("type") == "object" or "properties" in target):
                self.problem(
                    f"{at}/schema/properties/{escape_pointer_token(name)}",
                    f"form field {name!r}: only scalars and arrays",
                )
                continue
            annotation = "FileInput" if location == "file" else self.b.annotation(prop)
            description = (prop if isinstance(prop, dict) else {}).get("description") or target.get("description", "")
            params.append(Param(snake_case(name), name, location, annotation, name in required, description))
        return params

    # ------------------------------------------------------------------- responses

    def response(self) -> tuple[str, str | None, str]:
        """(kind, JSON annotation, Accept header) of the success responses; one kind for all of them."""
        shapes: dict[tuple[str, str | None], str] = {}
        media_types: list[str] = []
        for code, response in (self.raw.get("responses") or {}).items():
            if not str(code).startswith("2"):
                continue
            resolved, _ = deref(self.b.data, response, "")
            content = (resolved or {}).get("content") or {}
            json_media = [m for m in content if is_json_media(m)]
            media_types += [m for m in content if m not in media_types]
            shape: tuple[str, str | None]
            if json_media:
                shape = ("json", self.b.annotation((content[json_media[0]] or {}).get("schema")))
            elif content:
                shape = ("bytes", None)
            else:
                shape = ("none", None)
            shapes.setdefault(shape, str(code))
        if len(shapes) > 1:
            listed = ", ".join(f"{code}: {kind}{f' {t}' if t else ''}" for (kind, t), code in shapes.items())
            self.problem(
                self.pointer + "/responses", f"success responses differ ({listed}); one method returns one type"
            )
        kind, annotation = next(iter(shapes), ("none", None))
        return kind, annotation, ", ".join(media_types) or "application/json"

    def unwrap(self, response_schema: Any) -> tuple[dict[str, str] | None, str | None]:
        """The `x-unwrap` declaration and the item's annotation, checked against the response schema."""
        spec = self.raw.get("x-unwrap")
        if spec is None:
            return None, None
        at = self.pointer + "/x-unwrap"
        keys = set(spec) if isinstance(spec, dict) else set()
        if keys not in ({"value"}, {"key", "collection"}) or not all(
            isinstance(v, str) and v.startswith("/") for v in spec.values()
        ):
            self.problem(at, "x-unwrap must be {value: <pointer>} or {key: <pointer>, collection: <pointer>}")
            return None, None
        pointer = spec["value"] if "value" in spec else spec["collection"] + "/*"
        item = self.b.schema_at(response_schema, pointer)
        if response_schema is None or item is None:
            self.problem(at, f"x-unwrap: the success response's schema has nothing at {pointer}")
            return None, None
        return {k: str(v) for k, v in sorted(spec.items())}, self.b.annotation(item)


def name_clashes(params: list[Param]) -> list[str]:
    """A message for each argument whose Python name another one (or the method itself) already uses."""
    found = []
    seen: dict[str, Param] = {}
    for param in params:
        other = seen.get(param.python_name)
        if other is not None or param.python_name in ("self", "options") or not param.python_name.isidentifier():
            where = f"{other.location} {other.wire_name!r}" if other else "a reserved name"
            name = param.wire_name or param.python_name
            found.append(f"{param.location} {name!r} becomes argument {param.python_name!r}, as does {where}")
        seen[param.python_name] = param
    return found


def operation_shape_problems(doc: SpecDocument) -> list[Diagnostic]:
    """Every parameter, body and response a generated method could not express, for the validate stage."""
    from .inline_schemas import name_inline_schemas
    from .ir_builder import _Builder
    from .render_models import ModelIndex

    try:
        named = name_inline_schemas(doc)
    except GenerationError as exc:
        return exc.diagnostics
    schemas = (named.data.get("components") or {}).get("schemas") or {}
    builder = _Builder(named, ModelIndex(classes={name: name for name in schemas}))
    problems: list[Diagnostic] = []
    for pointer, _path, _method, raw in iter_operations(named.data):
        shape = OperationShape(builder, pointer, raw)
        shape.parameters(set(), set())
        kind, _media, body, at = shape.request_media()
        if kind in ("form", "multipart"):
            shape.form_params(kind, body, at)
        shape.response()
        shape.unwrap(builder.response_schema(raw))
        problems += shape.problems
    return problems

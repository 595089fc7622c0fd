"""Check requests and responses against an operation of the spec (JSON Schema 2020-12, formats checked)."""

from __future__ import annotations

import email.policy
import json
import re
from collections.abc import Callable, Mapping
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl, unquote

from jsonschema import ValidationError

from .calls import Problem
from .specs import Operation, Parameter

_INTEGER = re.compile(r"-?[0-9]+")
_MISSING = object()


def _pointer(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _typed(raw: str, schema: Mapping[str, Any]) -> Any:
    """A query or path string as the value its schema's type expects (unchanged when it cannot be)."""
    kind = schema.get("type")
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    if kind == "integer" and _INTEGER.fullmatch(raw):
        return int(raw)
    if kind == "number":
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def _schema_type(op: Operation, schema_pointer: str) -> Mapping[str, Any]:
    """The schema at a pointer with one level of `$ref` followed (enough to learn a parameter's type)."""
    node = op.service.at(schema_pointer)
    if isinstance(node, dict) and "$ref" in node and "type" not in node:
        node = op.service.resolve(node)[0]
    return node if isinstance(node, dict) else {}


_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|", "simple": ","}


def _values(param: Parameter, raw: list[str], schema: Mapping[str, Any]) -> Any:
    """A parameter's raw strings as its schema's value: arrays per style/explode, scalars typed."""
    if schema.get("type") != "array":
        return _typed(raw[0], schema)
    items = schema.get("items") or {}
    if isinstance(items, dict) and "$ref" in items:
        items = {}
    parts = raw if param.explode and param.location in ("query", "cookie") else raw[0].split(_DELIMITERS[param.style])
    return [_typed(part, items) for part in parts]


def _raw_parameters(
    op: Operation,
    path_params: Mapping[str, str],
    raw_query: Mapping[str, list[str]],
    headers: Mapping[str, str],
) -> dict[str, dict[str, list[str]]]:
    cookies: dict[str, list[str]] = {}
    for crumb in headers.get("cookie", "").split(";"):
        name, _, value = crumb.strip().partition("=")
        if name:
            cookies.setdefault(name, []).append(unquote(value))
    return {
        "path": {k: [v] for k, v in path_params.items()},
        "query": dict(raw_query),
        "header": {k.lower(): [v] for k, v in headers.items()},
        "cookie": cookies,
    }


def check_request(
    op: Operation,
    path_params: Mapping[str, str],
    raw_query: Mapping[str, list[str]],
    raw_body: bytes,
    headers: Mapping[str, str] | None = None,
) -> tuple[dict[str, Any], Any, list[Problem]]:
    """Typed query values, the parsed body and every way the request breaks the spec."""
    headers = headers or {}
    problems: list[Problem] = []
    query: dict[str, Any] = {}
    sources = _raw_parameters(op, path_params, raw_query, headers)
    for param in op.parameters:
        if param.location not in sources:
            continue
        key = param.name.lower() if param.location == "header" else param.name
        raw = sources[param.location].get(key)
        deep: list[str] = []
        if param.style == "deepObject" and param.location == "query":
            value, deep = deep_value(raw_query, param.name, _schema_type(op, param.schema_pointer), _resolver(op))
        if not raw and not deep:
            if param.required:
                problems.append(Problem(param.location, param.name, "required parameter is missing"))
            continue
        if not deep:
            value = _values(param, raw or [], _schema_type(op, param.schema_pointer))
        for error in op.service.validator(param.schema_pointer).iter_errors(value):
            problems.append(Problem(param.location, param.name, error.message))
        if param.location == "query":
            query[param.name] = value
    body, body_problems = check_body(op, raw_body, headers.get("content-type", ""))
    return query, body, problems + body_problems


def _resolver(op: Operation) -> Resolve:
    """Follow a schema's local `$ref`s in the operation's document."""

    def resolve(schema: Mapping[str, Any]) -> Mapping[str, Any]:
        found = op.service.resolve(schema)[0] if "$ref" in schema else schema
        return found if isinstance(found, Mapping) else {}

    return resolve


def check_body(op: Operation, raw_body: bytes, content_type: str) -> tuple[Any, list[Problem]]:
    """The parsed body (JSON, a form as a dict, or the bytes) and every way it breaks the spec."""
    if not op.body_media:
        return None, []
    if not raw_body.strip() and not content_type:
        return None, [Problem("body", "", "a request body is required")] if op.body_required else []
    media = _declared_media(op, content_type)
    if media is None:
        if "application/json" in op.body_media and not content_type:
            media = "application/json"  # a JSON body sent without a Content-Type is still read as JSON
        else:
            declared = ", ".join(sorted(op.body_media))
            return None, [Problem("body", "", f"Content-Type {content_type!r} is not one of {declared}")]
    schema_pointer = op.body_media[media]
    if media.endswith("json"):
        if not raw_body.strip():
            return None, [Problem("body", "", "a JSON request body is required")] if op.body_required else []
        try:
            body = json.loads(raw_body)
        except ValueError as exc:
            return None, [Problem("body", "", f"the body is not JSON: {exc}")]
        validator = op.service.fast_validator(schema_pointer)
    elif media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        schema = _object_schema(op, schema_pointer)
        fields = (
            parse_multipart(raw_body, content_type) if media.startswith("multipart") else parse_urlencoded(raw_body)
        )
        encoding = _encoding(op, schema_pointer)
        styled = {} if media.startswith("multipart") else styled_fields(fields, schema, encoding, _resolver(op))
        body = {**_typed_form(fields, schema), **styled}
        validator = op.service.validator(schema_pointer)
        if media.startswith("multipart"):
            part_problems = check_part_types(part_types(raw_body, content_type), encoding)
            return body, part_problems + [
                Problem("body", _pointer(e.absolute_path), e.message) for e in validator.iter_errors(body)
            ]
    else:
        return raw_body, []
    errors = [e for e in validator.iter_errors(body) if not exempt(op, e, "readOnly")]
    problems = [Problem("body", _pointer(e.absolute_path), e.message) for e in errors]
    return body, problems


def exempt(op: Operation, error: ValidationError, flag: str) -> bool:
    """A `required` error for a property the other side of the wire sends: `readOnly` in a request,
    `writeOnly` in a response (OpenAPI: such a property is required only where it is sent)."""
    if error.validator != "required" or not isinstance(error.instance, dict) or not isinstance(error.schema, dict):
        return False
    properties = error.schema.get("properties") or {}
    required = error.validator_value if isinstance(error.validator_value, list) else []
    for name in required:
        if name not in error.instance and error.message == f"{name!r} is a required property":
            prop = properties.get(name)
            if isinstance(prop, dict) and flag not in prop and str(prop.get("$ref", "")).startswith("#/components/"):
                prop, _ = op.service.resolve(prop)  # a compiled schema's own `#/$defs/...` holds no flag to read
            return isinstance(prop, dict) and prop.get(flag) is True
    return False


def _declared_media(op: Operation, content_type: str) -> str | None:
    sent = content_type.split(";")[0].strip().lower()
    for media in op.body_media:
        if media.lower() == sent or media == "*/*" or (media.endswith("/*") and sent.startswith(media[:-1])):
            return media
    return None


def _object_schema(op: Operation, schema_pointer: str) -> dict[str, Any]:
    schema = _schema_type(op, schema_pointer)
    return {name: op.service.resolve(prop)[0] for name, prop in (schema.get("properties") or {}).items()}


def _typed_form(fields: dict[str, list[str | bytes]], properties: Mapping[str, Any]) -> dict[str, Any]:
    """Form fields as the values their property schemas expect (files as text, objects parsed as JSON)."""
    typed: dict[str, Any] = {}
    for name, values in fields.items():
        schema = properties.get(name) or {}
        texts = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in values]
        if schema.get("type") == "array":
            items = op_items(schema)
            typed[name] = [_field(text, items) for text in texts]
        else:
            typed[name] = _field(texts[0], schema)
    return typed


def op_items(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """An array schema's item schema (an empty schema when it is a reference)."""
    items = schema.get("items")
    return items if isinstance(items, dict) and "$ref" not in items else {}


def _field(text: str, schema: Mapping[str, Any]) -> Any:
    if schema.get("type") in ("object", "array") or "$ref" in schema or "oneOf" in schema:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return _typed(text, schema)


_FORM_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def styled_fields(
    fields: dict[str, list[str | bytes]],
    properties: Mapping[str, Any],
    encoding: Mapping[str, Any],
    resolve: Resolve = lambda schema: schema,
) -> dict[str, Any]:
    """The urlencoded fields whose `encoding` style (or, for an object, the default: form, exploded) spreads
    them over other names or joins them with a delimiter, read back into their values; each is taken
    out of `fields`. Arrays not exploded are split; deepObject reads `name[key][0]` (see deep_value); an
    exploded form object takes the keys named by its properties."""
    found: dict[str, Any] = {}
    for name, schema in properties.items():
        entry = encoding.get(name)
        declared: Mapping[str, Any] = entry if isinstance(entry, dict) else {}
        style = str(declared.get("style", "form"))
        explode = declared.get("explode", style == "form")
        inner = schema.get("properties") if isinstance(schema.get("properties"), dict) else None
        if style == "deepObject":
            value, keys = deep_value(fields, name, schema, resolve)
            for key in keys:
                del fields[key]
            found.update({name: value} if keys else {})
        elif inner is not None and style == "form" and explode:
            value = {k: _text(fields.pop(k)[0]) for k in list(inner) if k in fields}
            found.update({name: _typed_object(value, inner)} if value else {})
        elif schema.get("type") == "array" and not explode and name in fields:
            texts = _text(fields.pop(name)[0]).split(_FORM_DELIMITERS.get(style, ","))
            found[name] = [_typed(t, op_items(schema)) for t in texts]
    return found


Resolve = Callable[[Mapping[str, Any]], Mapping[str, Any]]
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def deep_value(
    fields: Mapping[str, list[Any]], name: str, schema: Mapping[str, Any], resolve: Resolve
) -> tuple[Any, list[str]]:
    """A deepObject value read back from its `name[key][0]...` fields (first value each), typed by its schema,
    and the field names it took. Bracketed digits are an array's indices where the schema says array."""
    tree: dict[str, Any] = {}
    keys = []
    for key, values in fields.items():
        rest = key[len(name) :] if key.startswith(name + "[") else ""
        tokens = _BRACKETED.findall(rest)
        if not tokens or "".join(f"[{t}]" for t in tokens) != rest:
            continue
        node = tree
        for token in tokens[:-1]:
            child = node.setdefault(token, {})
            node = child if isinstance(child, dict) else {}
        node[tokens[-1]] = _text(values[0])
        keys.append(key)
    return _deep_typed(tree, schema, resolve), keys


def _deep_typed(value: Any, schema: Mapping[str, Any], resolve: Resolve) -> Any:
    schema = resolve(schema)
    if not isinstance(value, dict):
        return _typed(value, schema)
    if schema.get("type") == "array" and all(k.isdigit() for k in value):
        items = _schema_at(schema, "items")
        return [_deep_typed(value[k], items, resolve) for k in sorted(value, key=int)]
    properties = _schema_at(schema, "properties")
    extra = _schema_at(schema, "additionalProperties")
    return {k: _deep_typed(v, _schema_at(properties, k) or extra, resolve) for k, v in value.items()}


def _schema_at(schema: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    found = schema.get(key)
    return found if isinstance(found, dict) else {}


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _typed_object(value: Mapping[str, str], properties: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _typed(v, properties.get(k) or {}) for k, v in value.items()}


def _encoding(op: Operation, schema_pointer: str) -> dict[str, Any]:
    """The `encoding` beside a body's schema (empty when it has none)."""
    try:
        found = op.service.at(schema_pointer.removesuffix("/schema") + "/encoding")
    except KeyError:
        return {}
    return found if isinstance(found, dict) else {}


def part_types(raw_body: bytes, content_type: str) -> dict[str, list[str | None]]:
    """The Content-Type header of every part of a multipart body (None: the part has none), by name."""
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw_body
    )
    found: dict[str, list[str | None]] = {}
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            found.setdefault(name, []).append(part.get_content_type() if "Content-Type" in part else None)
    return found


def check_part_types(types: Mapping[str, list[str | None]], encoding: Mapping[str, Any]) -> list[Problem]:
    """A part sent with a Content-Type its `encoding.contentType` does not allow (`image/*` allows image/png)."""
    problems = []
    for name, sent in types.items():
        declared = (encoding.get(name) or {}).get("contentType") if isinstance(encoding.get(name), dict) else None
        if not isinstance(declared, str):
            continue
        allowed = [m.strip().lower() for m in declared.split(",") if m.strip()]
        for media in sent:
            if media is None or not any(_media_matches(a, media) for a in allowed):
                problems.append(Problem("body", name, f"part {name!r} is {media or 'untyped'}, not {declared}"))
    return problems


def _media_matches(allowed: str, sent: str) -> bool:
    return allowed in ("*/*", sent) or (allowed.endswith("/*") and sent.startswith(allowed[:-1]))


def parse_urlencoded(raw_body: bytes) -> dict[str, list[str | bytes]]:
    """An urlencoded body's fields, every value of a repeated name kept."""
    fields: dict[str, list[str | bytes]] = {}
    for name, value in parse_qsl(raw_body.decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(name, []).append(value)
    return fields


def parse_multipart(raw_body: bytes, content_type: str) -> dict[str, list[str | bytes]]:
    """A multipart/form-data body's parts by name: text fields as str, file parts as bytes."""
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw_body
    )
    fields: dict[str, list[str | bytes]] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        is_file = part.get_param("filename", header="content-disposition") is not None
        fields.setdefault(name, []).append(data if is_file else data.decode("utf-8", "replace"))
    return fields


def check_response(
    op: Operation, status: int, body: Any, headers: Mapping[str, str], *, json_body: bool = True
) -> list[str]:
    """Every way a response breaks the operation's documented responses (empty when it conforms).

    `json_body` False: the body was sent in another documented media type, so no JSON schema applies.
    """
    spec = op.response_for(status)
    if spec is None:
        return [f"{op.operation_id}: status {status} is not documented"]
    found = []
    if spec.schema_pointer is not None and json_body:
        if body is _MISSING or body is None:
            found.append(f"{op.operation_id} {status}: a JSON body is documented but none was sent")
        else:
            for error in op.service.response_validator(spec.schema_pointer).iter_errors(body):
                if exempt(op, error, "writeOnly"):
                    continue
                found.append(
                    f"{op.operation_id} {status} at {_pointer(error.absolute_path) or '/'}: {error.message[:300]}"
                )
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, (required, schema_pointer) in spec.headers.items():
        value = lowered.get(name.lower())
        if value is None:
            if required:
                found.append(f"{op.operation_id} {status}: required header {name} is missing")
            continue
        for error in op.service.validator(schema_pointer).iter_errors(value):
            found.append(f"{op.operation_id} {status}: header {name}: {error.message}")
    return found

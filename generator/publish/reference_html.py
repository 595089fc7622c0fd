"""A browsable HTML API reference of one spec: a single static file, no script, no external resource."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..openapi.walk import HTTP_METHODS, ref_pointer, resolve_pointer

TEMPLATE_DIR = Path(__file__).parent / "templates"
SCHEMA_PREFIX = "#/components/schemas/"
CONSTRAINT_KEYS = (
    *("pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"),
    *("minItems", "maxItems", "uniqueItems", "default"),
)


def _markdown(text: Any) -> Markup:
    """CommonMark with raw HTML disabled: every character of the spec's text is escaped."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    return Markup(renderer.render(str(text))) if text else Markup("")  # noqa: S704 - markdown-it escapes, html off


def _anchor(kind: str, name: str) -> str:
    return f"{kind}-{name}"


def type_html(schema: Any) -> Markup:
    """A one-line, linked description of a schema's type (`array of Record`, `string (date-time)`)."""
    if not isinstance(schema, dict):
        return Markup("any")
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref.startswith(SCHEMA_PREFIX):
            name = ref[len(SCHEMA_PREFIX) :]
            return Markup('<a href="#{}">{}</a>').format(_anchor("schema", name), name)
        return Markup("<code>{}</code>").format(ref)
    for key, word in (("oneOf", "one of"), ("anyOf", "any of"), ("allOf", "all of")):
        if isinstance(schema.get(key), list):
            return Markup("{} {}").format(word, Markup(" | ").join(type_html(s) for s in schema[key]))
    if "const" in schema:
        return Markup("<code>{}</code>").format(json.dumps(schema["const"], ensure_ascii=False))
    types = schema.get("type")
    names = [str(t) for t in types] if isinstance(types, list) else [str(types)] if types else []
    parts = []
    for name in names or ["any"]:
        if name == "array":
            parts.append(Markup("array of {}").format(type_html(schema.get("items"))))
        elif name == "object" and isinstance(schema.get("additionalProperties"), dict):
            parts.append(Markup("map of {}").format(type_html(schema["additionalProperties"])))
        else:
            parts.append(escape(name))
    text = Markup(" | ").join(parts)
    if schema.get("format"):
        text += Markup(" ({})").format(schema["format"])
    if isinstance(schema.get("enum"), list):
        text += Markup(" enum")
    return text


def constraints(schema: dict[str, Any]) -> list[str]:
    """The validation keywords of a schema, as `key: value` strings."""
    return [f"{k}: {json.dumps(schema[k], ensure_ascii=False)}" for k in CONSTRAINT_KEYS if k in schema]


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _deref(data: dict[str, Any], node: Any) -> Any:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        pointer = ref_pointer(node["$ref"])
        if pointer is None or pointer in seen:
            break
        seen.add(pointer)
        try:
            target = resolve_pointer(data, pointer)
        except KeyError:
            break
        if not isinstance(target, dict):
            break
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _examples(holder: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for name, example in (holder.get("examples") or {}).items():
        if isinstance(example, dict):
            found.append(
                {
                    "name": name,
                    "summary": example.get("summary", ""),
                    "description": example.get("description", ""),
                    "json": _pretty(example.get("value")),
                }
            )
    if "example" in holder:
        found.append({"name": "example", "summary": "", "description": "", "json": _pretty(holder["example"])})
    return found


def _content(data: dict[str, Any], holder: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"type": media, "schema": type_html(body.get("schema")), "examples": _examples(body)}
        for media, body in (holder.get("content") or {}).items()
        if isinstance(body, dict)
    ]


def _operation(
    data: dict[str, Any], path: str, method: str, item: dict[str, Any], op: dict[str, Any]
) -> dict[str, Any]:
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = _deref(data, raw)
        if isinstance(param, dict):
            params[(str(param.get("in")), str(param.get("name")))] = param
    body = _deref(data, op.get("requestBody")) if op.get("requestBody") else None
    responses = []
    for status, raw in (op.get("responses") or {}).items():
        response = _deref(data, raw)
        if isinstance(response, dict):
            responses.append(
                {
                    "status": status,
                    "description": _markdown(response.get("description", "")),
                    "content": _content(data, response),
                    "headers": sorted((response.get("headers") or {}).keys()),
                }
            )
    extensions = {k: v for k, v in op.items() if k.startswith("x-")}
    return {
        "id": _anchor("op", str(op.get("operationId") or f"{method}-{path}")),
        "operation_id": op.get("operationId", ""),
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": _markdown(op.get("description", "")),
        "deprecated": bool(op.get("deprecated")),
        "tags": [t for t in op.get("tags") or [] if isinstance(t, str)],
        "security": [
            " + ".join(f"{name} ({', '.join(scopes)})" if scopes else name for name, scopes in req.items())
            for req in (op.get("security") if "security" in op else data.get("security")) or []
        ],
        "parameters": [
            {
                "name": p.get("name", ""),
                "in": p.get("in", ""),
                "required": bool(p.get("required")),
                "type": type_html(p.get("schema")),
                "description": _markdown(p.get("description", "")),
                "constraints": constraints(_deref(data, p.get("schema")) or {}),
            }
            for p in params.values()
        ],
        "body": {
            "required": bool(body.get("required")),
            "description": _markdown(body.get("description", "")),
            "content": _content(data, body),
        }
        if isinstance(body, dict)
        else None,
        "responses": responses,
        "extensions": [{"name": k, "json": _pretty(v)} for k, v in extensions.items()],
    }


def _schema(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    required = set(schema.get("required") or [])
    found = schema.get("discriminator")
    discriminator: dict[str, Any] = found if isinstance(found, dict) else {}
    return {
        "id": _anchor("schema", name),
        "name": name,
        "type": type_html({k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")})
        if "type" in schema
        else type_html(schema),
        "description": _markdown(schema.get("description", "")),
        "properties": [
            {
                "name": prop,
                "type": type_html(sub),
                "required": prop in required,
                "description": _markdown(sub.get("description", "")) if isinstance(sub, dict) else "",
                "constraints": constraints(sub) if isinstance(sub, dict) else [],
            }
            for prop, sub in (schema.get("properties") or {}).items()
        ],
        "enum": [json.dumps(v, ensure_ascii=False) for v in schema.get("enum") or []],
        "discriminator": discriminator.get("propertyName", ""),
        "mapping": [(key, type_html({"$ref": ref})) for key, ref in (discriminator.get("mapping") or {}).items()],
        "constraints": constraints(schema),
        "badges": [key for key in ("x-open-enum", "x-open-union") if schema.get(key)]
        + (["x-error " + _pretty(schema["x-error"]).replace("\n", " ")] if "x-error" in schema else []),
        "examples": [_pretty(v) for v in schema.get("examples") or []],
    }


def reference_model(data: dict[str, Any]) -> dict[str, Any]:
    """What the reference page shows, in document order, with every text ready to be escaped."""
    info = data.get("info") or {}
    operations = [
        _operation(data, path, method, item, item[method])
        for path, item in (data.get("paths") or {}).items()
        if isinstance(item, dict)
        for method in HTTP_METHODS
        if isinstance(item.get(method), dict)
    ]
    declared = [t for t in data.get("tags") or [] if isinstance(t, dict) and "name" in t]
    tag_docs = {t["name"]: _markdown(t.get("description", "")) for t in declared}
    names = [t["name"] for t in declared]
    names += sorted({tag for op in operations for tag in op["tags"]} - set(names), key=str)
    groups = [
        (str(name), tag_docs.get(name, Markup("")), [op for op in operations if name in op["tags"]]) for name in names
    ]
    groups.append(("Other", Markup(""), [op for op in operations if not op["tags"]]))
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    return {
        "title": info.get("title", "API"),
        "version": info.get("version", ""),
        "summary": info.get("summary", ""),
        "description": _markdown(info.get("description", "")),
        "openapi": data.get("openapi", ""),
        "servers": [
            {"url": s.get("url", ""), "description": _markdown(s.get("description", ""))}
            for s in data.get("servers") or []
            if isinstance(s, dict)
        ],
        "security": [
            {"name": name, "type": s.get("type", ""), "description": _markdown(s.get("description", ""))}
            for name, s in schemes.items()
            if isinstance(s, dict)
        ],
        "tags": [{"name": n, "description": d, "operations": ops} for n, d, ops in groups if ops],
        "schemas": [
            _schema(name, schema)
            for name, schema in ((data.get("components") or {}).get("schemas") or {}).items()
            if isinstance(schema, dict)
        ],
    }


def render_reference(data: dict[str, Any]) -> str:
    """The HTML reference page of a (bundled) spec."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("reference.html.jinja").render(**reference_model(data))

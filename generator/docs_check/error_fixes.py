"""The fix for a documented error the spec lacks: a schema like the spec's other errors (the Karat envelope's
errorCode/errorName/parameters, or Unicat's application-error result), and the operation's response for it."""

from __future__ import annotations

import copy
import re
from typing import Any

from ..openapi.refs import deref
from .fix import Edit, Fix
from .fixes import child
from .page import DocError

JSON = "application/json"


def response_edits(
    data: dict[str, Any], op_pointer: str, status: int, name: str, text: str | None
) -> list[Edit] | None:
    """Edits adding schema `name` to the operation's `status` response: a new response, or one more member of its
    oneOf (and discriminator mapping), also of a shared response (Unicat's one API-wide list of application errors).
    None when the response's schema is not a oneOf."""
    operation, _ = deref(data, {"$ref": "#" + op_pointer}, op_pointer)
    responses = operation.get("responses") if isinstance(operation, dict) else None
    ref = f"#/components/schemas/{name}"
    where = child(op_pointer, "responses", str(status))
    if not isinstance(responses, dict) or str(status) not in responses:
        response = {"description": text or f"{name}.", "content": {JSON: {"schema": {"oneOf": [{"$ref": ref}]}}}}
        return [Edit("set", where, response)]
    response, where = deref(data, responses[str(status)], where)
    content = response.get("content") if isinstance(response, dict) else None
    media = content.get(JSON) if isinstance(content, dict) else None
    schema = media.get("schema") if isinstance(media, dict) else None
    if not isinstance(schema, dict) or not isinstance(schema.get("oneOf"), list):
        return None
    schema_pointer = child(where, "content", JSON, "schema")
    edits = [Edit("append", schema_pointer + "/oneOf", {"$ref": ref})]
    mapping = (schema.get("discriminator") or {}).get("mapping")
    if isinstance(mapping, dict):
        edits.append(Edit("set", child(schema_pointer, "discriminator", "mapping", name), ref))
    return edits


def new_error(data: dict[str, Any], error: DocError, op_pointer: str) -> Fix | None:
    """The schema of a documented error (modelled on one of the spec's errors) and its response on the operation."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    karat = error.name is not None
    errors = {n: s for n, s in schemas.items() if isinstance(s, dict) and isinstance(s.get("x-error"), dict)}
    like = [s for s in errors.values() if ("errorName" in (s.get("properties") or {})) == karat]
    like.sort(key=lambda s: s["x-error"].get("status") != error.status)
    if not like:
        return None
    template = like[0]
    status = error.status or template["x-error"].get("status")
    name = error.name.removesuffix("Error") if error.name else _name_of(error.description or "")
    if not name or name in schemas or (not karat and f"{name}Result" in schemas):
        return None
    edits = (
        _karat_schema(name, template, error, int(status))
        if karat
        else _unicat_schema(data, name, template, error, int(status))
    )
    if edits is None:
        return None
    response = response_edits(data, op_pointer, int(status), name, error.description)
    return Fix("new error", tuple(edits + response)) if response is not None else None


def _karat_schema(name: str, template: dict[str, Any], error: DocError, status: int) -> list[Edit]:
    schema: dict[str, Any] = {"type": "object", "x-error": {"key": name, "status": status}}
    if error.description:
        schema["description"] = error.description
    if "required" in template:
        schema["required"] = list(template["required"])
    properties: dict[str, Any] = {}
    names = error.parameters or []
    for key, value in (template.get("properties") or {}).items():
        if key == "errorCode":
            properties[key] = {"type": "string", "const": error.code}
        elif key == "errorName":
            properties[key] = {"type": "string", "const": name}
        elif key == "parameters":
            required = {"required": list(names)} if names else {}
            properties[key] = {"type": "object", **required, "properties": {p: {"type": "string"} for p in names}}
        else:
            properties[key] = copy.deepcopy(value)
    schema["properties"] = properties
    return [Edit("set", child("/components/schemas", name), schema)]


def _unicat_schema(
    data: dict[str, Any], name: str, template: dict[str, Any], error: DocError, status: int
) -> list[Edit] | None:
    schema = copy.deepcopy(template)
    schema["x-error"] = {"key": error.app_code, "status": status}
    schema["description"] = f"Application error {error.app_code}, {(error.description or name).lower()}."
    result = (schema.get("properties") or {}).get("result")
    edits: list[Edit] = []
    if isinstance(result, dict) and isinstance(result.get("$ref"), str):
        target, _ = deref(data, result, "")
        if not isinstance(target, dict):
            return None
        result_schema = copy.deepcopy(target)
        code = (result_schema.get("properties") or {}).get("code")
        if isinstance(code, dict):
            code["const"] = error.app_code
        schema["properties"]["result"] = {"$ref": f"#/components/schemas/{name}Result"}
        edits.append(Edit("set", child("/components/schemas", f"{name}Result"), result_schema))
    return [Edit("set", child("/components/schemas", name), schema), *edits]


def _name_of(description: str) -> str | None:
    """`Quota error - too many requests` gives QuotaError."""
    head = description.split(" - ")[0]
    found = re.findall(r"[A-Za-z0-9]+", head)
    name = "".join(word[:1].upper() + word[1:] for word in found)
    return name if name[:1].isalpha() else None

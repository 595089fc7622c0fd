"""Check requests and responses against an operation of the spec (JSON Schema 2020-12, formats checked)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .calls import Problem
from .specs import Operation

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


def check_request(
    op: Operation, path_params: Mapping[str, str], raw_query: Mapping[str, str], raw_body: bytes
) -> tuple[dict[str, Any], Any, list[Problem]]:
    """Typed query values, the parsed body and every way the request breaks the spec."""
    problems: list[Problem] = []
    query: dict[str, Any] = {}
    for param in op.parameters:
        if param.location not in ("path", "query"):
            continue
        source = path_params if param.location == "path" else raw_query
        raw = source.get(param.name)
        if raw is None:
            if param.required:
                problems.append(Problem(param.location, param.name, "required parameter is missing"))
            continue
        value = _typed(raw, _schema_type(op, param.schema_pointer))
        for error in op.service.validator(param.schema_pointer).iter_errors(value):
            problems.append(Problem(param.location, param.name, error.message))
        if param.location == "query":
            query[param.name] = value
    body: Any = None
    if op.body_pointer is not None:
        if not raw_body.strip():
            if op.body_required:
                problems.append(Problem("body", "", "a JSON request body is required"))
        else:
            try:
                body = json.loads(raw_body)
            except ValueError as exc:
                problems.append(Problem("body", "", f"the body is not JSON: {exc}"))
            else:
                for error in op.service.fast_validator(op.body_pointer).iter_errors(body):
                    problems.append(Problem("body", _pointer(error.absolute_path), error.message))
    return query, body, problems


def check_response(op: Operation, status: int, body: Any, headers: Mapping[str, str]) -> list[str]:
    """Every way a response breaks the operation's documented responses (empty when it conforms)."""
    spec = op.response_for(status)
    if spec is None:
        return [f"{op.operation_id}: status {status} is not documented"]
    found = []
    if spec.schema_pointer is not None:
        if body is _MISSING or body is None:
            found.append(f"{op.operation_id} {status}: a JSON body is documented but none was sent")
        else:
            for error in op.service.response_validator(spec.schema_pointer).iter_errors(body):
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

"""The document against the OpenAPI schema of the version it declares (openapi-spec-validator), every error located.

openapi-spec-validator reports a structural error at the object that failed (a whole response
that matches none of its `oneOf` forms, its JSON dumped as the message); the same schema run
through jsonschema keeps the reasons, and the best one names the key and place that is wrong.
"""

from __future__ import annotations

import re
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer, resolve_pointer

MESSAGE_CHARS = 300
EXTENSION_ONLY = re.compile(r"^'(?P<key>.+)' does not match any of the regexes: '\^x-'$")


def check_openapi_schema(doc: SpecDocument) -> list[Diagnostic]:
    """Every error openapi-spec-validator finds, at the key it is about, with the most specific reason."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    is_30 = str(doc.data["openapi"]).startswith("3.0.")
    validator = OpenAPIV30SpecValidator if is_30 else OpenAPIV31SpecValidator
    found = []
    reasons: dict[tuple[str, ...], Any] | None = None
    try:
        for error in validator(doc.data).iter_errors():
            path = tuple(str(p) for p in getattr(error, "path", []) or [])
            message = getattr(error, "message", str(error)).splitlines()[0]
            instance = getattr(error, "instance", None)
            if _is_structural(error):
                reasons = _reasons(doc, is_30) if reasons is None else reasons
                if path in reasons:
                    reason = reasons[path]
                    path, message, instance = (
                        tuple(str(p) for p in reason.absolute_path),
                        reason.message,
                        reason.instance,
                    )
            message = _plain(message, instance)
            found.append(doc.diagnostic(_locate(doc, list(path), error), f"invalid OpenAPI: {message}"))
    except Exception as exc:  # the validator raises on some broken documents instead of reporting
        found.append(doc.diagnostic("", f"invalid OpenAPI: {type(exc).__name__}: {_plain(str(exc))}"))
    located = [d for d in found if d.pointer]
    return located or found  # an error without a place repeats one that has a place (the schema check of a schema)


def _is_structural(error: Any) -> bool:
    """An error of the OpenAPI schema itself (not of a default value, a path template...)."""
    schema_path = [str(p) for p in getattr(error, "relative_schema_path", []) or []]
    return bool(schema_path) and schema_path[0] in ("definitions", "$defs", "properties", "patternProperties")


def _reasons(doc: SpecDocument, is_30: bool) -> dict[tuple[str, ...], Any]:
    """For each failing object, the most specific error below it (jsonschema's best match, followed down)."""
    import jsonschema
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    schema = schema_v30 if is_30 else schema_v31
    found = {}
    for error in jsonschema.validators.validator_for(schema)(schema).iter_errors(doc.data):
        best = error
        while best.context:
            best = _most_specific(best.context)
        found[tuple(str(p) for p in error.absolute_path)] = best
    return found


def _most_specific(errors: list[Any]) -> Any:
    """The error deepest in the document, not counting "it is not a $ref either" (every object may be one)."""
    from jsonschema.exceptions import best_match

    candidates = [e for e in errors if not (e.validator == "required" and "'$ref'" in e.message)] or errors
    depth = max(len(e.absolute_path) for e in candidates)
    return best_match([e for e in candidates if len(e.absolute_path) == depth])


def _plain(message: str, instance: Any = None) -> str:
    """A validator message a user can act on: `'const' does not match ...'^x-'` -> `unexpected key 'const'`,
    `{...the whole object...} has too many properties` -> `this object has too many properties`."""
    for kind, name in ((dict, "this object"), (list, "this array")):
        if isinstance(instance, kind) and message.startswith(repr(instance)):
            message = name + message[len(repr(instance)) :]
    match = EXTENSION_ONLY.match(message)
    if match:
        return f"unexpected key {match['key']!r} (only the keys the specification defines and x- extensions are allowed here)"
    return message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS] + "..."


def _locate(doc: SpecDocument, path: list[str], error: Any) -> str:
    """The document pointer of an error: its path, or for a schema value check (a `default`) where it is."""
    if path and path[0] in doc.data:
        return join_pointer(*path)
    instance = getattr(error, "instance", None)
    for base, schema in _schemas(doc):
        if path:
            try:
                if resolve_pointer(doc.data, base + join_pointer(*path)) == instance:
                    return base + join_pointer(*path)
            except KeyError:
                continue
        else:
            for key in ("default", *schema):
                if key in schema and schema[key] == instance and type(schema[key]) is type(instance):
                    return base + join_pointer(key)
    return join_pointer(*path)


def _schemas(doc: SpecDocument) -> list[tuple[str, dict[str, Any]]]:
    from .structure import all_schemas

    return all_schemas(doc)

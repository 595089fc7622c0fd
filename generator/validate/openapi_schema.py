"""The document against the OpenAPI schema of the version it declares (openapi-spec-validator), every error located.

openapi-spec-validator reports a structural error at the object that failed (a whole response
that matches none of its `oneOf` forms, its JSON dumped as the message); the same schema run
through jsonschema keeps the reasons, and the best one names the key and place that is wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..openapi import cache
from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import escape_pointer_token, join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import deref
from ..openapi.suggest import closest, did_you_mean
from ..openapi.walk import iter_document_schemas
from .meta_checks import remembering, run_ahead
from .verdicts import known_clean, remember_clean, verdict_key

MESSAGE_CHARS = 300
EXTENSION_ONLY = re.compile(r"^(?P<keys>'.+') (?:does|do) not match any of the regexes: '\^x-'$")
CLEAN = "openapi-schema-clean"  # the store's kind of a clean verdict (verdicts.py)
NOT_ALLOWED = re.compile(
    r"^(?:Unevaluated|Additional) properties are not allowed \((?P<keys>.+) (?:was|were) unexpected\)"
)


def unexpected_keys(message: str) -> list[str]:
    """The keys a validator message says are not allowed where they are."""
    match = EXTENSION_ONLY.match(message) or NOT_ALLOWED.match(message)
    return re.findall(r"'((?:[^'\\]|\\.)*)'", match["keys"]) if match else []


def _unexpected(key: str) -> str:
    return f"unexpected key {key!r} (only the keys the specification defines and x- extensions are allowed here)"


@dataclass(frozen=True)
class Violation:
    """One error of the document against the OpenAPI schema: where, the plain message, and the validator's error."""

    pointer: str
    message: str
    validator: str  # the JSON Schema keyword that failed (type, enum, required, ...), "" when unknown
    instance: Any
    is_default: bool  # a `default` value that does not match its schema (not the document's structure)
    unexpected: str | None = None  # the key the version does not define (the pointer is the key's)
    close: tuple[str, ...] = ()  # for an unexpected key: the defined keys it is closest to (a misspelling)
    # A schema's further meta-schema errors, which the validator reports one round at a time: read after this one
    # (validate/lenient.py), never reported themselves (the next round reports whichever is left).
    follow_ups: tuple[Violation, ...] = ()

    def diagnostic(self, doc: SpecDocument) -> Diagnostic:
        """The error, located (an unexpected key at the key itself)."""
        if self.unexpected is not None:
            return doc.key_diagnostic(self.pointer, f"invalid OpenAPI: {self.message}")
        return doc.diagnostic(self.pointer, f"invalid OpenAPI: {self.message}")


def check_openapi_schema(doc: SpecDocument) -> list[Diagnostic]:
    """Every error openapi-spec-validator finds, at the key it is about, with the most specific reason."""
    return [v.diagnostic(doc) for v in violations(doc)]


def violations(doc: SpecDocument) -> list[Violation]:
    """Every error openapi-spec-validator finds in `doc.data`, located, with the most specific reason.

    A document found clean before (but for its operations' text summaries and descriptions) is not checked again.
    """
    tools = cache.versions("openapi-spec-validator", "openapi-schema-validator", "jsonschema")
    entry = verdict_key(CLEAN, tools, Path(__file__), doc)
    if known_clean(CLEAN, entry):
        return []
    found = _violations(doc)
    if not found:
        remember_clean(CLEAN, entry)
    return found


def _violations(doc: SpecDocument) -> list[Violation]:
    is_30 = str(doc.data["openapi"]).startswith("3.0.")
    found: list[Violation] = []
    reasons: dict[tuple[str, ...], Any] | None = None
    schemas = functools.cache(
        lambda: list(iter_document_schemas(doc.data))
    )  # walked once, for every error that needs it
    try:
        validator = _validator(is_30)(doc.data)
        run_ahead(validator, doc.data)
        for error in validator.iter_errors():
            meta = hasattr(error, "follow_ups")  # a schema's meta-schema check (meta_checks.py): located already
            if _is_structural(error) and not meta and reasons is None:
                reasons = _reasons(doc, is_30)
            made = _violations_of(doc, error, None if meta else reasons, schemas)
            follow_ups = [
                v for more in getattr(error, "follow_ups", []) for v in _violations_of(doc, more, None, schemas)
            ]
            if made and follow_ups:
                made[-1] = replace(made[-1], follow_ups=tuple(follow_ups))
            found += made
    except Exception as exc:  # the validator raises on some broken documents instead of reporting
        found.append(Violation("", f"{type(exc).__name__}: {_plain(str(exc))}", "", None, False))
    located = [v for v in found if v.pointer]
    return located or found  # an error without a place repeats one that has a place (the schema check of a schema)


def _violations_of(
    doc: SpecDocument,
    error: Any,
    reasons: dict[tuple[str, ...], Any] | None,
    schemas: Callable[[], list[tuple[str, dict[str, Any]]]],
) -> list[Violation]:
    """The violations of one validator error (`reasons`: the most specific error below each failing object)."""
    path = tuple(str(p) for p in getattr(error, "path", []) or [])
    message = getattr(error, "message", str(error)).splitlines()[0]
    instance = getattr(error, "instance", None)
    validator = str(getattr(error, "validator", "") or "")
    schema: Any = None
    if _is_structural(error) and reasons is not None and path in reasons:
        reason = reasons[path]
        path, message, instance, validator, schema = (
            tuple(str(p) for p in reason.absolute_path),
            reason.message,
            reason.instance,
            str(reason.validator),
            reason.schema,
        )
    is_default = not _is_structural(error) and path[-1:] == ("default",)
    pointer = _locate(doc, list(path), error, schemas)
    keys = unexpected_keys(message)
    if keys and isinstance(instance, dict) and all(k in instance for k in keys):
        known = _known_keys(schema)
        found = []
        for key in keys:
            close = tuple(closest(key, known))
            message = _unexpected(key) + did_you_mean(list(close))
            found.append(Violation(join_pointer(*split_pointer(pointer), key), message, "", None, False, key, close))
        return found
    return [Violation(pointer, _plain(message, instance), validator, instance, is_default)]


def _validator(is_30: bool) -> Any:
    """openapi-spec-validator's validator for the version, whose check of a `default` says which default it is."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords

    base = OpenAPIV30SpecValidator if is_30 else OpenAPIV31SpecValidator
    values = keywords.OpenAPIV30ValueValidator if is_30 else keywords.OpenAPIV31ValueValidator

    class LocatedDefaults(values):  # type: ignore[misc, valid-type]
        def __call__(self, schema: Any, value: Any) -> Any:
            for error in super().__call__(schema, value):
                error.path.extendleft(reversed([*schema.parts, "default"]))
                yield error

    class Validator(base):  # type: ignore[misc, valid-type]
        keyword_validators = {
            **base.keyword_validators,
            "default": LocatedDefaults,
            "schema": remembering(base.keyword_validators["schema"]),
        }

    return Validator


def _known_keys(schema: Any) -> set[str]:
    """The keys an object of the OpenAPI schema may have: its properties, through allOf/anyOf/oneOf/if-then-else."""
    if not isinstance(schema, dict):
        return set()
    found = {str(k) for k in schema.get("properties") or {}} | {str(k) for k in schema.get("dependentSchemas") or {}}
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key) or []:
            found |= _known_keys(sub)
    for key in ("if", "then", "else"):
        found |= _known_keys(schema.get(key))
    for sub in (schema.get("dependentSchemas") or {}).values():
        found |= _known_keys(sub)
    return found


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
    keys = unexpected_keys(message)
    if keys:
        return "; ".join(_unexpected(key) for key in keys)
    return message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS] + "..."


def _locate(
    doc: SpecDocument, path: list[str], error: Any, schemas: Callable[[], list[tuple[str, dict[str, Any]]]]
) -> str:
    """The document pointer of an error: its path, or for a schema value check (a `default`) where it is."""
    if path and path[0] in doc.data:
        return _through_refs(doc.data, path)
    instance = getattr(error, "instance", None)
    for base, schema in schemas():
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


def _through_refs(data: Any, path: list[str]) -> str:
    """The pointer of the value a path reaches when it goes through local `$ref`s (where the value is written)."""
    node, pointer = data, ""
    for token in path:
        if isinstance(node, dict) and token not in node and isinstance(node.get("$ref"), str):
            node, pointer = deref(data, node, pointer, lenient=True)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return join_pointer(*path)
        pointer += "/" + escape_pointer_token(token)
    return pointer

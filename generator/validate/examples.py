"""Every example in a spec (media types, parameters, headers, schemas) validates against its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import escape_pointer_token, join_pointer, split_pointer
from ..openapi.refs import deref
from ..openapi.walk import iter_subschemas
from .lint import Lint

SPEC_URI = "urn:spec"


def iter_examples(doc: SpecDocument) -> Iterator[tuple[str, str, Any]]:
    """Yield (example pointer, schema pointer, example value) for every example outside schemas."""
    yield from _iter_holders(doc, doc.data, "")


def _iter_holders(doc: SpecDocument, node: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _iter_holders(doc, value, f"{pointer}/{index}")
        return
    if not isinstance(node, dict) or pointer.startswith("/components/schemas"):
        return
    if isinstance(node.get("schema"), dict):
        schema_pointer = pointer + "/schema"
        if "example" in node:
            yield pointer + "/example", schema_pointer, node["example"]
        for name, example in (node.get("examples") or {}).items():
            example_pointer = join_pointer(*split_pointer(pointer), "examples", name)
            example, example_pointer = deref(doc.data, example, example_pointer)
            if isinstance(example, dict) and "value" in example:
                yield example_pointer + "/value", schema_pointer, example["value"]
    for key, value in node.items():
        if key != "schema":
            yield from _iter_holders(doc, value, pointer + "/" + escape_pointer_token(key))


def iter_schema_examples(doc: SpecDocument) -> Iterator[tuple[str, str, Any]]:
    """Yield (example pointer, schema pointer, value) for `examples`/`example` inside component schemas."""
    for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
        for pointer, sub in iter_subschemas(schema, join_pointer("components", "schemas", name)):
            if "example" in sub:
                yield pointer + "/example", pointer, sub["example"]
            for index, value in enumerate(sub.get("examples") or [] if isinstance(sub.get("examples"), list) else []):
                yield f"{pointer}/examples/{index}", pointer, value


def schema_validator(doc: SpecDocument, schema_pointer: str) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for the schema at `schema_pointer`, with the document's $refs."""
    resource = Resource.from_contents(doc.data, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{schema_pointer}"},
        registry=registry,
        format_checker=FormatChecker(),
    )


def check_examples(doc: SpecDocument, lint: Lint | None = None) -> list[Diagnostic]:
    """Diagnostics (lint rule examples) for every example that does not validate against its schema."""
    lint = lint or Lint()
    found: list[Diagnostic] = []
    for example_pointer, schema_pointer, value in [*iter_examples(doc), *iter_schema_examples(doc)]:
        validator = schema_validator(doc, schema_pointer)
        try:
            errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
        except Exception as exc:  # a schema jsonschema cannot use
            message = f"cannot check the example {example_pointer}: {exc}".splitlines()[0][:300]
            found += lint.check(doc, "examples", schema_pointer, message)
            continue
        for error in errors:
            where = join_pointer(*split_pointer(example_pointer), *map(str, error.absolute_path))
            found += lint.check(doc, "examples", where, f"example does not match its schema: {error.message[:300]}")
    return found

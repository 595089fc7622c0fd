"""Every example in a spec (media types, parameters, headers, schemas) validates against its schema.

A document found clean before (but for its operations' text summaries and descriptions: verdicts.py) is not
checked again, so that the edit loop does not import jsonschema to check examples that did not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..openapi import cache
from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import escape_pointer_token, join_pointer, split_pointer
from ..openapi.refs import deref
from ..openapi.walk import iter_subschemas
from .lint import Lint
from .verdicts import lint_rule_remembered

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

RULE = "examples"
SPEC_URI = "urn:spec"
CLEAN = "examples-clean"  # the store's kind of a clean verdict (verdicts.py)


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


def schema_validators(doc: SpecDocument) -> Callable[[str], Draft202012Validator]:
    """JSON Schema 2020-12 validators for the document's schemas by pointer, with the document's $refs.

    The registry and the format checker are made once, not once per example (~15% of the check).
    """
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.validators import extend
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resource = Resource.from_contents(doc.data, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    formats = FormatChecker()
    guarded = extend(Draft202012Validator, {"pattern": _guarded_pattern})  # type: ignore[no-untyped-call]

    def validator(schema_pointer: str) -> Draft202012Validator:
        checker: Draft202012Validator = guarded(
            {"$ref": f"{SPEC_URI}#{schema_pointer}"}, registry=registry, format_checker=formats
        )
        return checker

    return validator


# A group holding a quantifier, itself quantified (BeezUP's URL pattern `([\/\w \.-]*)*`): on a string it does
# not match, a backtracking engine (Python's `re`) takes time exponential in the string's length.
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)[*+{]")


class UnsafePatternError(ValueError):
    """An example's pattern is not run: it could take exponential time (NESTED_QUANTIFIER)."""


def _guarded_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's `pattern`, but one that nests quantifiers is not run (the example is "cannot check")."""
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string"):
        return
    if NESTED_QUANTIFIER.search(pattern):
        raise UnsafePatternError(f"its pattern {pattern!r} nests quantifiers (exponential time on a mismatch): not run")
    if not re.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def check_examples(doc: SpecDocument, lint: Lint | None = None) -> list[Diagnostic]:
    """Diagnostics (lint rule examples) for every example that does not validate against its schema."""
    key = (cache.versions("jsonschema", "referencing"), Path(__file__))
    return lint_rule_remembered(doc, lint or Lint(), RULE, CLEAN, key, example_problems)


def example_problems(doc: SpecDocument) -> list[tuple[str, str]]:
    """(pointer, message) for each example that does not validate against its schema, or cannot be checked."""
    found: list[tuple[str, str]] = []
    validator_of = schema_validators(doc)
    for example_pointer, schema_pointer, value in [*iter_examples(doc), *iter_schema_examples(doc)]:
        validator = validator_of(schema_pointer)
        try:
            errors = sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))
        except Exception as exc:  # a schema jsonschema cannot use
            found.append((schema_pointer, f"cannot check the example {example_pointer}: {exc}".splitlines()[0][:300]))
            continue
        for error in errors:
            where = join_pointer(*split_pointer(example_pointer), *map(str, error.absolute_path))
            found.append((where, f"example does not match its schema: {error.message[:300]}"))
    return found

"""The meta-schema check of each schema, openapi-spec-validator's costliest step: remembered once passed, run ahead.

openapi-spec-validator checks each schema of the document against its JSON Schema dialect (a few ms to tens of
ms each). The result depends only on the schema, its dialect and the validators' versions, so a passed check is
remembered by that (in this process, and in generator/openapi/cache.py's store); a failed one runs again each time, so an
error is always the validator's own. On a large document the checks are first run ahead in worker processes
(`run_ahead`), so that the validator's own walk finds them passed.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import re
from collections.abc import Iterator
from typing import Any

from ..openapi import cache
from ..openapi.walk import HTTP_METHODS

META = "meta-schema-passed"
PASSED: set[str] = set()  # the entries of the schemas that passed the check in this process
AHEAD_MIN = 200  # schemas to check before worker processes are worth starting
MAX_WORKERS = 4
_AHEAD: tuple[Any, Any, list[tuple[str, Any]]] | None = None  # what the forked workers check


def entry(check: Any, schema: Any, value: Any) -> str | None:
    """The entry of one schema's check: its content, its dialect, the validators' versions; None when untold."""
    try:
        dialect = check._get_schema_dialect_id(schema, value) if hasattr(check, "_get_schema_dialect_id") else ""
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return None
    tools = cache.versions("openapi-spec-validator", "openapi-schema-validator", "jsonschema")
    return cache.key(_base(check).__qualname__, dialect, tools, text)


def _base(check: Any) -> Any:
    """openapi-spec-validator's own class of a remembering check (`remembering` subclasses it)."""
    return type(check).__mro__[1]


def remembering(base: Any) -> Any:
    """The validator's keyword class for schemas, its meta-schema check remembered when passed."""

    class RememberedMeta(base):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # The validator keeps the ids of the schemas it has seen in lists: a set keeps a large document linear.
            self.visited_schema_ids = _Ids()
            self.meta_checked_schema_ids = _Ids()

        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            """The dialect's check, with a `format: regex` that reads ECMA-262 (see ecma_format_checker)."""
            checker = super()._get_schema_checker(schema, schema_value)
            func = getattr(checker, "func", checker)
            found = getattr(checker, "keywords", {}).get("format_checker")
            found = found or getattr(getattr(func, "__self__", None), "FORMAT_CHECKER", None)
            return checker if found is None else functools.partial(func, format_checker=ecma_format_checker(found))

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            found = entry(self, schema, schema_value)
            if found is not None and (found in PASSED or cache.get(META, found) is not None):
                PASSED.add(found)
                return None
            error = super()._validate_schema_meta(schema, schema_value)
            if found is not None and error is None:
                PASSED.add(found)
                cache.put(META, found, b"")
            elif error is not None and isinstance(getattr(error, "validator", None), str):  # the dialect's error
                # The error's path is within the schema checked: made the document's path of the schema, so that
                # it is located there, not at the first schema elsewhere with the same shape (one reading a round).
                where = [str(part) for part in schema.parts]
                error.path.extendleft(reversed(where))
                error.follow_ups = _follow_ups(self, schema, schema_value, error, where)
            return error

    return RememberedMeta


# What ECMA-262 (JSON Schema's regular expressions) writes that Python's `re` does not: Unicode property classes
# (`\p{L}`, CloudFront's tag keys), `\u{1F600}`, and named groups without the P (`(?<year>...)`).
ECMA_ONLY = re.compile(r"\\[pP]\{[A-Za-z_=]+\}|\\u\{[0-9A-Fa-f]{1,6}\}|\(\?<(?=[A-Za-z_])")


def is_ecma_regex(instance: object) -> bool:
    """`format: regex` as JSON Schema means it (ECMA-262): what `re` cannot read of it is read as a letter."""
    if not isinstance(instance, str):
        return True
    return bool(re.compile(ECMA_ONLY.sub(lambda m: "(?P<" if m.group().startswith("(") else "x", instance)))


@functools.cache
def ecma_format_checker(checker: Any) -> Any:
    """A copy of a format checker whose `regex` is `is_ecma_regex` (the validators' own is Python's `re`)."""
    from jsonschema import FormatChecker

    copied = FormatChecker(())
    copied.checkers = {**checker.checkers}
    if "regex" in copied.checkers:
        copied.checks("regex", raises=re.error)(is_ecma_regex)
    return copied


def _follow_ups(check: Any, schema: Any, value: Any, error: Any, where: list[str]) -> list[Any]:
    """The schema's other meta-schema errors, after the one the check reports (the first), located as it is.

    The validator reports a schema's first error only, so a schema with two errors (two boolean
    `exclusiveMinimum`s) would take one reading a round; validate/lenient.py reads these after the first.
    Empty when the check is not the one these repeat (then the rounds find them, one at a time).
    """
    from jsonschema.validators import validator_for
    from openapi_schema_validator.validators import OPENAPI_SPECIFICATIONS  # type: ignore[attr-defined]

    try:
        checker = check._get_schema_checker(schema, value)
        meta_cls = getattr(getattr(checker, "func", checker), "__self__", None)
        if meta_cls is None or not hasattr(meta_cls, "META_SCHEMA"):
            return []
        cls = validator_for(meta_cls.META_SCHEMA, default=meta_cls)
        options = getattr(checker, "keywords", {})
        format_checker = options.get("format_checker", cls.FORMAT_CHECKER)
        meta = cls(meta_cls.META_SCHEMA, format_checker=format_checker, registry=OPENAPI_SPECIFICATIONS)
        found = list(meta.iter_errors(value))  # as check_schema finds them (openapi-schema-validator's registry)
    except Exception:  # noqa: BLE001 - no follow-ups: the next round finds the next error
        return []
    if not found or found[0].message != error.message or [*where, *found[0].path] != list(error.path):
        return []  # not the check the validator ran: leave the next error to the next round
    follow_ups = []
    for other in found[1:]:
        copy = type(error).create_from(other)
        copy.path.extendleft(reversed(where))
        follow_ups.append(copy)
    return follow_ups


class _Ids(set[int]):
    """A set that the validator can `append` to, as to the list it made."""

    def append(self, value: int) -> None:
        self.add(value)


def run_ahead(validator: Any, data: dict[str, Any]) -> None:
    """Check the document's schemas in worker processes (forked; two or more cores), remembering those that pass.

    Only where it pays: a document with at least AHEAD_MIN schemas not yet remembered. The validator's walk
    then runs each check that is not remembered (failed, or a schema not found here) itself.
    """
    global _AHEAD
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    check, root = validator.keyword_validators_registry["schema"], validator.schema_path
    todo: dict[str, Any] = {}
    for value in _schemas(data):
        if isinstance(value, dict) and value.keys() == {"$ref"}:
            continue  # the validator checks the schema it refers to, found here under components
        found = entry(check, root, value)
        if found is not None and found not in PASSED and found not in todo and cache.get(META, found) is None:
            todo[found] = value
    if len(todo) < AHEAD_MIN:
        return
    _AHEAD = (check, root, list(todo.items()))
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for passed in pool.imap_unordered(_check, range(len(todo)), chunksize=8):
                if passed is not None:
                    PASSED.add(passed)
                    cache.put(META, passed, b"")
    except OSError:
        return  # no worker could start: the validator's walk checks them
    finally:
        _AHEAD = None


def _check(index: int) -> str | None:
    """In a worker: the entry of the index-th schema when it passes the check, else None."""
    assert _AHEAD is not None
    check, root, todo = _AHEAD
    found, value = todo[index]
    return found if _base(check)._validate_schema_meta(check, root, value) is None else None


def _schemas(data: dict[str, Any]) -> Iterator[Any]:
    """The schemas the validator checks on its own (the others are inside these): components, and those of
    parameters, headers and media types, wherever they are written."""
    components = data.get("components")
    components = components if isinstance(components, dict) else {}
    for value in _values(components.get("schemas")):
        yield value
    for section in ("parameters", "headers", "requestBodies", "responses"):
        for value in _values(components.get(section)):
            yield from _holders(value)
    for path_item in _values(data.get("paths")):
        if not isinstance(path_item, dict):
            continue
        for parameter in _items(path_item.get("parameters")):
            yield from _holders(parameter)
        for method, operation in path_item.items():
            if method in HTTP_METHODS and isinstance(operation, dict):
                for parameter in _items(operation.get("parameters")):
                    yield from _holders(parameter)
                yield from _holders(operation.get("requestBody"))
                for response in _values(operation.get("responses")):
                    yield from _holders(response)


def _holders(node: Any) -> Iterator[Any]:
    """The schema of a parameter or header, and those of each media type and header of a body or response."""
    if not isinstance(node, dict):
        return
    if isinstance(node.get("schema"), dict):
        yield node["schema"]
    for media in _values(node.get("content")):
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            yield media["schema"]
    for header in _values(node.get("headers")):
        yield from _holders(header)


def _values(node: Any) -> list[Any]:
    return list(node.values()) if isinstance(node, dict) else []


def _items(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []

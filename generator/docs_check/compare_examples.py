"""The page's examples against the spec: present and equal (elided parts aside), every field in them in the schema,
and the request URL's parameters declared with the same example values."""

from __future__ import annotations

import json
import re
from typing import Any

from ..openapi.pointer import escape_pointer_token, join_pointer, split_pointer
from ..openapi.refs import deref
from .compare_fields import Parameters
from .drift import DriftLog
from .fix import Edit, Fix
from .fixes import child, is_plain, one, plain, value_schema
from .page import DocExample
from .pseudo_json import OpenDict, OpenList
from .schema_facts import properties

_SHOWN = 5  # differences reported per example


def differences(page: Any, spec: Any, pointer: str = "") -> list[str]:
    """JSON pointers where the spec's value does not match the page's (elided parts of the page match anything)."""
    if isinstance(page, dict):
        if not isinstance(spec, dict):
            return [pointer]
        found: list[str] = []
        for key, value in page.items():
            child = pointer + "/" + escape_pointer_token(key)
            found += differences(value, spec[key], child) if key in spec else [child]
        if not isinstance(page, OpenDict):
            found += [pointer + "/" + escape_pointer_token(key) for key in spec if key not in page]
        return found
    if isinstance(page, list):
        if (
            not isinstance(spec, list)
            or len(page) > len(spec)
            or (len(page) != len(spec) and not isinstance(page, OpenList))
        ):
            return [pointer]
        return [d for index, item in enumerate(page) for d in differences(item, spec[index], f"{pointer}/{index}")]
    same = type(page) is type(spec) or {type(page), type(spec)} == {int, float}
    return [] if same and page == spec else [pointer]


def compare_example(log: DriftLog, example: DocExample, media_pointer: str, role: str) -> None:
    """The page's example is one of the media type's examples (the `docs` one when none matches)."""
    media, where = deref(log.doc.data, {"$ref": "#" + media_pointer}, media_pointer)
    examples = media.get("examples") if isinstance(media, dict) else None
    if not isinstance(examples, dict) or not examples:
        fix = None
        if is_plain(example.value) and isinstance(media, dict):
            fix = one("example", Edit("set", where + "/examples", {"docs": {"value": plain(example.value)}}))
        log.add(example.line, where, f"the page's {role} example is not in the spec (no `examples`)", fix)
        return
    values = {name: entry.get("value") for name, entry in examples.items() if isinstance(entry, dict)}
    if any(not differences(example.value, value) for value in values.values()):
        return
    name = "docs" if "docs" in values else next(iter(values))
    base = join_pointer(*split_pointer(where), "examples", name, "value")
    found = differences(example.value, values[name])
    for pointer in found[:_SHOWN]:
        log.add(
            example.line_of(pointer),
            base + pointer,
            f"the page's {role} example differs at {pointer or '/'}: {_describe(example.value, values[name], pointer)}",
            _example_fix([(base, pointer, example.value)]),
        )
    if len(found) > _SHOWN:
        rest = [(base, pointer, example.value) for pointer in found[_SHOWN:]]
        log.add(
            example.line,
            base,
            f"the page's {role} example differs in {len(found) - _SHOWN} more place(s)",
            _example_fix(rest),
        )


def _example_fix(places: list[tuple[str, str, Any]]) -> Fix | None:
    """The page's values at the differing places (a value gone from the page removed); None when one of them is
    elided on the page."""
    edits: list[Edit] = []
    for base, pointer, page in places:
        value = _at(page, pointer)
        if not pointer or not is_plain(value):
            return None
        if value is _MISSING:
            edits.append(Edit("delete", base + pointer))
        else:
            edits.append(Edit("set", base + pointer, plain(value)))
    return one("example", *edits)


def _describe(page: Any, spec: Any, pointer: str) -> str:
    page_value, spec_value = _at(page, pointer), _at(spec, pointer)
    return f"the page has {_short(page_value)}, the spec {_short(spec_value)}"


def _at(value: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return _MISSING
    return value


_MISSING: Any = object()


def _short(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def unknown_fields(log: DriftLog, example: DocExample, node: Any, pointer: str, role: str) -> None:
    """Every object key in the page's example is a property of its schema (maps and free-form objects aside)."""
    for value_pointer, key, schema_pointer, value in _walk(log.doc.data, example.value, node, pointer, ""):
        schema = value_schema(value)
        log.add(
            example.line_of(value_pointer),
            schema_pointer,
            f"field {key!r} (in the page's {role} example at {value_pointer or '/'}) is not in the spec",
            one("new field", Edit("set", child(schema_pointer, key), schema)) if schema else None,
        )


def _walk(data: dict[str, Any], value: Any, node: Any, pointer: str, at: str) -> list[tuple[str, str, str, Any]]:
    target, where = deref(data, node, pointer)
    if not isinstance(target, dict):
        return []
    if isinstance(value, list) and isinstance(target.get("items"), dict):
        return [
            f for i, item in enumerate(value) for f in _walk(data, item, target["items"], where + "/items", f"{at}/{i}")
        ]
    if not isinstance(value, dict):
        return []
    members = [(m, f"{where}/{k}/{i}") for k in ("oneOf", "anyOf") for i, m in enumerate(target.get(k) or [])]
    if members:
        choices = [_walk(data, value, member, member_pointer, at) for member, member_pointer in members]
        return min(choices, key=len)
    props, _, object_pointer = properties(data, node, pointer)
    extra = target.get("additionalProperties")
    found: list[tuple[str, str, str, Any]] = []
    for key, item in value.items():
        child_at = at + "/" + escape_pointer_token(key)
        if key in props:
            found += _walk(
                data, item, props[key], join_pointer(*split_pointer(object_pointer), "properties", key), child_at
            )
        elif isinstance(extra, dict):
            found += _walk(data, item, extra, object_pointer + "/additionalProperties", child_at)
        elif props:
            found.append((child_at, key, object_pointer + "/properties", item))
    return found


def compare_url(log: DriftLog, example: DocExample, op_pointer: str, path: str, params: Parameters) -> None:
    """The request example's URL: its query parameters and path values are the spec's parameter examples."""
    values = dict(example.query)
    if example.path is not None:
        names = re.findall(r"\{(\w+)\}", path)
        pattern = "^" + re.sub(r"\\\{\w+\\\}", "([^/]+)", re.escape(path)) + "$"
        match = re.match(pattern, example.path)
        if match is None:
            log.add(example.line, op_pointer, f"the request example's URL path {example.path} does not fit {path}")
        else:
            values.update(zip(names, match.groups(), strict=True))
    for name, text in values.items():
        place = "query" if name in example.query else "path"
        if (name, place) not in params:
            log.add(
                example.line,
                op_pointer + "/parameters",
                f"the request example sends {place} parameter {name!r}, which is not in the spec",
            )
            continue
        param, where = params[(name, place)]
        if "example" in param and _as_text(param["example"]) != text:
            log.add(
                example.line,
                where + "/example",
                f"the request example sends {name}={text}, the spec's example is {_as_text(param['example'])}",
                one("example", Edit("set", where + "/example", _typed(text, param["example"]))),
            )


def _typed(text: str, like: Any) -> Any:
    """A URL's text as a value of the type of the spec's example."""
    if isinstance(like, bool):
        return text == "true"
    if isinstance(like, int) and text.lstrip("-").isdigit():
        return int(text)
    return text


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)

"""JSON-or-stream operations: an event stream next to other success media, the server choosing by the request.

Such an operation is two methods, as mature SDKs offer it (OpenAI's `create(..., stream=True)`): the
ordinary one, built from the other media as if the event stream were not there, and its `_stream` twin
(`_events` when a bytes method's raw stream has that name), which asks for `text/event-stream` and yields
the typed events. When the request body (JSON object,
through $ref and allOf, or a form or multipart body) has a boolean `stream` property, each method sets
it itself (false, true) and it is no argument of either. Each method reads only its own media types
(`Operation.expects`): a success of the other form raises the runtime's UnexpectedContentTypeError.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.refs import deref
from .ir import BodyFlag, Operation, Param, ParamLocation, RequestKind, ResponseKind, ResponseVariant
from .ir_types import TypeRef

FLAG = "stream"
SPARE_SUFFIX = "_events"  # the twin's name when `<method>_stream` is taken (a bytes method's raw stream is so named)
FLAG_LOCATIONS = (ParamLocation.BODY, ParamLocation.FORM, ParamLocation.MULTIPART)


def body_properties(data: dict[str, Any], schema: Any) -> Iterator[tuple[str, Any]]:
    """(name, schema) of every property of an object schema, followed through $ref and allOf."""
    pending, seen = [schema], set()
    while pending:
        resolved, _ = deref(data, pending.pop(0), "")
        if not isinstance(resolved, dict) or id(resolved) in seen:
            continue
        seen.add(id(resolved))
        properties = resolved.get("properties")
        yield from (properties.items() if isinstance(properties, dict) else ())
        parts = resolved.get("allOf")
        pending += parts if isinstance(parts, list) else []


def is_boolean(data: dict[str, Any], schema: Any) -> bool:
    """A boolean schema, null allowed (`type: [boolean, "null"]`, `nullable`, `anyOf: [boolean, null]`)."""
    resolved, _ = deref(data, schema, "")
    if not isinstance(resolved, dict):
        return False
    declared = resolved.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if declared else set()
    members = resolved.get("anyOf") or resolved.get("oneOf")
    if isinstance(members, list) and not types:
        kinds = [_member_kind(data, m) for m in members]
        return "boolean" in kinds and set(kinds) <= {"boolean", "null"}
    return "boolean" in types and types <= {"boolean", "null"}


def _member_kind(data: dict[str, Any], schema: Any) -> str:
    resolved, _ = deref(data, schema, "")
    declared = resolved.get("type") if isinstance(resolved, dict) else None
    return declared if isinstance(declared, str) else "other"


def has_flag(data: dict[str, Any], body: Any) -> bool:
    """Whether the body schema has a boolean `stream` property (the first one found decides)."""
    return next((is_boolean(data, schema) for name, schema in body_properties(data, body) if name == FLAG), False)


def selector(data: dict[str, Any], body: Any) -> str:
    """A request field that evidently selects the event stream when there is no flag: one named for streams
    (`stream_format`) or offering `sse`; "" when none is."""
    for name, schema in body_properties(data, body):
        resolved, _ = deref(data, schema, "")
        enum = resolved.get("enum") if isinstance(resolved, dict) else None
        if "stream" in str(name).lower() or (isinstance(enum, list) and "sse" in enum):
            return str(name)
    return ""


def take_flag(
    data: dict[str, Any], kind: RequestKind | None, body: Any, params: list[Param]
) -> tuple[BodyFlag | None, list[Param]]:
    """The body's `stream` flag (value: the ordinary method's, false) and the arguments without it."""
    if kind is None or kind == RequestKind.CONTENT or not has_flag(data, body):
        return None, params
    found = next((p for p in params if p.location in FLAG_LOCATIONS and p.wire_name == FLAG), None)
    if found is not None:
        return BodyFlag(FLAG, found.python_name, False), [p for p in params if p is not found]
    if kind == RequestKind.JSON and any(p.location == ParamLocation.BODY_VALUE for p in params):
        return BodyFlag(FLAG, "", False), params  # one `body` argument: the flag is set in what it dumps to
    return None, params


def forms(
    ordinary: Operation,
    events: tuple[ResponseKind, TypeRef | None, str, tuple[ResponseVariant, ...]],
    selected_by: str,
) -> tuple[Operation, Operation]:
    """The ordinary method and its `_stream` twin of one JSON-or-stream operation."""
    _, event_type, accept, variants = events
    twin_name = ordinary.method_name + "_stream"
    flag = ordinary.flag
    twin = replace(
        ordinary,
        method_name=twin_name,
        response_kind=ResponseKind.EVENTS,
        response_type=event_type,
        accept=accept,
        responses=variants,
        expects=_media_of(variants),
        pair=ordinary.method_name,
        flag=replace(flag, value=True) if flag else None,
        body_optional=ordinary.body_optional and flag is None,  # with a flag, the twin always sends its body
        selector="" if flag else selected_by,
    )
    first = replace(ordinary, expects=_media_of(ordinary.responses), pair=twin_name, selector=twin.selector)
    return first, twin


def _media_of(variants: tuple[ResponseVariant, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.media_type for v in variants if v.media_type))


def note(doc: SpecDocument, pointer: str, ordinary: Operation, twin: Operation, taken: str = "") -> Diagnostic:
    """How a JSON-or-stream operation was generated (lint rule operation-shape, never above a warning); `taken`:
    what already has the twin's name, which left the twin out."""
    reads = ", ".join(ordinary.expects)
    if taken:
        how = f"one method, {ordinary.method_name} (reads {reads}); its event-stream twin is left out: {taken}"
    elif ordinary.flag:
        how = (
            f"two methods, {ordinary.method_name} sends `{FLAG}: false` and reads {reads}; "
            f"{twin.method_name} sends `{FLAG}: true` and yields the events"
        )
    else:
        chooser = f"`{twin.selector}` selects which" if twin.selector else "no request field evidently selects which"
        how = (
            f"two methods, {ordinary.method_name} reads {reads}, {twin.method_name} yields the events; the body has no boolean "
            f"`{FLAG}`: {chooser} the server sends"
        )
    return doc.diagnostic(
        pointer + "/responses", f"JSON or an event stream, chosen by the request: generated as {how}", "warning"
    )


def keep_twins(
    doc: SpecDocument, pointers: dict[tuple[str, str], str], resources: dict[str, list[Operation]]
) -> list[Diagnostic]:
    """Name a twin `<method>_events` when `<method>_stream` is taken, drop it when that is taken too or its
    declaration's name is (never overwritten; its ordinary method then names no twin), in place; a note per
    JSON-or-stream operation of how it was generated."""
    consts = {op.const_name for ops in resources.values() for op in ops if not op.twin}
    notes = []
    for ops in resources.values():
        methods = {op.method_name for op in ops if not op.twin}
        methods |= {op.method_name + "_stream" for op in ops if op.streams and not op.twin}
        ordinary = {op.method_name: op for op in ops if op.pair and not op.twin}
        for twin in [op for op in ops if op.twin]:
            first = ordinary[twin.pair]
            pointer = pointers[(twin.http_method, twin.path)]
            taken = ""
            spare = first.method_name + SPARE_SUFFIX
            if twin.method_name in methods and spare not in methods:  # `_stream` is taken (a byte stream's, say)
                renamed = replace(twin, method_name=spare)
                ops[ops.index(twin)] = renamed
                ops[ops.index(first)] = first = replace(first, pair=spare)
                twin = renamed
            if twin.method_name in methods:
                taken = f"other methods are named {first.method_name}_stream and {spare}"
            elif twin.const_name in consts:
                taken = f"another operation's declaration is named {twin.const_name}"
            if taken:
                ops.remove(twin)
                ops[ops.index(first)] = replace(first, pair="")
            methods.add(twin.method_name)
            consts.add(twin.const_name)
            notes.append(note(doc, pointer, first, twin, taken))
    return notes

"""Answers built from the spec alone: for operations without a hand-written handler, and specs without an app.

The reply is the operation's first documented 2xx response (or the documented one a `Prefer: code=204`
header names, an error status too): its first named example (or `example`), else a value made from its schema, in
the media type the request's Accept names when documented, else JSON, else the first one.
`text/event-stream` answers events and other binary types bytes, both sent in small pieces as
they are made (streams.py); `text/*` answers text, in the charset its media type names (else UTF-8);
a response without content an empty body.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from generator.openapi.media import media_charset, media_essence

from . import envelopes
from .calls import Call, Problem, Reply
from .envelopes import ApiError
from .ids import IdSequence
from .specs import Operation, Service
from .streams import Streamed, byte_pieces, event_pieces

MAX_DEPTH = 8
FORMAT_VALUES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
}


class GenericApp:
    """The app of a spec without hand-written handlers: accepts any token, answers from the spec."""

    def __init__(self, service: Service, instance_ids: IdSequence) -> None:
        self.service = service
        self.ids = instance_ids

    def authorize(self, call: Call) -> None:
        """Every accepted token may call every operation."""

    def prevalidate(self, call: Call, raw_query: dict[str, str]) -> None:
        """Nothing comes before generic validation."""

    def invalid(self, call: Call, problems: list[Problem]) -> ApiError:
        """400 (or 422 when only that is documented) in the service's envelope, listing the problems."""
        info = {"problems": [f"{p.location} {p.name}: {p.message}".strip() for p in problems[:20]]}
        documented = call.operation.responses
        status = 422 if "422" in documented and "400" not in documented else 400
        return envelopes.http_error(self.service.style, status, self.ids.next_uuid(), info)

    def handles(self, operation_id: str) -> bool:
        """No operation has a hand-written handler."""
        return False

    def handle(self, call: Call) -> Reply:
        """Answer from the spec."""
        return spec_reply(call.operation)

    def decorate(self, call: Call, reply: Reply) -> None:
        """No per-service headers."""


def spec_reply(op: Operation, headers: Mapping[str, str] | None = None) -> Reply:
    """The operation's first documented success (or the documented response `Prefer: code=` names, an error
    included: a problem+json one, say), with a body from its examples or schema."""
    headers = headers or {}
    statuses = sorted(s for s in op.responses if s.isdigit() and s.startswith("2"))
    preferred = _preferred_status(headers.get("prefer"))
    if preferred is not None and preferred.isdigit() and preferred in op.responses:
        status = preferred
    elif statuses:
        status = statuses[0]
    else:
        return Reply(200, None)
    response = op.responses[status]
    if not response.media_types:
        return Reply(int(status), None)
    media = _chosen_media(response.media_types, headers.get("accept", ""))
    node = op.service.resolve(op.service.at(response.pointer))[0]
    content = (node.get("content") or {}).get(media) or {}
    value = example_of(op.service, content)
    schema = content.get("schema")
    if value is None and schema is not None:
        value = instance_of(op.service, schema)
    base = media_essence(media)
    if base.endswith("json"):  # application/json, every +json (problem+json), and the like
        return Reply(int(status), value, media_type=media)
    if base == "text/event-stream":
        return Reply(int(status), Streamed(event_pieces(value)), media_type=media)
    text = value if isinstance(value, str) and value else f"{op.operation_id} content\n"
    if base.startswith("text/"):
        charset = media_charset(media) or "utf-8"  # the spec's charset, else UTF-8: declared either way
        return Reply(int(status), text.encode(charset), media_type=f"{base}; charset={charset}")
    return Reply(int(status), Streamed(byte_pieces(text.encode())), media_type=media)


def _chosen_media(documented: tuple[str, ...], accept: str) -> str:
    """The documented media type the Accept header names (parameters ignored), else JSON, else the first."""
    accepted = {media_essence(m) for m in accept.split(",")}
    named = next((m for m in documented if media_essence(m) in accepted), None)
    return named or next((m for m in documented if media_essence(m) == "application/json"), documented[0])


def _preferred_status(prefer: str | None) -> str | None:
    """The status a `Prefer: code=204` header asks for (the convention of mock servers such as Prism)."""
    for part in (prefer or "").split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "code":
            return value.strip()
    return None


def example_of(service: Service, holder: dict[str, Any]) -> Any:
    """The first named example's value, else `example`, else None."""
    for example in (holder.get("examples") or {}).values():
        value = service.resolve(example)[0]
        if isinstance(value, dict) and "value" in value:
            return value["value"]
    return holder.get("example")


def _write_only(service: Service, schema: Any) -> bool:
    """True for a `writeOnly` property: required only in requests, never in a reply."""
    resolved = service.resolve(schema)[0] if schema is not None else None
    return isinstance(resolved, dict) and resolved.get("writeOnly") is True


def instance_of(service: Service, schema: Any, depth: int = 0) -> Any:
    """A reply's value the schema accepts: examples first, then const/enum, then the smallest value of its type
    (an object's required properties, but for `writeOnly` ones)."""
    schema = service.resolve(schema)[0]
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return instance_of(service, schema[key][0], depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = instance_of(service, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties") or {}
        sent = [name for name in schema.get("required") or [] if not _write_only(service, properties.get(name))]
        return {name: instance_of(service, properties.get(name, {}), depth + 1) for name in sent}
    if kind == "array":
        count = int(schema.get("minItems") or 0)
        return [instance_of(service, schema.get("items", {}), depth + 1) for _ in range(max(count, 1))]
    return _scalar(kind, schema)


@functools.lru_cache(maxsize=256)
def matching(pattern: str) -> str:
    """The simplest string that matches a pattern (hypothesis shrinks to it, so it is always the same)."""
    from hypothesis import find, settings
    from hypothesis import strategies as st

    found: str = find(st.from_regex(pattern, fullmatch=True), lambda _: True, settings=settings(database=None))
    return found


def _scalar(kind: Any, schema: dict[str, Any]) -> Any:
    if kind == "string" and isinstance(schema.get("pattern"), str):
        return matching(schema["pattern"])
    if kind == "string":
        text = FORMAT_VALUES.get(str(schema.get("format")), "string")
        return text.ljust(int(schema.get("minLength") or 0), "x")
    if kind in ("integer", "number"):
        value = max(int(schema.get("minimum", 0)), int(schema.get("exclusiveMinimum", -1)) + 1)
        return value if kind == "integer" else float(value)
    if kind == "boolean":
        return True
    return None

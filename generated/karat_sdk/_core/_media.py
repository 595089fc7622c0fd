# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Media types by kind: every `+json` type is JSON, `text/*` is text, `text/event-stream` is events."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class MediaKind(enum.Enum):
    """How a body of a media type is read or written."""

    JSON = "json"  # application/json and every */*+json (problem+json, merge-patch+json, vnd.*+json)
    TEXT = "text"  # text/* (charset honoured), except event streams
    EVENT_STREAM = "event-stream"  # text/event-stream: Server-Sent Events
    FORM = "form"  # application/x-www-form-urlencoded
    MULTIPART = "multipart"  # multipart/*
    BINARY = "binary"  # anything else: bytes


def essence(media_type: str | None) -> str:
    """The media type without parameters, lower-cased (`Application/JSON; charset=utf-8` -> `application/json`)."""
    return (media_type or "").split(";", 1)[0].strip().lower()


def media_kind(media_type: str | None) -> MediaKind:
    """The kind of a media type (a Content-Type header value or a spec's media type key)."""
    base = essence(media_type)
    if base == "text/event-stream":
        return MediaKind.EVENT_STREAM
    if base == "application/json" or base.endswith("+json") or base == "*/*+json":
        return MediaKind.JSON
    if base.startswith("text/"):
        return MediaKind.TEXT
    if base == "application/x-www-form-urlencoded":
        return MediaKind.FORM
    if base.startswith("multipart/"):
        return MediaKind.MULTIPART
    return MediaKind.BINARY


def is_json(media_type: str | None) -> bool:
    """True for application/json and every `+json` media type."""
    return media_kind(media_type) is MediaKind.JSON


def matches(pattern: str, media_type: str | None) -> bool:
    """Whether a response's media type matches a spec's media type key (`*/*`, `text/*`, exact; parameters ignored)."""
    wanted, got = essence(pattern), essence(media_type)
    if wanted in ("*/*", "") or wanted == got:
        return True
    kind, _, sub = wanted.partition("/")
    return sub == "*" and got.startswith(kind + "/")


@dataclass(frozen=True)
class Expects:
    """The success media types one method reads (`Operation.expects`): each form of a JSON-or-stream operation.

    A Content-Type of another kind raises UnexpectedContentTypeError: JSON is never read as events, nor
    events as JSON. Kinds, not exact types, are compared (a documented `application/octet-stream` accepts
    `audio/mpeg`, any `+json` is JSON); a success without a Content-Type passes unless only events are read.
    """

    method: str  # the SDK method, for the message
    media_types: tuple[str, ...]

    def accepts(self, content_type: str | None) -> bool:
        """Whether a success with this Content-Type is one the method reads."""
        kinds = {media_kind(m) for m in self.media_types}
        if not essence(content_type):
            return kinds != {MediaKind.EVENT_STREAM}
        return media_kind(content_type) in kinds

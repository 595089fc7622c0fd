# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Success responses that differ by status and media type: the variant a response is, and its value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._media import MediaKind, matches, media_kind
from ._response import ApiResponse


@dataclass(frozen=True)
class ResponseVariant:
    """One success response an operation declares: status (`200`, `2XX`, `default`), media type and type.

    `media_type` None: no body (the value is None). `type` None: the body as the media kind gives it
    (JSON as parsed, text as `str`, anything else as `bytes`); else JSON is validated into `type`.
    """

    status: str
    media_type: str | None = "application/json"
    type: Any = None


def _status_matches(pattern: str, status: int) -> int:
    """How well `pattern` names `status`: 3 exactly, 2 its range (`2XX`), 1 `default`, 0 not at all."""
    if pattern == str(status):
        return 3
    if len(pattern) == 3 and pattern[1:].upper() == "XX" and pattern[0] == str(status)[0]:
        return 2
    return 1 if pattern == "default" else 0


def choose_variant(response: ApiResponse, variants: Sequence[ResponseVariant]) -> ResponseVariant | None:
    """The declared variant `response` is: by status (exact, range, default), then by media type."""
    ranked = sorted(
        (v for v in variants if _status_matches(v.status, response.status_code)),
        key=lambda v: -_status_matches(v.status, response.status_code),
    )
    if not ranked:
        return None
    best = _status_matches(ranked[0].status, response.status_code)
    same = [v for v in ranked if _status_matches(v.status, response.status_code) == best]
    empty = not response.content
    content_type = response.headers.get("Content-Type")
    for variant in same:
        if variant.media_type is None and (empty or len(same) == 1):
            return variant
        if variant.media_type is not None and not empty and matches(variant.media_type, content_type):
            return variant
    bodiless = next((v for v in same if v.media_type is None), None)
    return bodiless if empty and bodiless is not None else same[0]


def read_variant(response: ApiResponse, variants: Sequence[ResponseVariant]) -> Any:
    """The value of a success response: None without a body, else its body as its variant says.

    A response whose status no variant names is read by its Content-Type (empty: None), so a 200
    where the spec says 201 still gives its body.
    """
    variant = choose_variant(response, variants)
    if variant is None:
        if not response.content:
            return None
        variant = ResponseVariant(str(response.status_code), response.headers.get("Content-Type") or "")
    if variant.media_type is None:
        return None
    kind = media_kind(variant.media_type)
    if kind is MediaKind.JSON:
        return response.json() if variant.type is None else response.parse(variant.type)
    if kind in (MediaKind.TEXT, MediaKind.EVENT_STREAM):
        return response.text
    return response.content

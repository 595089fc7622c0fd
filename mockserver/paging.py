"""Offset pages behind opaque signed tokens bound to the query they came from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from .ids import TokenCodec

T = TypeVar("T")


def fingerprint(query: Any) -> str:
    """A short stable hash of a query (what a token must come back with)."""
    return hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Pager:
    """Cuts listings into pages; tokens carry the offset and the query fingerprint, signed."""

    def __init__(self, codec: TokenCodec) -> None:
        self.codec = codec

    def offset(self, token: Any, query: Any) -> int | None:
        """The offset a token stands for, or None when it is not a token of this query."""
        payload = self.codec.decode(token)
        if payload is None or payload.get("q") != fingerprint(query):
            return None
        offset = payload.get("o")
        return offset if isinstance(offset, int) and offset >= 0 else None

    def page(self, items: Sequence[T], offset: int, size: int, query: Any) -> tuple[list[T], str | None]:
        """One page from `offset` and the token of the next page (None on the last page)."""
        end = offset + size
        token = self.codec.encode({"q": fingerprint(query), "o": end}) if end < len(items) else None
        return list(items[offset:end]), token

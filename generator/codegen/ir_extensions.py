"""The `x-` extensions, parsed once into frozen values that mirror the runtime's specs (spec/README.md).

validate/extensions.py has checked their shape; past here nothing reads them as dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Lookup:
    """x-pagination.lookup: items as a map (`collections` by name) keyed by `key`, chosen `by` a field."""

    key: str | None
    by: str | None
    collections: tuple[tuple[str, str], ...]  # (name, pointer), in the document's order


@dataclass(frozen=True)
class Pagination:
    """x-pagination: where the cursor goes and comes from, where the items and the page size are."""

    cursor_param: str
    cursor_in: str
    next_cursor: str
    items: str
    page_size_param: str | None = None
    page_size_in: str | None = None
    total: str | None = None
    lookup: Lookup | None = None


@dataclass(frozen=True)
class Batch:
    """x-batch: keys sent in chunks of `max_size` as `[{item_key: key}, ...]`, the answers merged at `merge`."""

    max_size: int
    item_key: str
    merge: str


@dataclass(frozen=True)
class Unwrap:
    """x-unwrap: the method returns the value at `value`, or the entry `key` of the map at `collection`."""

    value: str | None = None
    key: str | None = None
    collection: str | None = None

    def fields(self) -> tuple[tuple[str, str], ...]:
        """The given (name, pointer) pairs, sorted by name."""
        pairs = (("collection", self.collection), ("key", self.key), ("value", self.value))
        return tuple((name, pointer) for name, pointer in pairs if pointer is not None)


@dataclass(frozen=True)
class Preview:
    """x-preview: a constant query parameter the SDK sends on every call."""

    param: str
    value: str  # as it goes on the wire


@dataclass(frozen=True)
class ErrorEnvelope:
    """x-error-envelope: pointers into an error body, by what they hold; sorted (name, pointer) pairs."""

    pointers: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str | None:
        """The pointer of one part (`parameters`, `key`, ...), if the envelope names it."""
        return dict(self.pointers).get(name)


def wire_text(value: Any) -> str:
    """A JSON scalar as a query string holds it (`true`, not `True`)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def pagination(raw: Any) -> Pagination | None:
    """x-pagination of an operation."""
    if not isinstance(raw, dict):
        return None
    size = raw.get("page-size") or {}
    lookup = raw.get("lookup")
    return Pagination(
        cursor_param=str(raw["cursor"]["param"]),
        cursor_in=str(raw["cursor"]["in"]),
        next_cursor=str(raw["next-cursor"]),
        items=str(raw["items"]),
        page_size_param=_text(size.get("param")),
        page_size_in=_text(size.get("in")),
        total=_text(raw.get("total")),
        lookup=Lookup(
            key=_text(lookup.get("key")),
            by=_text(lookup.get("by")),
            collections=tuple((str(k), str(v)) for k, v in lookup["collections"].items()),
        )
        if isinstance(lookup, dict)
        else None,
    )


def batch(raw: Any) -> Batch | None:
    """x-batch of an operation."""
    if not isinstance(raw, dict):
        return None
    return Batch(int(raw["max-size"]), str(raw["item-key"]), str(raw["merge"]))


def unwrap(raw: Any) -> Unwrap | None:
    """x-unwrap of an operation, when it has one of its two forms (else None: the builder reports it)."""
    if not isinstance(raw, dict) or set(raw) not in ({"value"}, {"key", "collection"}):
        return None
    if not all(isinstance(v, str) and v.startswith("/") for v in raw.values()):
        return None
    return Unwrap(raw.get("value"), raw.get("key"), raw.get("collection"))


def preview(raw: Any) -> Preview | None:
    """x-preview of an operation."""
    if not isinstance(raw, dict):
        return None
    return Preview(str(raw["param"]), wire_text(raw["value"]))


def error_envelope(raw: Any) -> ErrorEnvelope:
    """x-error-envelope of the document (empty: errors are classes by HTTP status only)."""
    if not isinstance(raw, dict):
        return ErrorEnvelope()
    return ErrorEnvelope(tuple(sorted((str(k), str(v)) for k, v in raw.items())))

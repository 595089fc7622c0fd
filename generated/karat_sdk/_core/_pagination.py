# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Cursor pagination: what a listing sends and how each page is read (the pagers that iterate are in _pagers)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from pydantic import TypeAdapter, ValidationError

from ._envelope import check_pointer, json_pointer_get
from ._errors import ApiResponseValidationError, PaginationError
from ._operation import Operation
from ._response import ApiResponse, type_adapter

T = TypeVar("T")

ItemType = type[Any] | Mapping[str, type[Any]]
DEFAULT_COLLECTION = "default"
# How many items async iteration hands out between two turns of the event loop, in which the prefetch
# task (and the others) run. The sync pager hands nothing over: its prefetch thread gets the GIL when
# the reader waits for its request to go out (see _sent), at a page's end, or after the switch interval.
ITEMS_PER_LOOP_TURN = 100


@dataclass(frozen=True, kw_only=True)
class LookupSpec:
    """Items are keys into collections of the body; `by` names the item field that picks the collection."""

    key: str | None = None
    by: str | None = None
    collections: Mapping[str, str]

    def __post_init__(self) -> None:
        if not self.collections:
            raise ValueError("LookupSpec.collections must name at least one collection")
        for name, pointer in self.collections.items():
            check_pointer(pointer, f"LookupSpec.collections[{name!r}]")
        if self.by is None and DEFAULT_COLLECTION not in self.collections:
            raise ValueError("LookupSpec without `by` needs a 'default' collection")


@dataclass(frozen=True, kw_only=True)
class PaginationSpec:
    """Where the cursor goes in and comes out, where the items and the total are."""

    cursor_param: str
    cursor_in: Literal["query", "body"]
    next_cursor: str
    items: str
    page_size_param: str | None = None
    page_size_in: Literal["query", "body"] = "query"
    total: str | None = None
    lookup: LookupSpec | None = None

    def __post_init__(self) -> None:
        for name in ("next_cursor", "items", "total"):
            pointer = getattr(self, name)
            if pointer is not None:
                check_pointer(pointer, f"PaginationSpec.{name}")
        if self.cursor_in not in ("query", "body") or self.page_size_in not in ("query", "body"):
            raise ValueError("cursor_in and page_size_in must be 'query' or 'body'")


class Page(Generic[T]):
    """One page of a listing: its items, the cursor of the next page, the total if the API gives one.

    Items are validated as they are read. Iterating the page validates one at a time and keeps
    nothing, so a long listing does not pile up models for the cyclic garbage collector to walk;
    `items` validates them all once and keeps the list.
    """

    def __init__(
        self,
        entries: Sequence[Any],
        validate: Callable[[Any], T],
        describe: Callable[[int, Any], str],
        next_cursor: Any,
        total: int | None,
        response: ApiResponse,
    ) -> None:
        self._entries = entries
        self._validate = validate  # raises pydantic's ValidationError
        self._describe = describe  # what the entry at an index is, for error messages
        self.next_cursor = next_cursor
        self.total = total
        self.response = response

    @functools.cached_property
    def items(self) -> list[T]:
        """Every item of the page, validated (once)."""
        return list(self._stream())

    def _stream(self) -> Iterator[T]:
        try:
            yield from map(self._validate, self._entries)
        except ValidationError as exc:
            raise self._failure(exc) from None

    def _failure(self, exc: ValidationError) -> ApiResponseValidationError:
        """The error of the first entry that fails: validation is deterministic, so it is the one that just did."""
        for index, entry in enumerate(self._entries):
            try:
                self._validate(entry)
            except ValidationError as first:
                return self.response.validation_error(first, self._describe(index, entry))
        return self.response.validation_error(exc, "an item")

    @property
    def has_next(self) -> bool:
        """True unless the next cursor is absent, null or empty."""
        return self.next_cursor is not None and self.next_cursor != ""

    def __iter__(self) -> Iterator[T]:
        if "items" in self.__dict__:
            return iter(self.items)
        return self._stream()

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Page of {len(self)} from {self.response.operation_id}, has_next={self.has_next}>"


@dataclass(frozen=True)
class PageArgs:
    """The arguments of one page request."""

    path_params: Mapping[str, Any] | None
    query: Mapping[str, Any] | None
    json: Any


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


class PagePlan(Generic[T]):
    """What each page request sends and how its response is read; shared by both pagers."""

    def __init__(
        self,
        operation: Operation,
        spec: PaginationSpec,
        item_type: ItemType,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        json: Any = None,
        page_size: int | None = None,
    ) -> None:
        if isinstance(item_type, Mapping) and (spec.lookup is None or spec.lookup.by is None):
            raise ValueError(f"{operation.operation_id}: item_type per collection needs a lookup with `by`")
        if page_size is not None and spec.page_size_param is None:
            raise ValueError(f"{operation.operation_id} takes no page size")
        if json is not None and not isinstance(json, Mapping) and "body" in (spec.cursor_in, spec.page_size_in):
            raise TypeError(f"{operation.operation_id}: a body cursor needs a JSON object body")
        self.operation = operation
        self.spec = spec
        self._item_type = item_type
        self._path_params = path_params
        self._query = dict(query or {})
        self._json = dict(json) if isinstance(json, Mapping) else json
        if page_size is not None and spec.page_size_param is not None:
            self._put(spec.page_size_in, spec.page_size_param, page_size)

    def _put(self, where: str, name: str, value: Any) -> None:
        if where == "query":
            self._query[name] = value
        else:
            self._json = {**(self._json or {}), name: value}

    def args(self, cursor: Any = None) -> PageArgs:
        """Return the request arguments for the page at `cursor` (None: the first page)."""
        query, body = dict(self._query), self._json
        if cursor is not None:
            if self.spec.cursor_in == "query":
                query[self.spec.cursor_param] = cursor
            else:  # the literal key, dots included, never a nested path
                body = {**(body or {}), self.spec.cursor_param: cursor}
        return PageArgs(self._path_params, query or None, body)

    def read(self, response: ApiResponse) -> Page[T]:
        """Return the page a response holds; its items are validated when read (see Page)."""
        body = response.json()
        entries = json_pointer_get(body, self.spec.items)
        if entries is None:
            entries = []
        elif not isinstance(entries, list):
            raise PaginationError(
                f"{self.operation.operation_id}: {self.spec.items} is {type(entries).__name__}, not a list"
            )
        cursor = json_pointer_get(body, self.spec.next_cursor)
        total = _as_int(json_pointer_get(body, self.spec.total)) if self.spec.total else None
        if self.spec.lookup:
            return Page(self._lookup(body, entries), _validate_found, _describe_found, cursor, total, response)
        assert not isinstance(self._item_type, Mapping)
        name, at = getattr(self._item_type, "__name__", repr(self._item_type)), self.spec.items
        validate = type_adapter(self._item_type).validator.validate_python  # no per-call wrapper
        return Page(entries, validate, lambda index, _: f"{name} at {at}/{index}", cursor, total, response)

    def _lookup(self, body: Any, entries: list[Any]) -> list[tuple[TypeAdapter[Any], Any, str]]:
        """Resolve each listed key to (adapter, value, label); keys the body does not carry are skipped."""
        lookup = self.spec.lookup
        assert lookup is not None
        found: list[tuple[TypeAdapter[Any], Any, str]] = []
        for entry in entries:
            key = entry.get(lookup.key) if lookup.key and isinstance(entry, Mapping) else entry
            kind = entry.get(lookup.by) if lookup.by and isinstance(entry, Mapping) else DEFAULT_COLLECTION
            pointer = lookup.collections.get(str(kind)) or lookup.collections.get(DEFAULT_COLLECTION)
            item_type = self._item_type.get(str(kind)) if isinstance(self._item_type, Mapping) else self._item_type
            if key is None or pointer is None or item_type is None:
                continue
            collection = json_pointer_get(body, pointer)
            if not isinstance(collection, Mapping) or str(key) not in collection:
                continue  # the listing names an item the body does not carry: skip it
            name = getattr(item_type, "__name__", repr(item_type))
            found.append((type_adapter(item_type), collection[str(key)], f"{name} {key}"))
        return found


def _validate_found(found: tuple[TypeAdapter[Any], Any, str]) -> Any:
    adapter, value, _ = found
    return adapter.validate_python(value)


def _describe_found(_: int, found: tuple[TypeAdapter[Any], Any, str]) -> str:
    return found[2]

"""Batch operations: split the input into bodies of at most max_size, merge the maps that come back."""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ._body_shape import body_shape
from ._envelope import check_pointer, json_pointer_get
from ._response import ApiResponse, type_adapter
from ._sequences import SequenceNotStr

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class BatchSpec:
    """A batch endpoint: body `[{item_key: key}, ...]` of at most `max_size`, result map at `merge`."""

    max_size: int
    item_key: str
    merge: str

    def __post_init__(self) -> None:
        if self.max_size < 1:
            raise ValueError("BatchSpec.max_size must be >= 1")
        check_pointer(self.merge, "BatchSpec.merge")


def unique_keys(keys: SequenceNotStr[str]) -> list[str]:
    """Return the keys without duplicates, first occurrences in order."""
    if isinstance(keys, (str, bytes)):
        raise TypeError("keys must be a sequence of keys, not a single string")
    return list(dict.fromkeys(keys))


def batch_chunks(spec: BatchSpec, keys: Sequence[str]) -> list[Sequence[str]]:
    """Split the keys into chunks of at most `spec.max_size`, one request each."""
    return [keys[start : start + spec.max_size] for start in range(0, len(keys), spec.max_size)]


def batch_body(spec: BatchSpec, chunk: Sequence[str]) -> list[dict[str, str]]:
    """The request body of one chunk, built when the chunk is sent.

    Building every body up front would keep one dict per key alive until its chunk goes out: for
    10,000 keys, 10,000 objects that count towards the cyclic GC's collections for nothing.
    """
    return [{spec.item_key: key} for key in chunk]


def read_batch_map(response: ApiResponse, spec: BatchSpec, value_type: type[T]) -> dict[str, T]:
    """Return the validated map at `spec.merge` in one response; absent or null is an empty map."""
    map_type = types.GenericAlias(dict, (str, value_type))
    parts = body_shape(("map", spec.merge, map_type)).read(response)
    if parts is not None:
        return parts["map"] or {}
    raw = json_pointer_get(response.json(), spec.merge)
    if raw is None:
        return {}
    adapter = type_adapter(map_type)
    name = getattr(value_type, "__name__", repr(value_type))
    validated: dict[str, T] = response.validate(raw, adapter, f"dict[str, {name}] at {spec.merge}")
    return validated


def merge_in_order(keys: Sequence[str], maps: Iterable[Mapping[str, T]]) -> dict[str, T]:
    """Merge the chunk maps; keys come in input order, any key the input did not name comes last."""
    merged: dict[str, T] = {}
    for chunk in maps:
        merged.update(chunk)
    ordered = {key: merged[key] for key in keys if key in merged}
    if len(ordered) < len(merged):  # the server answered keys it was not asked for
        ordered.update((key, value) for key, value in merged.items() if key not in ordered)
    return ordered

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Typed views of the few parts of a JSON body that JSON pointers name, validated straight from the bytes.

A batch response needs one map out of its body. `BodyShape` turns such pointers into nested
TypedDicts, so pydantic validates the body in one `validate_json` call: it builds no Python
objects for the rest of the body and skips the separate `json.loads` pass. (Listing pages do not
use it: their items are validated one at a time as they are read, see `_pagination.Page`.)
When a body does not fit the shape (not JSON, an unexpected type along a pointer, a value that
fails validation), `read` returns None and the caller falls back to the generic reader, which
parses the body and reports precisely what is wrong.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Any, Union

from pydantic import TypeAdapter
from typing_extensions import TypedDict

from ._envelope import pointer_tokens
from ._response import ApiResponse

_names = itertools.count()
# A leaf of the tree: the name of the part it holds. A node: a dict of token to subtree.
_Tree = dict[str, Any]


class _Leaf:
    def __init__(self, name: str) -> None:
        self.name = name


def _tree(parts: Mapping[str, str]) -> _Tree | None:
    """Nest the pointers by token; None when one is the whole body or lies inside another."""
    root: _Tree = {}
    for name, pointer in parts.items():
        if not pointer:
            return None
        node = root
        *path, last = pointer_tokens(pointer)
        for token in path:
            child = node.setdefault(token, {})
            if isinstance(child, _Leaf):
                return None
            node = child
        if last in node:
            return None
        node[last] = _Leaf(name)
    return root


def _typed_dict(node: _Tree, types: Mapping[str, Any]) -> Any:
    """A TypedDict (total=False, every value nullable) for one object of the tree."""
    fields: dict[str, Any] = {}
    for token, child in node.items():
        inner = types[child.name] if isinstance(child, _Leaf) else _typed_dict(child, types)
        fields[token] = Union[inner, None]  # noqa: UP007 - `inner | None` fails for some type objects
    return TypedDict(f"BodyShape{next(_names)}", fields, total=False)  # type: ignore[operator]  # a TypedDict built at run time


class BodyShape:
    """The parts of a body at some JSON pointers, each validated as its own type."""

    def __init__(self, parts: Mapping[str, tuple[str, Any]]) -> None:
        self._pointers = {name: pointer_tokens(pointer) for name, (pointer, _) in parts.items()}
        tree = _tree({name: pointer for name, (pointer, _) in parts.items()})
        self._adapter: TypeAdapter[dict[str, Any]] | None = None
        if tree is not None:
            try:
                self._adapter = TypeAdapter(_typed_dict(tree, {name: tp for name, (_, tp) in parts.items()}))
            except TypeError:  # a type that cannot go in a Union (unhashable metadata): no shape
                self._adapter = None

    @property
    def usable(self) -> bool:
        """False when the parts cannot be one nested object (a pointer to the whole body, nested pointers)."""
        return self._adapter is not None

    def read(self, response: ApiResponse) -> dict[str, Any] | None:
        """Return each part by name (None when absent or null), or None when the body does not fit the shape."""
        if self._adapter is None:
            return None
        found = response.try_parse(self._adapter)
        if found is None:
            return None
        parts: dict[str, Any] = {}
        for name, tokens in self._pointers.items():
            value: Any = found
            for token in tokens:
                value = value.get(token) if value is not None else None
            parts[name] = value
        return parts


@functools.lru_cache(maxsize=256)
def _cached_shape(parts: tuple[tuple[str, str, Any], ...]) -> BodyShape:
    return BodyShape({name: (pointer, tp) for name, pointer, tp in parts})


def body_shape(*parts: tuple[str, str, Any]) -> BodyShape:
    """Return the shape of `(name, pointer, type)` parts, built once per set of hashable types."""
    try:
        hash(parts)
    except TypeError:
        return BodyShape({name: (pointer, tp) for name, pointer, tp in parts})
    return _cached_shape(parts)

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Arguments that take any sequence: `SequenceNotStr`, their type, and `listed`, which makes them lists for the wire.

A generated method's list argument is a `Sequence` (a tuple, a deque or a list of a narrower type is
accepted), and `SequenceNotStr` where a bare `str` would pass as one, so `languages="en"` is a type
error instead of being sent as "e", "n". Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

_T_co = TypeVar("_T_co", covariant=True)
_NOT_ARRAYS = (str, bytes, bytearray, memoryview)


class SequenceNotStr(Protocol[_T_co]):
    """A sequence of T that a `str` is not (its `__contains__` and `index` take only a `str`): a list, a tuple, a
    deque (no slicing is asked for: a deque has none) or any other `Sequence[T]` is one."""

    def __getitem__(self, index: int, /) -> _T_co: ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...
    def index(self, value: Any, start: int = 0, stop: int = ..., /) -> int: ...
    def count(self, value: Any, /) -> int: ...
    def __reversed__(self) -> Iterator[_T_co]: ...


def is_array(value: Any) -> bool:
    """Whether a value goes on the wire as a JSON array: any sequence but a string or bytes."""
    return isinstance(value, Sequence) and not isinstance(value, _NOT_ARRAYS)


def listed(value: Any) -> Any:
    """The value with every sequence in it (a tuple, a deque, ...) a list, through lists and mappings (as dicts).

    Anything else (a model, a string, a number) is kept as it is.
    """
    if is_array(value):
        return [listed(item) for item in value]
    if isinstance(value, Mapping):
        return {key: listed(item) for key, item in value.items()}
    return value

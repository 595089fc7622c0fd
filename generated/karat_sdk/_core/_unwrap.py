# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Single-item envelopes (`x-unwrap`): the object a response carries inside its envelope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from ._envelope import check_pointer, json_pointer_get
from ._errors import ApiResponseValidationError
from ._response import ApiResponse, type_adapter

T = TypeVar("T")
_ABSENT: Any = object()


@dataclass(frozen=True, kw_only=True)
class UnwrapSpec:
    """Where the item is: at `value`, or in the map at `collection` under the key found at `key`."""

    value: str | None = None
    key: str | None = None
    collection: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.key is None or self.collection is None):
            raise ValueError("UnwrapSpec takes either value, or key and collection")
        for pointer in (self.value, self.key, self.collection):
            if pointer is not None:
                check_pointer(pointer)


@overload
def unwrap(response: ApiResponse, spec: UnwrapSpec, item_type: type[T]) -> T: ...


@overload
def unwrap(response: ApiResponse, spec: UnwrapSpec, item_type: Any) -> Any: ...  # a type alias


def unwrap(response: ApiResponse, spec: UnwrapSpec, item_type: Any) -> Any:
    """The item the envelope holds, validated as `item_type`; ApiResponseValidationError when it is absent."""
    body = response.json()
    if spec.value is not None:
        found = json_pointer_get(body, spec.value, _ABSENT)
        where = spec.value
    else:
        assert spec.key is not None and spec.collection is not None
        key = json_pointer_get(body, spec.key)
        collection = json_pointer_get(body, spec.collection)
        found = collection.get(key, _ABSENT) if isinstance(collection, Mapping) and isinstance(key, str) else _ABSENT
        where = f"{spec.collection}/<{spec.key}>"
    name = getattr(item_type, "__name__", repr(item_type))
    if found is _ABSENT:
        summary = f"Response of {response.operation_id} (HTTP {response.status_code}) holds no {name} at {where}"
        raise ApiResponseValidationError(
            summary, operation_id=response.operation_id, status_code=response.status_code, errors=[]
        )
    return response.validate(found, type_adapter(item_type), f"{name} at {where}")

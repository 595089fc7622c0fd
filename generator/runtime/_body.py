"""Request bodies: models to JSON-ready data as the wire expects them; merge patches keep explicit nulls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel, TypeAdapter
from pydantic_core import to_jsonable_python

from ._sequences import is_array, listed


def dump_body(model: BaseModel) -> Any:
    """Dump by wire name, leaving unset optional fields out (they are omitted, not sent as null)."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def dump_value(tp: Any, value: Any) -> Any:
    """Dump any value (a union, a list) of type `tp` as the wire expects it; any sequence in it as a list."""
    return TypeAdapter(tp).dump_python(listed(value), mode="json", by_alias=True, exclude_none=True)


def with_flag(body: Any, name: str, value: bool) -> Any:
    """A dumped JSON body with a boolean field the method sets itself (a JSON-or-stream operation's `stream`).

    A body passed in has the field overridden; no body (None) stays none when the value is false (the
    server's default), and is `{name: true}` when it is true.
    """
    if body is None:
        return {name: True} if value else None
    return {**body, name: value} if isinstance(body, Mapping) else body


class NotGiven:
    """The default of an argument that was not passed (a merge-patch field to leave out); falsy.

    Use the one instance, NOT_GIVEN (it survives pickle and copy as itself).
    """

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self


NOT_GIVEN: Final = NotGiven()


def given(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that were passed (None included): every NOT_GIVEN one left out."""
    return {name: value for name, value in fields.items() if value is not NOT_GIVEN}


def any_given(*values: Any) -> bool:
    """Whether any argument of a body that is not required was passed (neither None nor NOT_GIVEN)."""
    return any(value is not None and value is not NOT_GIVEN for value in values)


def dump_patch(body: Any, *, optional: bool = False) -> Any:
    """An `application/merge-patch+json` body: a field set to None is sent as null, one never set is left out.

    A model keeps the fields it was built with (`exclude_unset`); a mapping (a method's arguments
    by wire name) loses its NOT_GIVEN values. `optional`: a mapping with nothing given is no body (None).
    """
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(body, Mapping):
        found = given(body)
        if optional and not found:
            return None
        return {name: dump_patch(value) for name, value in found.items()}
    if is_array(body):
        return [dump_patch(value) for value in body]
    return to_jsonable_python(body, by_alias=True)

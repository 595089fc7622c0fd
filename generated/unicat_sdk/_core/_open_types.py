# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Forward-compatible types: enum values and union variants the SDK does not know yet."""

from __future__ import annotations

from collections.abc import Callable, Collection
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

UNKNOWN_TAG = "__unknown__"

E = TypeVar("E", bound=Enum)


class UnknownVariant(BaseModel):
    """A union variant this SDK does not know yet; every field the server sent is kept."""

    model_config = ConfigDict(extra="allow", frozen=True)

    @property
    def raw(self) -> dict[str, Any]:
        """The variant's data as the server sent it."""
        return dict(self.model_extra or {})


def open_discriminator(prop: str, known: Collection[str]) -> Callable[[Any], str]:
    """A pydantic discriminator that sends unknown `prop` values to UnknownVariant."""
    known_tags = frozenset(known)

    def discriminate(value: Any) -> str:  # called once per union value: kept lean
        if isinstance(value, dict):
            tag = value.get(prop)
            if type(tag) is str:  # JSON's case
                return tag if tag in known_tags else UNKNOWN_TAG
        elif isinstance(value, UnknownVariant):
            return UNKNOWN_TAG
        else:
            tag = getattr(value, prop, None)
        return str(tag) if isinstance(tag, str) and tag in known_tags else UNKNOWN_TAG

    return discriminate


def open_enum_member(cls: type[E], value: object) -> E | None:
    """A pseudo-member of an open string enum for a value it does not list."""
    if not isinstance(value, str):
        return None
    member = str.__new__(cls, value)  # type: ignore[type-var]  # cls is a str enum; mypy cannot see the str base
    member._name_ = value
    member._value_ = value
    return member

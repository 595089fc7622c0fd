"""Open unions and enums: known tags pick their member, anything else becomes UnknownVariant, values are kept."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, cast

import pytest
from pydantic import BaseModel, Discriminator, Tag, TypeAdapter

from generator.runtime._open_types import UNKNOWN_TAG, UnknownVariant, open_discriminator, open_enum_member


class Cat(BaseModel):
    kind: Literal["cat"] = "cat"
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"] = "dog"
    good: bool


Pet = Annotated[
    Annotated[Cat, Tag("cat")] | Annotated[Dog, Tag("dog")] | Annotated[UnknownVariant, Tag(UNKNOWN_TAG)],
    Discriminator(open_discriminator("kind", ("cat", "dog"))),
]
PETS = TypeAdapter(list[Pet])


class Kind(StrEnum):
    CAT = "cat"


class Colour(StrEnum):
    RED = "RED"

    @classmethod
    def _missing_(cls, value: object) -> Colour | None:
        return open_enum_member(cls, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"kind": "cat", "lives": 9}, Cat(lives=9)),
        ({"kind": Kind.CAT, "lives": 9}, Cat(lives=9)),  # a str enum as the tag, from Python input
        (Dog(good=True), Dog(good=True)),  # a model instance
    ],
)
def test_known_tags_pick_their_member(value: Any, expected: BaseModel) -> None:
    assert PETS.validate_python([value]) == [expected]


@pytest.mark.parametrize("tag", ["parrot", None, 3, ["cat"], {"cat": 1}])
def test_anything_else_is_an_unknown_variant_that_keeps_its_fields(tag: Any) -> None:
    value = {"kind": tag, "wings": 2} if tag is not None else {"wings": 2}
    (found,) = PETS.validate_python([value])
    assert isinstance(found, UnknownVariant) and found.raw == value
    assert PETS.validate_python([found]) == [found]  # an UnknownVariant stays one


def test_open_enum_keeps_unknown_values_as_pseudo_members() -> None:
    assert Colour("RED") is Colour.RED
    blue = Colour("BLUE")
    # cast (a no-op): mypy types a one-member enum's .value as that member's ("RED"), so == "BLUE" could never hold
    assert isinstance(blue, Colour) and blue == "BLUE" and cast(object, blue.value) == "BLUE"
    assert TypeAdapter(Colour).validate_python("GREEN") == "GREEN"
    with pytest.raises(ValueError):
        Colour(7)  # type: ignore[arg-type]  # deliberately not a str: the refusal is under test

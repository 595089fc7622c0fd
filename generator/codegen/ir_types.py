"""The IR's types: a small typed structure (model by name, list, map, union, literal, scalar, null, any).

The builder makes them from schemas; `annotation` spells one as Python source, the one place that does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

from ..openapi.formats import JSON_SCALARS, TYPE_MODULES, python_type_of_format


@dataclass(frozen=True)
class ModelRef:
    """A class of the models module, by the name the IR chose for it."""

    name: str


@dataclass(frozen=True)
class ListOf:
    """`list[item]`."""

    item: TypeRef


@dataclass(frozen=True)
class MapOf:
    """`dict[str, value]`; `key` is a model (an enum or alias) when the schema names one for the keys."""

    value: TypeRef
    key: TypeRef | None = None


@dataclass(frozen=True)
class UnionOf:
    """`a | b | ...` (members distinct, in the schema's order); `forward` names members spelt as strings."""

    members: tuple[TypeRef, ...]


@dataclass(frozen=True)
class LiteralOf:
    """`Literal[...]`: a `const` or a one-value enum."""

    values: tuple[str | int | float | bool, ...]


@dataclass(frozen=True)
class Scalar:
    """A JSON scalar (`string`, `integer`, `number`, `boolean`) and its `format` (None: none, or one not mapped)."""

    kind: str
    format: str | None = None


@dataclass(frozen=True)
class NullType:
    """JSON null: `None`."""


@dataclass(frozen=True)
class AnyType:
    """Anything: no schema, or one the SDK does not narrow."""


@dataclass(frozen=True)
class RuntimeType:
    """A class of the SDK's runtime core (`FileInput`, `RawContent`)."""

    name: str


TypeRef = Union[ModelRef, ListOf, MapOf, UnionOf, LiteralOf, Scalar, NullType, AnyType, RuntimeType]  # noqa: UP007

NONE = NullType()
ANY = AnyType()


def union(members: list[TypeRef]) -> TypeRef:
    """The union of `members`, flattened, each once, None last; one member is itself."""
    flat: list[TypeRef] = []
    for member in members:
        for part in member.members if isinstance(member, UnionOf) else (member,):
            if part not in flat:
                flat.append(part)
    flat.sort(key=lambda t: isinstance(t, NullType))
    return flat[0] if len(flat) == 1 else UnionOf(tuple(flat))


def optional(t: TypeRef) -> TypeRef:
    """`t | None` (unchanged when it already allows None)."""
    return t if allows_none(t) else union([t, NONE])


def allows_none(t: TypeRef) -> bool:
    """Whether the type names None (`Any` does not: `Any | None` says a value may be missing)."""
    return isinstance(t, NullType) or (isinstance(t, UnionOf) and any(allows_none(m) for m in t.members))


def annotation(t: TypeRef, qualify: Callable[[str], str] = str, *, formats: bool = True) -> str:
    """The type as Python source; `qualify` spells a model's name (`_models.X`); `formats=False`: plain scalars."""

    def spell(t: TypeRef) -> str:
        match t:
            case ModelRef(name) | RuntimeType(name):
                return qualify(name) if isinstance(t, ModelRef) else name
            case ListOf(item):
                return f"list[{spell(item)}]"
            case MapOf(value, key):
                return f"dict[{spell(key) if key else 'str'}, {spell(value)}]"
            case UnionOf(members):
                return " | ".join(spell(m) for m in members)
            case LiteralOf(values):
                return f"Literal[{', '.join(repr(v) for v in values)}]"
            case Scalar(kind, fmt):
                mapped = python_type_of_format(kind, fmt) if formats and fmt else None
                return mapped or JSON_SCALARS.get(kind, "Any")
            case NullType():
                return "None"
        return "Any"

    return spell(t)


def imported_names(t: TypeRef) -> set[str]:
    """The names an annotation of the type needs imported: of `typing` (`Any`, `Literal`) and formats' types."""
    match t:
        case ListOf(item):
            return imported_names(item)
        case MapOf(value, key):
            return imported_names(value) | (imported_names(key) if key else set())
        case UnionOf(members):
            return set().union(*(imported_names(m) for m in members))
        case LiteralOf():
            return {"Literal"}
        case AnyType():
            return {"Any"}
        case Scalar(kind, fmt):
            if kind not in JSON_SCALARS:
                return {"Any"}
            mapped = python_type_of_format(kind, fmt) if fmt else None
            return {mapped} if mapped in TYPE_MODULES else set()
    return set()

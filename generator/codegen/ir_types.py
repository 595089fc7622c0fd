"""The IR's types: a small typed structure (model by name, list, map, union, literal, scalar, null, any).

The builder makes them from schemas; `annotation` spells one as Python source, the one place that does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


Aliases = Mapping[str, TypeRef]  # the models that are type aliases of a list or map, by class: their targets


def takes_str(t: TypeRef, aliases: Aliases) -> bool:
    """Whether a `str` may be a value of the type, as far as the IR tells: a string, Any, a model but a list or map
    alias of `aliases` (a class, or an alias the IR does not look into: of a string, of a union with one), or a union
    with one of these."""
    match t:
        case Scalar("string", fmt):
            return python_type_of_format("string", fmt) is None if fmt else True
        case AnyType():
            return True
        case ModelRef(name):
            return name not in aliases
        case UnionOf(members):
            return any(takes_str(m, aliases) for m in members)
    return False


def _sequence(item: TypeRef, aliases: Aliases) -> str:
    """An argument's list type: `SequenceNotStr` when a bare `str` would pass as a `Sequence` of the item."""
    return "SequenceNotStr" if takes_str(item, aliases) else "Sequence"


def annotation(
    t: TypeRef, qualify: Callable[[str], str] = str, *, formats: bool = True, inputs: Aliases | None = None
) -> str:
    """The type as Python source; `qualify` spells a model's name (`_models.X`); `formats=False`: plain scalars.

    `inputs` (the models' list and map aliases, `Service.aliases`) spells an argument's type (input mode):
    covariant, so any sequence or mapping of the right items is accepted: a list is `Sequence[...]`
    (`SequenceNotStr[...]` for items a `str` could be, so a bare string is refused), a map
    `Mapping[...]`, and such an alias is spelt by its target.
    """

    def spell(t: TypeRef, expanding: frozenset[str] = frozenset()) -> str:
        match t:
            case ModelRef(name) if inputs is not None and name in inputs and name not in expanding:
                return spell(inputs[name], expanding | {name})
            case ModelRef(name) | RuntimeType(name):
                return qualify(name) if isinstance(t, ModelRef) else name
            case ListOf(item):
                kind = "list" if inputs is None else _sequence(item, inputs)
                return f"{kind}[{spell(item, expanding)}]"
            case MapOf(value, key):
                kind = "dict" if inputs is None else "Mapping"
                return f"{kind}[{spell(key, expanding) if key else 'str'}, {spell(value, expanding)}]"
            case UnionOf(members):
                return " | ".join(spell(m, expanding) for m in members)
            case LiteralOf(values):
                return f"Literal[{', '.join(repr(v) for v in values)}]"
            case Scalar(kind, fmt):
                mapped = python_type_of_format(kind, fmt) if formats and fmt else None
                return mapped or JSON_SCALARS.get(kind, "Any")
            case NullType():
                return "None"
        return "Any"

    return spell(t)


def imported_names(t: TypeRef, *, inputs: Aliases | None = None) -> set[str]:
    """The names an annotation of the type needs imported: of `typing` (`Any`, `Literal`) and formats' types; in
    input mode (`inputs`, as `annotation` takes it) also `Sequence`, `Mapping` and the runtime's `SequenceNotStr`."""

    def names(t: TypeRef, expanding: frozenset[str] = frozenset()) -> set[str]:
        match t:
            case ModelRef(name) if inputs is not None and name in inputs and name not in expanding:
                return names(inputs[name], expanding | {name})
            case ListOf(item):
                return names(item, expanding) | ({_sequence(item, inputs)} if inputs is not None else set())
            case MapOf(value, key):
                found = names(value, expanding) | (names(key, expanding) if key else set())
                return found | ({"Mapping"} if inputs is not None else set())
            case UnionOf(members):
                return set().union(*(names(m, expanding) for m in members))
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

    return names(t)

"""A Python value for a type annotation of a generated SDK (ours: pydantic; stock: attrs), to call its operations."""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import enum
import io
import ipaddress
import math
import pathlib
import types
import typing
import uuid
from typing import Any

MAX_DEPTH = 6
SCALARS: dict[Any, Any] = {
    str: "x",
    int: 1,
    float: 1.5,
    bool: True,
    bytes: b"x",
    datetime.datetime: datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
    datetime.date: datetime.date(2024, 1, 2),
    datetime.time: datetime.time(3, 4, 5),
    uuid.UUID: uuid.UUID("00000000-0000-4000-8000-000000000001"),
    decimal.Decimal: decimal.Decimal("1.5"),
    datetime.timedelta: datetime.timedelta(seconds=90),
    ipaddress.IPv4Address: ipaddress.IPv4Address("192.0.2.1"),
    ipaddress.IPv6Address: ipaddress.IPv6Address("2001:db8::1"),
    ipaddress.IPv4Network: ipaddress.IPv4Network("192.0.2.0/24"),
    ipaddress.IPv6Network: ipaddress.IPv6Network("2001:db8::/32"),
    pathlib.Path: pathlib.Path("x"),
    typing.Any: "x",
    object: "x",
}
# pydantic's own types for formats (formats.FORMATS), by name: made from these values.
PYDANTIC_VALUES: dict[str, Any] = {
    "AwareDatetime": SCALARS[datetime.datetime],
    "NaiveDatetime": datetime.datetime(2024, 1, 2, 3, 4, 5),
    "SecretStr": "x",
    "AnyUrl": "https://example.com/x",
}
SEQUENCES = (list, tuple, set, frozenset, collections.abc.Sequence, collections.abc.Iterable)
MAPPINGS = (dict, collections.abc.Mapping)


class Unbuildable(Exception):
    """No value could be built for an annotation."""


def _is_unset(tp: Any) -> bool:
    return getattr(tp, "__name__", "") == "Unset"


def build(tp: Any, namespace: dict[str, Any], depth: int = 0) -> Any:
    """A value of type `tp`; names in string annotations are looked up in `namespace`."""
    if depth > MAX_DEPTH:
        raise Unbuildable("nesting too deep")
    if isinstance(tp, str):
        tp = eval(tp, namespace)  # noqa: S307 - an annotation of a package we just generated
    if type(tp).__name__ == "TypeAliasType":  # typing_extensions' on Python 3.11
        return build(tp.__value__, namespace, depth)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp is None or tp is type(None):
        return None
    if origin is typing.Annotated:
        return fit(build(args[0], namespace, depth), args[1:])
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, types.UnionType):
        return _union(args, namespace, depth)
    if origin in SEQUENCES or getattr(origin, "__name__", "") == "SequenceNotStr":  # ours: each package's _core has one
        return [build(args[0], namespace, depth + 1)] if args else []
    if origin in MAPPINGS:
        return {"key": build(args[1], namespace, depth + 1)} if len(args) == 2 else {}
    if tp in SCALARS:
        return SCALARS[tp]
    if isinstance(tp, type):
        return _instance(tp, namespace, depth)
    raise Unbuildable(f"no value for {tp!r}")


def _bounds(metadata: Any) -> dict[str, Any]:
    """The length and number bounds in an annotation's metadata (annotated_types' MinLen, Ge, ..., or a FieldInfo)."""
    found: dict[str, Any] = {}
    for item in metadata:
        for key, value in _bounds(getattr(item, "metadata", None) or ()).items():
            found.setdefault(key, value)
        for key in ("min_length", "max_length", "ge", "gt", "le", "lt", "multiple_of"):
            value = getattr(item, key, None)
            if value is not None and key not in found:
                found[key] = value
    return found


def fit(value: Any, metadata: Any) -> Any:
    """`value` made to meet the bounds the annotation declares: a text or list of the least length, a number in
    range (Storecove's two-letter `country`, `minLength: 2`, refused "x")."""
    bounds = _bounds(metadata)
    if not bounds or isinstance(value, bool | enum.Enum):
        return value
    if isinstance(value, str | bytes | list):
        least, most = bounds.get("min_length") or 0, bounds.get("max_length")
        if len(value) < least and value:
            value = value * -(-least // len(value))
        return value[:most] if isinstance(most, int) and len(value) > max(most, least) else value
    if isinstance(value, int | float | decimal.Decimal):
        low = bounds.get("ge", bounds.get("gt"))
        high = bounds.get("le", bounds.get("lt"))
        if isinstance(value, int):  # an exclusive bound: the next whole number inside it
            low = math.floor(bounds["gt"]) + 1 if "ge" not in bounds and "gt" in bounds else low
            high = math.ceil(bounds["lt"]) - 1 if "le" not in bounds and "lt" in bounds else high
            value = max(value, low) if low is not None else value
            value = min(value, high) if high is not None else value
            multiple = bounds.get("multiple_of")
            if isinstance(multiple, int) and multiple and value % multiple:
                value += multiple - value % multiple
        elif (low is not None and value <= low) or (high is not None and value >= high):
            if low is not None and high is not None:
                value = type(value)((low + high) / 2)
            elif low is not None:
                value = type(value)(low + 1)
            elif high is not None:
                value = type(value)(high - 1)
    return value


def _union(args: tuple[Any, ...], namespace: dict[str, Any], depth: int) -> Any:
    problems = []
    for arm in args:
        if arm is type(None) or _is_unset(arm):
            continue
        try:
            return build(arm, namespace, depth)
        except Unbuildable as exc:
            problems.append(str(exc))
    if type(None) in args:
        return None
    raise Unbuildable("; ".join(problems) or "empty union")


def _instance(tp: type, namespace: dict[str, Any], depth: int) -> Any:
    if tp.__module__.startswith("pydantic") and tp.__name__ in PYDANTIC_VALUES:
        value = PYDANTIC_VALUES[tp.__name__]
        return value if isinstance(value, datetime.datetime) else tp(value)
    if issubclass(tp, enum.Enum):
        return next(iter(tp))
    for scalar in (bool, int, float, str, bytes):
        if issubclass(tp, scalar):
            return SCALARS[scalar]
    if hasattr(tp, "model_fields"):  # pydantic
        return _pydantic(tp, namespace, depth)
    if hasattr(tp, "__attrs_attrs__"):
        if tp.__name__ == "File":
            return tp(payload=io.BytesIO(b"x"), file_name="x.bin")  # type: ignore[call-arg]
        return _attrs(tp, namespace, depth)
    raise Unbuildable(f"no value for class {tp.__name__}")


def _pydantic(tp: Any, namespace: dict[str, Any], depth: int) -> Any:
    if "root" in tp.model_fields and len(tp.model_fields) == 1:
        return tp(build(tp.model_fields["root"].annotation, namespace, depth + 1))
    values = {
        name: fit(build(field.annotation, namespace, depth + 1), field.metadata)
        for name, field in tp.model_fields.items()
        if field.is_required()
    }
    try:
        return tp(**values)
    except Exception:  # a constraint our simple values miss (minLength...): the call path is what is tested
        return tp.model_construct(**values)


def _attrs(tp: Any, namespace: dict[str, Any], depth: int) -> Any:
    import attrs

    hints = typing.get_type_hints(
        tp.__init__, globalns=namespace, localns=vars(__import__(tp.__module__, fromlist=["x"]))
    )
    values = {
        field.alias or field.name: build(hints.get(field.alias or field.name, Any), namespace, depth + 1)
        for field in attrs.fields(tp)
        if field.default is attrs.NOTHING and field.init
    }
    return tp(**values)

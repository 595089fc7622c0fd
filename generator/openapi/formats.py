"""The `format`s the generator turns into Python types, by JSON type: the ones its models backend maps.

Any other format is the plain JSON type: the validator warns (lint rule unknown-format) and the models
backend never sees it. The table is the models backend's (datamodel-code-generator 0.89, pydantic v2,
Python 3.11); tests/codegen/test_formats.py holds it to that tool, so this module imports no backend.
"""

from __future__ import annotations

from typing import Any

_STRING = {
    "binary": "bytes",
    "byte": "Base64Str",
    "date": "date",
    "date-time": "AwareDatetime",
    "timestamp with time zone": "AwareDatetime",
    "date-time-local": "NaiveDatetime",
    "decimal": "Decimal",
    "duration": "timedelta",
    "email": "str",  # the backend's EmailStr needs email-validator: see PLAIN
    "hostname": None,  # a constrained str
    "idn-email": "str",
    "idn-hostname": "str",
    "integer": "int",
    "ipv4": "IPv4Address",
    "ipv4-network": "IPv4Network",
    "ipv6": "IPv6Address",
    "ipv6-network": "IPv6Network",
    "iri": "str",
    "iri-reference": "str",
    "json-pointer": "str",
    "password": "SecretStr",
    "path": "Path",
    "regex": "str",
    "relative-json-pointer": "str",
    "time": "time",
    "time-local": "time",
    "ulid": "str",  # the backend's ULID needs python-ulid
    "unixtime": "int",
    "uri": "AnyUrl",
    "uri-reference": "str",
    "uri-template": "str",
    "uuid": "UUID",
    "uuid1": "UUID1",
    "uuid2": "UUID",
    "uuid3": "UUID3",
    "uuid4": "UUID4",
    "uuid5": "UUID5",
}

# Formats the backend maps to a type from a package a generated SDK does not depend on (pydantic's
# EmailStr needs email-validator, ULID python-ulid): the SDK keeps them plain strings, unchecked, and
# says so in the field's description; its only dependencies stay httpx and pydantic.
PLAIN = {"string": frozenset({"email", "idn-email", "ulid"})}

# Formats the backend types narrower than their JSON type: it makes `number` + `unixtime` an `int`, which
# refuses 1741476542.5, a valid number of seconds (OpenAI's `Response.created_at` is one); `string` + `byte` a
# `Base64Str`, which decodes the base64 text into a str and so refuses any content that is not UTF-8 text (Meraki's
# floor-plan image could not be sent). The SDK keeps the JSON type (a float; the base64 text as a str) and says so
# in the field's description.
NARROWED = {"number": frozenset({"unixtime"}), "string": frozenset({"byte"})}
JSON_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}

# Where each Python type of the table is imported from, for the modules that annotate with it.
TYPE_MODULES = {
    **dict.fromkeys(("date", "time", "timedelta"), "datetime"),
    "Decimal": "decimal",
    "UUID": "uuid",
    **dict.fromkeys(("IPv4Address", "IPv4Network", "IPv6Address", "IPv6Network"), "ipaddress"),
    "Path": "pathlib",
    **dict.fromkeys(
        ("AwareDatetime", "NaiveDatetime", "Base64Str", "SecretStr", "AnyUrl", "UUID1", "UUID3", "UUID4", "UUID5"),
        "pydantic",
    ),
}

JSON_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null")
FORMATS: dict[str, dict[str, str | None]] = {
    "string": _STRING,
    "integer": {"int32": "int", "int64": "int", "date-time": "AwareDatetime", "unix-time": "int", "unixtime": "int"},
    "number": {
        "float": "float",
        "double": "float",
        "decimal": "Decimal",
        "date-time": "AwareDatetime",
        "time": "time",
        "time-delta": "timedelta",
        "unixtime": "int",
    },
}


def known_format(kind: Any, fmt: Any) -> bool:
    """Whether the models backend maps `format` of JSON type `kind` to a Python type (else: the plain type)."""
    if not isinstance(kind, str) or not isinstance(fmt, str):
        return True
    return fmt in FORMATS.get(kind, {}) or (fmt == "default" and kind in JSON_TYPES)


def plain_by_choice(kind: Any, fmt: Any) -> bool:
    """Whether a format the backend knows is kept the plain JSON type: its type needs a package the SDK does
    not declare (PLAIN), or is narrower than the JSON type (NARROWED)."""
    return isinstance(kind, str) and (fmt in PLAIN.get(kind, ()) or fmt in NARROWED.get(kind, ()))


def python_type_of_format(kind: str, fmt: str) -> str | None:
    """The Python type a model field of JSON type `kind` with `format` has (None: the plain type's)."""
    if fmt in NARROWED.get(kind, ()):
        return JSON_SCALARS[kind]
    return FORMATS.get(kind, {}).get(fmt)

"""A PyYAML safe loader with YAML 1.2 (core schema) scalars, as JSON reads them.

PyYAML follows YAML 1.1: `18:00` is the integer 1080, `yes`/`no`/`on`/`off` are booleans, `012` is
octal 10 and `2024-01-02` a date. An OpenAPI document means JSON values, so here only `true`/`false`
are booleans, `null`/`~`/empty are null, numbers are what JSON calls numbers (plus YAML 1.2's `0o`,
`0x`, `.inf` and `.nan`) and everything else (times, dates, `yes`, `012`) stays a string.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
INT = re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT = re.compile(
    r"^(?:[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?)"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
DIGITS = list("-+0123456789")


class Yaml12Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loading with the YAML 1.2 core schema's scalars (JSON's data model)."""


class AnyTextYaml12Loader(yaml.SafeLoader):
    """As Yaml12Loader, for a text holding a character YAML does not allow unescaped (a C1 control such as
    U+0080, U+FFFE) but JSON does (DocuSign's description has one in a string): PyYAML's own reader, told to
    let them through. Slower than the C loader, so only for such a text (see `loader_for`)."""

    def check_printable(self, data: str) -> None:
        """Every character is data here, as JSON reads it."""


def loader_for(text: str) -> type[Any]:
    """The loader for a text: the C one, unless it holds a character only AnyTextYaml12Loader reads."""
    return AnyTextYaml12Loader if yaml.reader.Reader.NON_PRINTABLE.search(text) else Yaml12Loader


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    return int(str(loader.construct_scalar(node)), 0)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    return math.nan if text == ".nan" else float(text)


for loader in (Yaml12Loader, AnyTextYaml12Loader):
    loader.yaml_implicit_resolvers = {}
    for tag, pattern, first in (
        ("tag:yaml.org,2002:bool", BOOL, list("tTfF")),
        ("tag:yaml.org,2002:null", NULL, ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:int", INT, DIGITS),
        ("tag:yaml.org,2002:float", FLOAT, [*DIGITS, "."]),
        ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"]),
    ):
        loader.add_implicit_resolver(tag, pattern, first)
    loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader.add_constructor("tag:yaml.org,2002:float", _construct_float)

"""Name conversion shared by the validator and the renderers."""

from __future__ import annotations

import keyword
import re
from typing import Any

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


def snake_case(name: str) -> str:
    """`getRecordsBatch` -> `get_records_batch`; `page.size` -> `page_size`."""
    return _NON_WORD.sub("_", _BOUNDARY.sub("_", name)).strip("_").lower()


def constant_name(name: str) -> str:
    """snake_case in capitals made a usable identifier: `getPets` -> `GET_PETS`, `4oD` -> `N4O_D`, `$` -> `OPERATION`."""
    text = snake_case(name).upper() or "OPERATION"
    return "N" + text if text[0].isdigit() else text


def pascal_case(name: str) -> str:
    """`records` -> `Records`; `dataset files` -> `DatasetFiles`."""
    return "".join(part[:1].upper() + part[1:] for part in snake_case(name).split("_"))


def python_name(name: str, fallback: str = "value") -> str:
    """snake_case made a usable identifier: `class` -> `class_`, `2fa` -> `n2fa`, `$` -> `fallback`."""
    text = snake_case(name) or fallback
    if text[0].isdigit():
        text = "n" + text
    return text + "_" if keyword.iskeyword(text) else text


# Builtins the client classes' bodies name in annotations (`type[BaseException]`): a resource attribute of that
# name would hide them there (Trello's tag `type`), so it takes a trailing `_`.
CLIENT_BODY_BUILTINS = frozenset({"type", "str", "int", "float", "bool", "bytes", "object", "dict", "list", "tuple"})


def resource_name(tag: str) -> str:
    """The client attribute (and module) of a tag's resource: its python_name, `type_` for `type`."""
    name = python_name(tag)
    return name + "_" if name in CLIENT_BODY_BUILTINS else name


def operation_tag(operation: dict[str, Any]) -> str:
    """The tag whose resource an operation's method belongs to (`default` when it has none)."""
    tags = operation.get("tags")
    return str(tags[0]) if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"


def method_name(path: str, method: str, operation: dict[str, Any]) -> str:
    """An operation's SDK method: its x-sdk-name, else its operationId, else its method and path."""
    if isinstance(operation.get("x-sdk-name"), str):
        return str(operation["x-sdk-name"])
    op_id = operation.get("operationId")
    return python_name(op_id if isinstance(op_id, str) and op_id.strip() else f"{method} {path}", method)

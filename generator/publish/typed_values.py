"""JSON example values as the typed Python a user writes: `models.EqFilter(field=models.EqFilterField.X, value="v")`.

The generated package's own classes decide: each value is validated by its model and the instance is written back
as constructor calls (enum members, `datetime(...)`, nested models). That runs in a subprocess with the package on
its path, so the generator never imports an SDK into its own process (its modules import the package by name).
A value its model does not accept, or a model that takes only aliases, gets None: the caller keeps its fallback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

GENERATOR_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the generator package

Typed = tuple[str, list[str]] | None  # the expression and the import lines it needs; None: not expressible


def typed_expressions(package_root: Path, package: str, values: list[tuple[str, Any]]) -> list[Typed]:
    """Each (model class name, JSON value) as a constructor expression of `package` (found in `package_root`)."""
    if not values:
        return []
    path = os.pathsep.join([str(package_root), str(GENERATOR_ROOT)])
    result = subprocess.run(  # noqa: S603 - this interpreter, our module
        [sys.executable, "-c", f"from {__name__} import main; main()"],  # installed, the package is sdk_pipeline
        input=json.dumps({"package": package, "values": values}),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": path},
    )
    if result.returncode != 0:
        return [None] * len(values)
    return [(str(found[0]), [str(line) for line in found[1]]) if found else None for found in json.loads(result.stdout)]


def main() -> None:
    """In the subprocess: read {package, values} on stdin, write one [expression, imports] (or null) per value."""
    import importlib

    request = json.load(sys.stdin)
    models = importlib.import_module(f"{request['package']}.models")
    found: list[tuple[str, list[str]] | None] = []
    for class_name, value in request["values"]:
        imports: set[str] = set()
        try:
            instance = getattr(models, class_name).model_validate(value)
            found.append((_expression(instance, models, imports), sorted(imports)))
        except Exception:  # noqa: BLE001 - an example its model refuses keeps the caller's fallback
            found.append(None)
    json.dump(found, sys.stdout)


class _NotExpressible(Exception):
    """A value a constructor call cannot state (a model that takes only aliases, a class not in models)."""


def _expression(value: Any, models: ModuleType, imports: set[str]) -> str:
    """The Python expression that builds `value`, with the models of the package as `models.<Name>`."""
    from pydantic import BaseModel, RootModel

    if isinstance(value, RootModel):
        return f"{_class(value, models)}({_expression(value.root, models, imports)})"
    if isinstance(value, BaseModel):
        cls = type(value)
        if not (cls.model_config.get("populate_by_name") or cls.model_config.get("validate_by_name")) and any(
            info.alias not in (None, name) for name, info in cls.model_fields.items()
        ):
            raise _NotExpressible(cls.__name__)
        arguments = [
            f"{name}={_expression(getattr(value, name), models, imports)}"
            for name, info in cls.model_fields.items()
            if name in value.model_fields_set and (info.is_required() or getattr(value, name) != info.default)
        ]
        return f"{_class(value, models)}({', '.join(arguments)})"
    if isinstance(value, Enum):
        return f"{_class(value, models)}.{value.name}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_expression(item, models, imports) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_expression(item, models, imports)}" for key, item in value.items()) + "}"
    if isinstance(value, datetime):
        imports.add("from datetime import datetime")
        if value.tzinfo is None or value.utcoffset() != UTC.utcoffset(None):
            return f"datetime.fromisoformat({value.isoformat()!r})"
        imports.add("from datetime import UTC")
        parts = [value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond]
        while len(parts) > 3 and parts[-1] == 0:
            parts.pop()
        return f"datetime({', '.join(map(str, parts))}, tzinfo=UTC)"
    if isinstance(value, date):
        imports.add("from datetime import date")
        return f"date.fromisoformat({value.isoformat()!r})"
    if isinstance(value, UUID):
        imports.add("from uuid import UUID")
        return f"UUID({str(value)!r})"
    return repr(value)


def _class(value: Any, models: ModuleType) -> str:
    """`models.<Name>` of a value's class, which the models module must export."""
    cls = type(value)
    if getattr(models, cls.__name__, None) is not cls:
        raise _NotExpressible(cls.__name__)
    return f"models.{cls.__name__}"

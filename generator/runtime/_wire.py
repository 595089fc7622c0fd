"""One scalar as URL or header text: `true`/`false`, enum values, ISO dates.

Standard library only: the generator imports it too (codegen/ir_operation.py), and importing it must not
load httpx or pydantic (see __init__.py).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any


def wire_text(value: Any) -> str:
    """Render one scalar the way the API expects it in a URL or header: true/false, enum values, ISO dates."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return wire_text(value.value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        raise TypeError(f"a mapping cannot be rendered into a URL: {value!r}")
    return str(value)

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Request bodies: models to JSON-ready data as the wire expects them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter


def dump_body(model: BaseModel) -> Any:
    """Dump by wire name, leaving unset optional fields out (they are omitted, not sent as null)."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def dump_value(tp: Any, value: Any) -> Any:
    """Dump any value (a union, a list) of type `tp` as the wire expects it."""
    return TypeAdapter(tp).dump_python(value, mode="json", by_alias=True, exclude_none=True)

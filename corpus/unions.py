"""Every member of every discriminated union of a document, sampled as a server sends it, against our models.

The operations' replies reach a union's first member only; this gives each member its turn: the union's model
must accept every member's value with the tag a server sends for it (corpus.schema_samples: the mapping's, else
the member's const/enum, else its schema's name).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pydantic

from generator.codegen.ir_models import class_names

from .schema_samples import SchemaSampler


def check_union_members(document: dict[str, Any], models: ModuleType) -> tuple[int, list[str]]:
    """How many members were checked, and a message for each one the union's model refuses."""
    sampler = SchemaSampler(document)
    schemas = (document.get("components") or {}).get("schemas") or {}
    classes = class_names([str(name) for name in schemas])
    checked, refused = 0, []
    for name, schema in schemas.items():
        members = (schema.get("oneOf") or schema.get("anyOf")) if isinstance(schema, dict) else None
        model = getattr(models, classes[str(name)], None)
        if not isinstance(schema.get("discriminator") if members else None, dict) or model is None:
            continue
        adapter = pydantic.TypeAdapter(model)
        for member in members or []:
            value = sampler.member(schema, member)
            if not isinstance(value, dict):
                continue
            checked += 1
            try:
                adapter.validate_python(value)
            except pydantic.ValidationError as exc:
                where = member.get("$ref", "(inline)") if isinstance(member, dict) else "(inline)"
                first = exc.errors()[0]
                refused.append(f"union {name}: member {where} refused: {first['msg']} at {first['loc']}"[:300])
    return checked, refused

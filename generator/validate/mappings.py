"""Discriminator mappings that name no schema of the document: an error, or (someone else's document) a hint dropped.

A bundler that leaves a file out leaves its mappings behind (DigitalOcean's bundle maps `power_on` to
`models/droplet_actions.yml#/droplet_action`). A discriminator is a hint: without it the union's members
are told apart by validation, so where lint rule `broken-operation` is not `error` the discriminator is
dropped, with a warning under that rule, and the operations that use it are kept. In this repository's
spec/ (the rule at `error`) and under `--strict` the mapping stays an error (check_discriminators).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import resolve_pointer
from ..openapi.refs import deref, mapping_target, ref_pointer
from ..openapi.suggest import NAME_CUTOFF, closest, did_you_mean, ref_suggestion
from ..openapi.walk import iter_document_schemas
from .broken_operations import RULE
from .lint import Lint


def unresolved_mapping(data: dict[str, Any], value: Any, raw_target: Any) -> str | None:
    """What is wrong with one mapping's target (with the closest schema, if any), or None: it names a schema."""
    target = mapping_target(raw_target)
    local = ref_pointer(target) if target else None
    if local is None:
        return f"mapping {value!r} is not a local $ref or schema name: {raw_target!r}"
    try:
        deref(data, resolve_pointer(data, local), local)
    except KeyError:
        names = [str(name) for name in (data.get("components") or {}).get("schemas") or {}]
        hint = ref_suggestion(data, local) or did_you_mean(closest(str(raw_target), names, cutoff=NAME_CUTOFF))
        return f"mapping {value!r} points at a missing schema {raw_target!r}{hint}"
    return None


def ignore_unresolved_discriminators(doc: SpecDocument, lint: Lint) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document without the discriminators whose mapping names no schema of it, and a warning for each;
    unchanged under `--strict` or where `broken-operation` is `error`."""
    if lint.strict or lint.level(RULE) == "error":
        return doc, []
    found: list[Diagnostic] = []
    dropped: list[str] = []
    for pointer, schema in iter_document_schemas(doc.data):
        discriminator = schema.get("discriminator")
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if not isinstance(mapping, dict):
            continue
        problems = [p for value, target in mapping.items() if (p := unresolved_mapping(doc.data, value, target))]
        if not problems:
            continue
        dropped.append(pointer)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        message = (
            f"{problems[0]}{more}: the discriminator is ignored (the union's members are told apart by validation)"
        )
        found += lint.check(doc, RULE, pointer + "/discriminator", message)
    if not dropped:
        return doc, found
    data = copy.deepcopy(doc.data)  # the loaded document is shared (cache): changed on a copy only
    for pointer in dropped:
        resolve_pointer(data, pointer).pop("discriminator", None)
    return replace(doc, data=data), found

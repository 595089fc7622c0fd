"""Fast validation of the mock's responses: schemas compiled with their `$ref`s inlined, tagged unions dispatched."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from generator.openapi.pointer import resolve_pointer
from generator.openapi.refs import deref, ref_pointer


class SchemaCompiler:
    """Compiles the schema at a pointer of a document into one self-contained schema (see Service.fast_validator)."""

    def __init__(self, doc: dict[str, Any], *, memo: bool) -> None:
        self.doc, self.memo = doc, memo

    def compile(self, pointer: str) -> Any:
        """The schema at `pointer`, $refs inlined (recursive ones as local `$defs`)."""
        defs: dict[str, Any] = {}
        schema = self._compile(resolve_pointer(self.doc, pointer), (pointer,), defs)
        return {**schema, "$defs": defs} if defs else schema

    def _compile(self, node: Any, stack: tuple[str, ...], defs: dict[str, Any]) -> Any:
        if isinstance(node, list):
            return [self._compile(item, stack, defs) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        target_pointer = ref_pointer(ref) if isinstance(ref, str) else None
        if target_pointer is not None:
            rest = {k: self._compile(v, stack, defs) for k, v in node.items() if k != "$ref"}
            if target_pointer in stack:
                name = target_pointer.rsplit("/", 1)[-1]
                if name not in defs:
                    defs[name] = {}
                    defs[name] = self._compile(resolve_pointer(self.doc, target_pointer), (target_pointer,), defs)
                return {"$ref": f"#/$defs/{name}", **rest}
            target = self._compile(resolve_pointer(self.doc, target_pointer), (*stack, target_pointer), defs)
            if self.memo and target.get("type") == "object":
                target = {"x-memo": {"key": ref, "schema": target}}
            return {"allOf": [target], **rest} if rest else target
        compiled = {k: self._compile(v, stack, defs) for k, v in node.items()}
        discriminator = node.get("discriminator")
        if isinstance(discriminator, dict) and "oneOf" in node:
            branches = self._branches(discriminator, len(node["oneOf"]), stack, defs)
            if branches is not None:
                rest = {k: v for k, v in compiled.items() if k not in ("oneOf", "discriminator")}
                return {**rest, "x-dispatch": {"property": discriminator["propertyName"], "branches": branches}}
        return compiled

    def _branches(
        self, discriminator: dict[str, Any], members: int, stack: tuple[str, ...], defs: dict[str, Any]
    ) -> dict[str, Any] | None:
        prop = discriminator.get("propertyName")
        mapping = discriminator.get("mapping") or {}
        if len(mapping) != members:
            return None
        branches = {}
        for tag, ref in mapping.items():
            member = deref(self.doc, {"$ref": ref})[0]
            const = (member.get("properties") or {}).get(prop, {}).get("const")
            if prop not in (member.get("required") or []) or const != tag:
                return None
            branches[tag] = self._compile({"$ref": ref}, stack, defs)
        return branches


def fast_validator_class() -> Any:
    """Draft 2020-12 with the two keywords compiled schemas use: `x-dispatch` and `x-memo`."""
    keywords = {"x-dispatch": _dispatch, "x-memo": _Memo().keyword}
    return validators.extend(Draft202012Validator, keywords)  # type: ignore[no-untyped-call]  # untyped in types-jsonschema


def _dispatch(validator: Any, spec: dict[str, Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        yield ValidationError(f"{instance!r} is not of type 'object'")
        return
    tag = instance.get(spec["property"])
    branch = spec["branches"].get(tag) if isinstance(tag, str) else None
    if branch is None:
        yield ValidationError(f"{tag!r} is not one of {sorted(spec['branches'])} (property {spec['property']!r})")
        return
    yield from validator.descend(instance, branch)


class _Memo:
    """The objects that passed a named schema once (held, so their ids stay theirs)."""

    def __init__(self) -> None:
        self._passed: dict[tuple[str, int], Any] = {}
        self._lock = threading.Lock()

    def keyword(
        self, validator: Any, spec: dict[str, Any], instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        key = (spec["key"], id(instance))
        if self._passed.get(key) is instance:
            return
        errors = list(validator.descend(instance, spec["schema"]))
        if not errors and isinstance(instance, dict):
            with self._lock:
                self._passed[key] = instance
        yield from errors

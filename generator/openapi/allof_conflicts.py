"""allOf members that give one property two incompatible types: no value can match, no model class can say it.

A component `B: allOf: [$ref A, {properties: {name: {$ref: C}}}]` where A's `name` is a string
asks for a `name` that is both a string and a C; so does one whose `name` is an inline enum or object (a
class of its own) where A's has a type (Asana's `resource_subtype`: two enum classes, neither the other). The models would make B a subclass of A that
narrows `name` to an unrelated type, which `mypy --strict` rejects. The validator warns about each
such property (located where the override is written) and the models keep the inherited type.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from .pointer import join_pointer, split_pointer
from .refs import deref
from .walk import iter_document_schemas


def _resolve(data: dict[str, Any], schema: Any) -> Any:
    return deref(data, schema, lenient=True)[0]


def _ancestors(data: dict[str, Any], schema: Any, seen: set[str]) -> set[str]:
    """The $refs a schema includes through allOf, transitively."""
    found = set()
    for member in (schema or {}).get("allOf") or [] if isinstance(schema, dict) else []:
        ref = member.get("$ref") if isinstance(member, dict) else None
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            found |= {ref} | _ancestors(data, _resolve(data, member), seen)
    return found


def _inherited(data: dict[str, Any], schema: Any, seen: set[str]) -> dict[str, tuple[Any, str]]:
    """Properties a schema gets from its allOf $refs: name -> (schema, the $ref it comes from)."""
    found: dict[str, tuple[Any, str]] = {}
    for member in (schema or {}).get("allOf") or [] if isinstance(schema, dict) else []:
        ref = member.get("$ref") if isinstance(member, dict) else None
        if not isinstance(ref, str) or ref in seen:
            continue
        base = _resolve(data, member)
        found |= _inherited(data, base, seen | {ref})
        own = [base, *((base or {}).get("allOf") or [])] if isinstance(base, dict) else []
        for part in own:  # the base's properties and its inline allOf members' (Asana's TaskCompact)
            for name, prop in ((part if isinstance(part, dict) else {}).get("properties") or {}).items():
                found[name] = (prop, ref)
    return found


def _describe(schema: Any) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return str(schema["$ref"].rsplit("/", 1)[-1])
    kind = schema.get("type") if isinstance(schema, dict) else None
    return f"type {kind!r}" if kind else "untyped"


def _compatible(data: dict[str, Any], override: Any, inherited: Any) -> bool:
    if not isinstance(override, dict) or not isinstance(inherited, dict) or not inherited or not override:
        return True
    base_ref, new_ref = inherited.get("$ref"), override.get("$ref")
    if isinstance(base_ref, str):
        return new_ref == base_ref or base_ref in _ancestors(data, _resolve(data, override), set())
    if isinstance(new_ref, str):
        return not inherited.get("type")  # a model for something the base leaves open
    if isinstance(override.get("items"), dict) and isinstance(inherited.get("items"), dict):
        return _compatible(data, override["items"], inherited["items"])  # a list of one class is none of another
    if _own_class(override) and (_own_class(inherited) or inherited.get("type")):
        return False  # an inline enum or object is a class of its own, which the inherited type is not (Asana's)
    return override.get("type") in (None, inherited.get("type"))


def _own_class(schema: dict[str, Any]) -> bool:
    """An inline schema the models make a class of: an enum, an object with properties."""
    return "enum" in schema or bool(schema.get("properties"))


def _why(override: Any, base: Any, origin: str) -> str:
    """What makes an override incompatible, said of the override (`_compatible` found it so)."""
    items = override.get("items") if isinstance(override, dict) and "$ref" not in override else None
    inherited = base.get("items") if isinstance(base, dict) else None
    if isinstance(items, dict) and isinstance(inherited, dict):  # Zuora's `reasons`: its inline item again
        return "an array whose items are " + _why(items, inherited, origin)
    if isinstance(override, dict) and _own_class(override) and "$ref" not in override:
        return (
            f"an inline {'enum' if 'enum' in override else 'object'} here, a class the one in {origin} is not (allOf)"
        )
    return f"{_describe(override)} here but {_describe(base)} in {origin}: no value can be both (allOf)"


def allof_bases(data: dict[str, Any]) -> set[str]:
    """The component schemas another component schema includes through allOf (its model's base classes)."""
    prefix = "#/components/schemas/"
    found: set[str] = set()
    for schema in ((data.get("components") or {}).get("schemas") or {}).values():
        found |= {ref.removeprefix(prefix) for ref in _ancestors(data, schema, set()) if ref.startswith(prefix)}
    return found


def allof_conflicts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer of the overriding property, message) for each incompatible override in a component schema."""
    for name, schema in sorted(((data.get("components") or {}).get("schemas") or {}).items()):
        inherited = _inherited(data, schema, set())
        members = (schema or {}).get("allOf") if isinstance(schema, dict) else None
        if not inherited or not isinstance(members, list):
            continue
        # the allOf's inline members, and the schema's own properties beside it (Linode's request bodies)
        places = [(("allOf", index), member) for index, member in enumerate(members)] + [((), schema)]
        for at, member in places:
            for prop, override in ((member or {}).get("properties") or {}).items() if isinstance(member, dict) else []:
                base, origin = inherited.get(prop, (None, ""))
                if base is not None and not _compatible(data, override, base):
                    pointer = join_pointer("components", "schemas", name, *at, "properties", prop)
                    why = _why(override, base, origin)
                    yield pointer, f"property {prop!r} is {why}; the model of {name} keeps the inherited type"


_NOT_A_TYPE = frozenset(("description", "title", "example", "examples", "default", "deprecated", "nullable"))


def _core(schema: Any) -> tuple[str, bool]:
    """A property's schema as a type, whatever its annotations and null: (that type as JSON text, whether null is
    allowed), for comparing declarations (`{type: [string, "null"]}` is `{type: string}` and null)."""
    if not isinstance(schema, dict):
        return json.dumps(schema), False
    core = {k: v for k, v in schema.items() if k not in _NOT_A_TYPE and not k.startswith("x-")}
    nullable = schema.get("nullable") is True
    kinds = core.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        rest = [k for k in kinds if k != "null"]
        core["type"], nullable = rest[0] if len(rest) == 1 else rest, True
    for key in ("anyOf", "oneOf"):
        members = core.get(key)
        if isinstance(members, list) and len(members) == 2 and {"type": "null"} in members:
            del core[key]
            core |= next(m for m in members if m != {"type": "null"})
            nullable = True
    return json.dumps(core, sort_keys=True, default=str), nullable


def allof_declared(data: dict[str, Any], schema: Any, seen: set[str]) -> tuple[dict[str, Any], set[str]]:
    """The properties a schema declares, through its allOf members, and the names any of them requires; of two
    declarations, an inline member's (or the schema's own) wins over a `$ref`'s, and a first `$ref`'s over a later's."""
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for part in [schema, *((schema or {}).get("allOf") or [] if isinstance(schema, dict) else [])]:
        ref = part.get("$ref") if isinstance(part, dict) else None
        if isinstance(ref, str) and ref not in seen:
            found, needed = allof_declared(data, _resolve(data, part), seen | {ref})
            properties |= {name: prop for name, prop in found.items() if name not in properties}
            required |= needed
        elif isinstance(part, dict):
            properties |= part.get("properties") or {}
            required |= {str(name) for name in part.get("required") or []}
    return properties, required


def allof_flattened(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Component schemas of an allOf of two or more `$ref`s whose members declare a property differently, each as
    one object of every property its members declare (through their own allOfs) and every name any requires.

    The models backend makes such a schema one class of the members' merged properties, not a subclass (their
    classes would give the field two definitions), but merges only each member's own `properties`: a member that is
    itself an allOf lost its fields (Rubrik's `VirtualMachineDetail` had none of `VirtualMachineSummary`'s). And where
    the members differ only through their own allOfs, the backend kept the bases, whose classes then typed the field
    twice (Rubrik's `VmwareHostDetail`: `configuredSlaDomainId` optional in one base, required in the other), which
    `mypy --strict` refuses. The backend is given such a schema merged: a property takes the schema's own (inline)
    declaration, else the first member's; it is required where any member requires it.

    So is a member of a discriminated union whose tag would narrow a base class's field to an unrelated type
    (`_tags_narrow_a_base`).
    """
    found: dict[str, dict[str, Any]] = {}
    tagged = _tags_narrow_a_base(data)
    for name, schema in sorted(((data.get("components") or {}).get("schemas") or {}).items()):
        members = schema.get("allOf") if isinstance(schema, dict) else None
        bases = [m for m in members or [] if isinstance(m, dict) and isinstance(m.get("$ref"), str)]
        if name not in tagged and (len(bases) < 2 or not _members_differ(data, members or [])):
            continue
        properties, required = allof_declared(data, schema, set())
        merged = {key: value for key, value in schema.items() if key != "allOf"}
        merged.update(type="object", properties=properties, required=[p for p in properties if p in required])
        found[name] = copy.deepcopy(merged)  # its own, not its members' property schemas
    return found


def _tags_narrow_a_base(data: dict[str, Any]) -> set[str]:
    """Component schemas, members of a discriminated oneOf or anyOf, whose model's tag (a `Literal` of its own value)
    would override an allOf ancestor's field of another type: the ancestor is a member too (Just Eat's `Percent`, an
    allOf of `ActiveConsumerOffer`, in `oneOf: [ActiveConsumerOffer, Percent]`: two Literals), or declares the
    discriminator property as an enum (Just Eat's `ConsumerOffer.offerType: {$ref: ConsumerOfferType}`, where
    `ConsumerOffer_Bogof` is `Literal["Bogof"]`). `mypy --strict` refuses such a subclass."""
    found = set()
    for _, schema in iter_document_schemas(data):
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict) or not isinstance(discriminator.get("propertyName"), str):
            continue
        members = [m for k in ("oneOf", "anyOf") if isinstance(schema.get(k), list) for m in schema[k]]
        refs = {m["$ref"] for m in members if isinstance(m, dict) and isinstance(m.get("$ref"), str)}
        for ref in refs:
            tokens = split_pointer(ref.removeprefix("#")) if ref.startswith("#/") else []
            if len(tokens) != 3 or tokens[:2] != ["components", "schemas"]:
                continue
            ancestors = _ancestors(data, _resolve(data, {"$ref": ref}), set())
            if refs & ancestors or any(
                _enumerated(data, _resolve(data, {"$ref": a}), discriminator["propertyName"]) for a in ancestors
            ):
                found.add(tokens[2])
    return found


def _enumerated(data: dict[str, Any], schema: Any, name: str) -> bool:
    """Whether a schema's own property of that name is an enum or a const (a type of its own in the models)."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    declared = _resolve(data, properties.get(name)) if isinstance(properties, dict) else None
    return isinstance(declared, dict) and ("enum" in declared or "const" in declared)


def _members_differ(data: dict[str, Any], members: list[Any]) -> bool:
    """Whether two members of an allOf declare one property differently: as written in their own `properties` (what
    the models backend compares), or, through their own allOfs, as another Python type (another type, or one
    requires it and does not allow null where the other does not)."""
    written: dict[str, set[str]] = {}
    typed: dict[str, set[tuple[str, bool]]] = {}
    for member in members:
        own = _resolve(data, member)
        for prop, declaration in ((own if isinstance(own, dict) else {}).get("properties") or {}).items():
            written.setdefault(prop, set()).add(json.dumps(declaration, sort_keys=True, default=str))
        properties, required = allof_declared(
            data, own, {member["$ref"]} if isinstance(member, dict) and "$ref" in member else set()
        )
        for prop, declaration in properties.items():
            core, nullable = _core(_resolve(data, declaration))
            typed.setdefault(prop, set()).add((core, prop in required and not nullable))
    return any(len(found) > 1 for found in written.values()) or any(len(found) > 1 for found in typed.values())

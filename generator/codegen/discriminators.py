"""A discriminated union's tags made explicit for the models backend: the values a server sends, not class names.

Where a union's `discriminator` has no `mapping` entry for a member, OpenAPI's tag is the member schema's
name; but a member whose discriminator property is a `const` or an `enum` accepts only those values, so
they are its tags (OpenAI's `WebSearchTool` has `type: {enum: [web_search, web_search_2025_08_26]}`: a
server sends `web_search`). The models backend reads a one-value enum that way but falls back to the
schema's name for several values, and would make the field `Literal["WebSearchTool"]`: a model that
refuses what the server sends and sends what the server refuses. With every tag written into `mapping`,
the backend types the field as the Literal of exactly those values. A member that leaves the property
open gets its schema's name, as OpenAPI says (written out, the tag stays the document's name when the
IR names the class otherwise), or the value Azure's `x-ms-discriminator-value` names.
"""

from __future__ import annotations

from typing import Any

from ..openapi.pointer import join_pointer
from ..openapi.refs import deref
from ..openapi.walk import iter_subschemas

PREFIX = "#/components/schemas/"
MAX_DEPTH = 16


def explicit_mappings(data: dict[str, Any]) -> None:
    """Write the tags of every discriminated union's members into its `mapping` (in place, before any renaming),
    and those of the components that extend a discriminated base by `allOf` into the base's (see _heirs)."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():
        discriminator = schema.get("discriminator") if isinstance(schema, dict) else None
        if isinstance(discriminator, dict) and not (schema.get("oneOf") or schema.get("anyOf")):
            heirs = [{"$ref": ref} for ref in _heirs(schemas, PREFIX + name)]
            mapping = _mapping(data, discriminator, heirs, base=PREFIX + name)
            if mapping is not None:
                discriminator["mapping"] = mapping
                _open_base_property(data, schema, discriminator.get("propertyName"))
    for name, schema in schemas.items():
        for _, sub in iter_subschemas(schema, join_pointer("components", "schemas", name)):
            members = sub.get("oneOf") or sub.get("anyOf")
            discriminator = sub.get("discriminator")
            if isinstance(discriminator, dict) and isinstance(members, list):
                mapping = _mapping(data, discriminator, members)
                if mapping is not None:
                    discriminator["mapping"] = mapping


def _heirs(schemas: dict[str, Any], base: str) -> list[str]:
    """The components whose `allOf` names `base` (Bitbucket's `repository: allOf: [{$ref: object}, ...]`, with the
    discriminator on `object`): a reference to the base is the union of them, tagged by their own names (the
    backend would tag them by their class names: `Literal["Repository"]` where Bitbucket sends `repository`)."""
    return [
        PREFIX + name
        for name, schema in schemas.items()
        if isinstance(schema, dict)
        and isinstance(schema.get("allOf"), list)
        and any(isinstance(part, dict) and part.get("$ref") == base for part in schema["allOf"])
    ]


def _open_base_property(data: dict[str, Any], base: dict[str, Any], prop: Any) -> None:
    """A base whose discriminator property is an enum (Azure's `eventsResultData.type: {$ref: eventType}`) has it as
    a plain string: each heir narrows it to its own tags (`Literal["trace"]`), which `mypy --strict` refuses as an
    override of an enum class, and the tags need not be the enum's values (Azure's are not)."""
    properties = base.get("properties")
    declared, _ = deref(data, properties.get(prop) if isinstance(properties, dict) else None, lenient=True)
    if isinstance(properties, dict) and isinstance(declared, dict) and _closed(data, declared):
        kept = {k: declared[k] for k in ("description", "title") if isinstance(declared.get(k), str)}
        properties[prop] = {"type": "string", **kept}


def _mapping(
    data: dict[str, Any], discriminator: dict[str, Any], members: list[Any], base: str | None = None
) -> dict[str, str] | None:
    """The union's mapping with a tag for each member it leaves implicit; None to leave the union as it is.

    Left as it is: a union with a member that is not a component (a `$ref` with keywords beside it, an inline
    schema), or is a union itself, or whose property is neither open nor a closed set of strings (say, nullable).
    `base`: the members extend it by `allOf` (its heirs), and only what each says of the property itself counts.
    """
    prop = discriminator.get("propertyName")
    mapping = discriminator.get("mapping") or {}
    if not isinstance(prop, str) or not isinstance(mapping, dict):
        return None
    found = dict(mapping)
    mapped = {target for target in mapping.values() if isinstance(target, str)}
    for member in members:
        ref = member.get("$ref") if isinstance(member, dict) and len(member) == 1 else None
        if not isinstance(ref, str) or not ref.startswith(PREFIX):
            return None
        if ref in mapped:
            continue
        target, _ = deref(data, member, lenient=True)
        if not isinstance(target, dict) or target.get("oneOf") or target.get("anyOf"):
            return None
        values = _values(data, target, prop, 0, base)
        if values is None:
            return None
        named = target.get("x-ms-discriminator-value")  # Azure's (autorest's) tag of a subtype
        implicit = named if isinstance(named, str) else ref.removeprefix(PREFIX).replace("~1", "/").replace("~0", "~")
        for tag in values or [implicit]:
            found.setdefault(tag, ref)
    return found if found != mapping else None


def _values(
    data: dict[str, Any], schema: dict[str, Any], prop: str, depth: int, base: str | None = None
) -> list[str] | None:
    """The strings a schema's property `prop` is limited to (through allOf, but `base`); [] when open; None when
    neither."""
    declared, _ = deref(data, (schema.get("properties") or {}).get(prop), lenient=True)
    if isinstance(declared, dict):
        return _closed(data, declared)
    parts: list[Any] = schema["allOf"] if isinstance(schema.get("allOf"), list) and depth < MAX_DEPTH else []
    for part in parts:
        if base is not None and isinstance(part, dict) and part.get("$ref") == base:
            continue  # what the base says of the property is every heir's, no heir's own tag
        resolved, _ = deref(data, part, lenient=True)
        if isinstance(resolved, dict):
            values = _values(data, resolved, prop, depth + 1, base)
            if values != []:
                return values
    return []


def _closed(data: dict[str, Any], declared: dict[str, Any]) -> list[str] | None:
    """A property schema's `const` or `enum` strings; [] for an open string; None for anything else."""
    if set(declared) & {"oneOf", "anyOf", "allOf"}:
        return None
    if "const" in declared:
        return [declared["const"]] if isinstance(declared["const"], str) else None
    enum = declared.get("enum")
    if isinstance(enum, list):
        return list(enum) if enum and all(isinstance(v, str) for v in enum) else None
    kind = declared.get("type")
    return [] if kind in (None, "string") else None

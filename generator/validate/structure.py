"""Validate stage: openapi-spec-validator plus the project's own rules; every problem is a Diagnostic."""

from __future__ import annotations

import keyword
import re
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.naming import snake_case
from ..openapi.pointer import escape_pointer_token, join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import deref, iter_refs, reachable_components, ref_cycles, ref_pointer
from ..openapi.walk import COMPONENT_SECTIONS, iter_operations, iter_subschemas
from .examples import check_examples
from .extensions import check_extensions

CLASS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def validate_document(doc: SpecDocument) -> list[Diagnostic]:
    """Every problem in one document; empty when it can be generated from."""
    diagnostics = check_refs(doc)
    if diagnostics:
        return diagnostics  # the other checks need a document whose references resolve
    diagnostics += check_openapi_schema(doc) + check_operations(doc)
    if diagnostics:
        return sorted(set(diagnostics))  # the remaining rules assume a structurally valid document
    diagnostics += check_unused_components(doc)
    diagnostics += check_discriminators(doc)
    diagnostics += check_names(doc)
    diagnostics += check_examples(doc)
    diagnostics += check_extensions(doc)
    return sorted(set(diagnostics))


def check_refs(doc: SpecDocument) -> list[Diagnostic]:
    """Every $ref is local and points at something; no chain of $refs comes back to itself."""
    found = []
    for pointer, ref in iter_refs(doc.data):
        target = ref_pointer(ref)
        if target is None:
            found.append(
                doc.diagnostic(pointer, f"$ref {ref!r} is not a local reference (#/...); bundle it into the document")
            )
            continue
        try:
            resolve_pointer(doc.data, target)
        except KeyError:
            found.append(doc.diagnostic(pointer, f"unresolved $ref {ref!r}"))
    return found + [doc.diagnostic(cycle.chain[0], str(cycle)) for cycle in ref_cycles(doc.data)]


def check_openapi_schema(doc: SpecDocument) -> list[Diagnostic]:
    """The document is valid OpenAPI 3.1 according to openapi-spec-validator."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    if not str(doc.data.get("openapi", "")).startswith("3.1"):
        return [
            doc.diagnostic("/openapi", f"expected an OpenAPI 3.1 document, got openapi: {doc.data.get('openapi')!r}")
        ]
    found = []
    try:
        for error in OpenAPIV31SpecValidator(doc.data).iter_errors():
            path = [str(p) for p in getattr(error, "path", []) or []]
            message = getattr(error, "message", str(error)).splitlines()[0]
            found.append(
                doc.diagnostic(_locate(doc, path, getattr(error, "instance", None)), f"invalid OpenAPI: {message}")
            )
    except Exception as exc:  # the validator raises on some broken documents instead of reporting
        found.append(doc.diagnostic("", f"invalid OpenAPI: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"))
    return found


def _locate(doc: SpecDocument, path: list[str], instance: Any) -> str:
    """The document pointer of a validator error; schema errors come with a path relative to their schema."""
    if not path or path[0] in doc.data:
        return join_pointer(*path)
    for base, _schema in _all_schemas(doc):
        candidate = base + join_pointer(*path)
        try:
            if resolve_pointer(doc.data, candidate) == instance:
                return candidate
        except KeyError:
            continue
    return join_pointer(*path)


def check_operations(doc: SpecDocument) -> list[Diagnostic]:
    """Every operation is documented: operationId, summary, description, tags, errors; ids unique."""
    found = []
    seen: dict[str, str] = {}
    for pointer, _path, _method, operation in iter_operations(doc.data):
        for key in ("operationId", "summary", "description"):
            if not isinstance(operation.get(key), str) or not operation[key].strip():
                found.append(doc.diagnostic(pointer, f"operation has no {key}"))
        if not isinstance(operation.get("tags"), list) or not operation["tags"]:
            found.append(doc.diagnostic(pointer, "operation has no tags"))
        responses = operation.get("responses") or {}
        if not any(code == "default" or str(code)[:1] in "45" for code in responses):
            found.append(
                doc.diagnostic(
                    join_pointer(*split_pointer(pointer), "responses"),
                    "operation documents no error response (4XX, 5XX or default)",
                )
            )
        op_id = operation.get("operationId")
        if isinstance(op_id, str):
            if op_id in seen:
                found.append(
                    doc.diagnostic(
                        pointer + "/operationId", f"duplicate operationId {op_id!r} (first at {seen[op_id]})"
                    )
                )
            else:
                seen[op_id] = pointer
    return found


def check_unused_components(doc: SpecDocument) -> list[Diagnostic]:
    """Every component is reachable from the paths or the document's top level."""
    components = doc.data.get("components") or {}
    roots = {key: value for key, value in doc.data.items() if key != "components"}
    requirements = list(doc.data.get("security") or [])
    for _, _, _, operation in iter_operations(doc.data):
        requirements += operation.get("security") or []
    schemes = {join_pointer("components", "securitySchemes", name) for scheme in requirements for name in scheme}
    reached = reachable_components(doc.data, roots, starts=schemes)
    found = []
    for section in COMPONENT_SECTIONS:
        for name in components.get(section) or {}:
            pointer = join_pointer("components", section, name)
            if pointer not in reached:
                found.append(doc.diagnostic(pointer, f"unused component {section}/{name}"))
    return found


def _all_schemas(doc: SpecDocument) -> list[tuple[str, dict[str, Any]]]:
    """Every schema object in the document (components and inline), with its pointer."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
        found += iter_subschemas(schema, join_pointer("components", "schemas", name))
    for pointer, node in _iter_dicts(doc.data, ""):
        if pointer.startswith("/components/schemas"):
            continue
        if isinstance(node.get("schema"), dict):
            found += iter_subschemas(node["schema"], pointer + "/schema")
    return found


def _iter_dicts(node: Any, pointer: str) -> Any:
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key != "schema":
                yield from _iter_dicts(value, pointer + "/" + escape_pointer_token(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _iter_dicts(value, f"{pointer}/{index}")


def check_discriminators(doc: SpecDocument) -> list[Diagnostic]:
    """Discriminator mappings name union members whose discriminator property is a matching const."""
    found = []
    for pointer, schema in _all_schemas(doc):
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict):
            continue
        prop = discriminator.get("propertyName")
        members = schema.get("oneOf") or schema.get("anyOf") or []
        member_refs = {m.get("$ref") for m in members if isinstance(m, dict)}
        mapping = discriminator.get("mapping") or {}
        if not mapping:
            found.append(
                doc.diagnostic(
                    pointer + "/discriminator", "discriminator has no mapping; list every variant explicitly"
                )
            )
        for value, target in mapping.items():
            where = join_pointer(*split_pointer(pointer), "discriminator", "mapping", value)
            local = ref_pointer(target) if isinstance(target, str) else None
            if local is None:
                found.append(
                    doc.diagnostic(where, f"mapping {value!r} must be a local $ref to a schema, got {target!r}")
                )
                continue
            try:
                variant, _ = deref(doc.data, resolve_pointer(doc.data, local), local)
            except KeyError:
                found.append(doc.diagnostic(where, f"mapping {value!r} points at a missing schema {target!r}"))
                continue
            if target not in member_refs:
                found.append(
                    doc.diagnostic(
                        where, f"mapping {value!r} points at {target!r}, which is not one of the union's members"
                    )
                )
            prop_schema = ((variant or {}).get("properties") or {}).get(prop)
            if isinstance(prop_schema, dict) and "$ref" in prop_schema:
                prop_schema, _ = deref(doc.data, prop_schema, local)
            const = (prop_schema or {}).get("const") if isinstance(prop_schema, dict) else None
            if const != value:
                found.append(
                    doc.diagnostic(
                        where, f"variant {target!r} must declare {prop!r} as const {value!r} (found {const!r})"
                    )
                )
            if prop not in ((variant or {}).get("required") or []):
                found.append(
                    doc.diagnostic(where, f"variant {target!r} must require its discriminator property {prop!r}")
                )
        mapped = set(mapping.values())
        for index, member in enumerate(members):
            ref = member.get("$ref") if isinstance(member, dict) else None
            if ref is None:
                found.append(
                    doc.diagnostic(
                        f"{pointer}/oneOf/{index}", "a discriminated union's members must be $refs to named schemas"
                    )
                )
            elif mapping and ref not in mapped:
                found.append(
                    doc.diagnostic(
                        f"{pointer}/oneOf/{index}", f"union member {ref!r} has no discriminator mapping entry"
                    )
                )
    return found


def _bad_identifier(name: str) -> bool:
    return not name.isidentifier() or keyword.iskeyword(name)


def check_names(doc: SpecDocument) -> list[Diagnostic]:
    """Names that become Python identifiers are valid after conversion."""
    found = []
    for name in (doc.data.get("components") or {}).get("schemas") or {}:
        if not CLASS_NAME.match(name):
            found.append(
                doc.diagnostic(
                    join_pointer("components", "schemas", name),
                    f"schema name {name!r} is not a valid Python class name (letters, digits, _; starting with a letter)",
                )
            )
    for pointer, _path, _method, operation in iter_operations(doc.data):
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and _bad_identifier(snake_case(op_id)):
            found.append(
                doc.diagnostic(
                    pointer + "/operationId",
                    f"operationId {op_id!r} gives {snake_case(op_id)!r}, not a valid Python identifier",
                )
            )
        for index, tag in enumerate(operation.get("tags") or []):
            if not isinstance(tag, str) or _bad_identifier(snake_case(tag)):
                found.append(
                    doc.diagnostic(f"{pointer}/tags/{index}", f"tag {tag!r} does not give a valid Python identifier")
                )
        for index, param in enumerate(operation.get("parameters") or []):
            param, _ = deref(doc.data, param, f"{pointer}/parameters/{index}")
            name = (param or {}).get("name")
            if isinstance(name, str) and _bad_identifier(snake_case(name)):
                found.append(
                    doc.diagnostic(
                        f"{pointer}/parameters/{index}",
                        f"parameter {name!r} gives {snake_case(name)!r}, not a valid Python identifier",
                    )
                )
    return found

"""Validate stage: openapi-spec-validator (3.0 or 3.1), then the house rules as a lint; every problem a Diagnostic."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from ..openapi.allof_conflicts import allof_conflicts
from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.naming import method_name, python_name, snake_case
from ..openapi.normalize import normalize
from ..openapi.pointer import join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import deref, iter_refs, mapping_target, ref_cycles, ref_pointer
from ..openapi.suggest import ref_suggestion
from ..openapi.walk import iter_document_schemas, iter_operations
from .broken_operations import set_aside_broken_operations
from .examples import check_examples
from .extensions import check_extensions
from .lenient import read_leniently
from .lint import Lint
from .mappings import ignore_unresolved_discriminators, unresolved_mapping
from .method_names import name_clashing_derived_methods
from .opc_parser import check_opc_parser
from .openapi_schema import check_openapi_schema
from .ref_spellings import read_ref_spellings
from .security import check_security
from .unused import set_aside_broken_unused, unused_components

CLASS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
SUPPORTED_VERSIONS = ("3.0.", "3.1.")
T = TypeVar("T")


def validate_document(
    doc: SpecDocument, lint: Lint | None = None, *, ahead: Callable[[SpecDocument], None] | None = None
) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document as OpenAPI 3.1 and every problem in it (errors and lint warnings), located where the user wrote it.

    Structure is checked against the version the document declares (a violation whose meaning is
    clear is read as meant, with a warning, unless `lint.strict`); a 3.0 document is then normalized
    to 3.1 (generator.normalize) and every later rule sees that one form. `ahead` is told the document
    as read (before normalizing) as soon as it is known, while the other rules have yet to run.
    """
    lint = lint or Lint()
    diagnostics = check_version(doc)
    if diagnostics:
        return doc, diagnostics
    doc, spelled = read_ref_spellings(doc, strict=lint.strict)  # `%7B`, pointers through a $ref (ref_spellings.py)
    broken_refs = check_refs(doc)
    diagnostics = broken_refs
    if broken_refs and not lint.strict:  # an operation whose $ref is broken is left out (broken_operations.py)
        doc, diagnostics = set_aside_broken_operations(doc, broken_refs, lint)
    if any(d.level == "error" for d in diagnostics):
        return doc, spelled + broken_refs  # the other checks need a document whose references resolve
    set_aside = list(diagnostics)  # the broken $refs as warnings: errors again if the document is refused after all
    if lint.strict:
        diagnostics += check_openapi_schema(doc) + _path_refs(doc)
        if ahead is not None and not diagnostics:
            ahead(doc)
    else:
        doc, read = read_leniently(doc, ahead)  # what is meant, where it is clear (lenient.py); the rest are errors
        diagnostics += read
    doc, renamed = name_clashing_derived_methods(doc, lint)  # two operations' derived names (method_names.py)
    diagnostics += renamed + check_operations(doc, lint)
    if not lint.strict:
        doc, diagnostics = set_aside_broken_operations(doc, diagnostics, lint)
    valid = not any(d.level == "error" for d in diagnostics)
    # Every problem in one pass: the remaining rules assume a valid document, so after an error each
    # runs on its own, and a rule that cannot read the invalid document adds nothing (its error is reported).
    doc = normalize(doc) if valid else _attempt(lambda: normalize(doc), doc)
    if valid:  # a mapping to a schema the document lacks: the discriminator goes, not the operation (mappings.py)
        doc, ignored = ignore_unresolved_discriminators(doc, lint)
        diagnostics += ignored
    rules: list[Callable[[], list[Diagnostic]]] = [
        lambda: check_unused_components(doc, lint),
        lambda: check_discriminators(doc, lint),
        lambda: check_names(doc, lint),
        lambda: check_formats(doc, lint),
        lambda: check_security(doc, lint),
        lambda: [doc.diagnostic(pointer, message, "warning") for pointer, message in allof_conflicts(doc.data)],
        lambda: check_examples(doc, lint),
        lambda: check_extensions(doc, lint),
        lambda: check_opc_parser(doc, lint),
    ]
    for rule in rules:
        diagnostics += rule() if valid else _attempt(rule, [])
    if not lint.strict and any(d.level == "error" for d in diagnostics):
        # What the rules found broken (a `$ref` in an example's schema, ...) is set aside too.
        doc, diagnostics = set_aside_broken_operations(doc, diagnostics, lint)
        doc, diagnostics = set_aside_broken_unused(doc, diagnostics, lint)
    if set_aside and any(d.level == "error" for d in diagnostics):
        diagnostics = [d for d in diagnostics if d not in set_aside] + broken_refs
    return doc, sorted(set(spelled + diagnostics))


def _path_refs(doc: SpecDocument) -> list[Diagnostic]:
    """Under `--strict`, a path that is a `$ref` is an error: only the lenient reading copies the path item it
    names (lenient.path_item_refs), and its operations are not to go missing without a word."""
    paths = doc.data.get("paths")
    return [
        doc.diagnostic(join_pointer("paths", path, "$ref"), "a path that is a `$ref`: write its path item here")
        for path, item in (paths.items() if isinstance(paths, dict) else [])
        if isinstance(item, dict) and "$ref" in item
    ]


def _attempt(run: Callable[[], T], otherwise: T) -> T:
    """`run()`, or `otherwise` when it fails on a document already found invalid."""
    try:
        return run()
    except Exception:  # noqa: BLE001 - the document's own errors are reported; this rule just cannot tell more
        return otherwise


def check_version(doc: SpecDocument) -> list[Diagnostic]:
    """The document declares an OpenAPI version this generator reads (3.0.x or 3.1.x)."""
    version = doc.data.get("openapi")
    if version is None and "swagger" in doc.data:
        return [
            doc.diagnostic(
                "/swagger", f"Swagger {doc.data['swagger']} is not supported; convert the document to OpenAPI 3"
            )
        ]
    if version is None:
        return [doc.diagnostic("", "not an OpenAPI document: it has no `openapi` version field")]
    if not isinstance(version, str) or not version.startswith(SUPPORTED_VERSIONS):
        return [doc.diagnostic("/openapi", f"OpenAPI {version!r} is not supported (3.0.x and 3.1.x are)")]
    return []


def check_refs(doc: SpecDocument) -> list[Diagnostic]:
    """Every $ref points at something; no chain of $refs comes back to itself.

    References to other files were followed by the loader (openapi/external.py); what it could not
    follow is in `doc.problems`, and such a `$ref` is left as written.
    """
    found = list(doc.problems)
    for pointer, ref in iter_refs(doc.data):
        target = ref_pointer(ref)
        if target is None:
            if not doc.problems:  # a document made in memory, whose files were never read
                found.append(doc.diagnostic(pointer, f"$ref {ref!r} is not a local reference (#/...)"))
            continue
        try:
            resolve_pointer(doc.data, target)
        except KeyError:
            found.append(doc.diagnostic(pointer, f"unresolved $ref {ref!r}{ref_suggestion(doc.data, target)}"))
    return found + [doc.diagnostic(cycle.chain[0], str(cycle)) for cycle in ref_cycles(doc.data)]


def check_operations(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """Every operation is documented (lint rules operation-*, error-responses); operationIds are unique."""
    found = []
    seen: dict[str, str] = {}
    for pointer, _path, _method, operation in iter_operations(doc.data):
        for key, rule in (("operationId", "operation-id"), ("summary", "operation-summary")):
            if not isinstance(operation.get(key), str) or not operation[key].strip():
                found += lint.check(doc, rule, pointer, f"operation has no {key}")
        if not isinstance(operation.get("description"), str) or not operation["description"].strip():
            found += lint.check(doc, "operation-description", pointer, "operation has no description")
        if not isinstance(operation.get("tags"), list) or not operation["tags"]:
            found += lint.check(doc, "operation-tags", pointer, "operation has no tags")
        responses = operation.get("responses") or {}
        if not any(code == "default" or str(code)[:1] in "45" for code in responses):
            found += lint.check(
                doc,
                "error-responses",
                join_pointer(*split_pointer(pointer), "responses"),
                "operation documents no error response (4XX, 5XX or default)",
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


def check_unused_components(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """Every component is reachable from the paths or the document's top level."""
    found = []
    for section, name, pointer in unused_components(doc.data):
        found += lint.check(doc, "unused-component", pointer, f"unused component {section}/{name}")
    return found


def all_schemas(doc: SpecDocument) -> list[tuple[str, dict[str, Any]]]:
    """Every schema object in the document (components and inline), with its pointer."""
    return list(iter_document_schemas(doc.data))


def check_discriminators(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """Mappings resolve (error); the house style (lint rule discriminator) maps every member to a required const."""
    found = []
    for pointer, schema in all_schemas(doc):
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict):
            continue
        prop = discriminator.get("propertyName")
        members_key = "oneOf" if schema.get("oneOf") else "anyOf"
        members = schema.get(members_key) or []
        member_refs = {m.get("$ref") for m in members if isinstance(m, dict)}
        mapping = discriminator.get("mapping") or {}
        if not mapping:
            found += lint.check(
                doc,
                "discriminator",
                pointer + "/discriminator",
                "discriminator has no mapping; list every variant explicitly",
            )
        for value, raw_target in mapping.items():
            where = join_pointer(*split_pointer(pointer), "discriminator", "mapping", value)
            problem = unresolved_mapping(doc.data, value, raw_target)
            if problem is not None:
                found.append(doc.diagnostic(where, problem))
                continue
            target = mapping_target(raw_target)
            local = ref_pointer(target) if target else None
            assert target is not None and local is not None  # it resolves (unresolved_mapping)
            variant, _ = deref(doc.data, resolve_pointer(doc.data, local), local)
            style = []
            if members and target not in member_refs:
                style.append(f"mapping {value!r} points at {target!r}, which is not one of the union's members")
            prop_schema = ((variant or {}).get("properties") or {}).get(prop)
            if isinstance(prop_schema, dict) and "$ref" in prop_schema:
                prop_schema, _ = deref(doc.data, prop_schema, local)
            const = (prop_schema or {}).get("const") if isinstance(prop_schema, dict) else None
            if const != value:
                style.append(f"variant {target!r} must declare {prop!r} as const {value!r} (found {const!r})")
            if prop not in ((variant or {}).get("required") or []):
                style.append(f"variant {target!r} must require its discriminator property {prop!r}")
            for message in style:
                found += lint.check(doc, "discriminator", where, message)
        mapped = {mapping_target(t) for t in mapping.values()}
        for index, member in enumerate(members):
            ref = member.get("$ref") if isinstance(member, dict) else None
            where = f"{pointer}/{members_key}/{index}"
            if ref is None:
                found += lint.check(
                    doc, "discriminator", where, "a discriminated union's members must be $refs to named schemas"
                )
            elif mapping and ref not in mapped:
                found += lint.check(
                    doc, "discriminator", where, f"union member {ref!r} has no discriminator mapping entry"
                )
    return found


def check_names(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """Names that become Python identifiers need no change (lint rule names); else say what they become."""
    found = []
    for name in (doc.data.get("components") or {}).get("schemas") or {}:
        if not CLASS_NAME.match(name):
            found += lint.check(
                doc,
                "names",
                join_pointer("components", "schemas", name),
                f"schema name {name!r} is not a valid Python class name (letters, digits, _; starting with a letter)",
            )
    for pointer, path, method, operation in iter_operations(doc.data):
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and snake_case(op_id) != python_name(op_id, method):
            found += lint.check(
                doc,
                "names",
                pointer + "/operationId",
                f"operationId {op_id!r} gives {snake_case(op_id)!r}, not a valid Python identifier; the method "
                f"is named {method_name(path, method, operation)!r}",
            )
        for index, tag in enumerate(operation.get("tags") or []):
            if not isinstance(tag, str) or snake_case(tag) != python_name(str(tag)):
                found += lint.check(
                    doc,
                    "names",
                    f"{pointer}/tags/{index}",
                    f"tag {tag!r} does not give a valid Python identifier; its resource is {python_name(str(tag))!r}",
                )
        for index, param in enumerate(operation.get("parameters") or []):
            param, _ = deref(doc.data, param, f"{pointer}/parameters/{index}")
            name = (param or {}).get("name")
            if isinstance(name, str) and snake_case(name) != python_name(name):
                found += lint.check(
                    doc,
                    "names",
                    f"{pointer}/parameters/{index}",
                    f"parameter {name!r} gives {snake_case(name)!r}, not a valid Python identifier; it is "
                    f"passed as {python_name(name)!r}",
                )
    return found


def check_formats(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """A `format` the generator does not know is generated as its plain JSON type (lint rule unknown-format)."""
    from ..openapi.formats import known_format

    found = []
    for pointer, schema in all_schemas(doc):
        fmt = schema.get("format")
        typed = schema
        if "type" not in schema and "$ref" in schema and fmt is not None:  # a format beside a $ref: its target's type
            typed = deref(doc.data, schema, lenient=True)[0]
            if not isinstance(typed, dict) or typed.get("format") == fmt:
                continue
        kinds: list[Any] = typed["type"] if isinstance(typed.get("type"), list) else [typed.get("type")]
        unknown = [k for k in kinds if k != "null" and not known_format(k, fmt)]
        if not unknown:
            continue
        what = f"it is generated as a plain {unknown[0]}"
        if typed is not schema:
            what = f"beside a $ref to a {unknown[0]}, it is ignored: the field is the $ref's type"
        found += lint.check(
            doc, "unknown-format", pointer + "/format", f"format {fmt!r} is not known for type {unknown[0]!r}; {what}"
        )
    return found

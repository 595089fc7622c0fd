"""Parameters and body fields of a page against the spec: presence, required, type, enum values, defaults."""

from __future__ import annotations

from typing import Any

from ..openapi.pointer import join_pointer, split_pointer
from ..openapi.refs import deref
from .compare_text import compare_description
from .drift import DriftLog
from .fix import Edit
from .fixes import new_parameter, new_property, one
from .page import NO_DEFAULT, DocBody, DocField, Located
from .schema_facts import doc_type_kinds, first_key, kinds, properties, ref_name

Parameters = dict[tuple[str, str], tuple[dict[str, Any], str]]


def operation_parameters(data: dict[str, Any], op_pointer: str, path_pointer: str) -> Parameters:
    """The operation's parameters by (name, in), path-level ones included, each with its pointer."""
    found: Parameters = {}
    for owner in (path_pointer, op_pointer):
        owner_node, _ = deref(data, {"$ref": "#" + owner}, owner)
        for index, raw in enumerate(owner_node.get("parameters") or []):
            param, where = deref(data, raw, f"{owner}/parameters/{index}")
            if isinstance(param, dict):
                found[(str(param.get("name")), str(param.get("in")))] = (param, where)
    return found


def compare_parameters(log: DriftLog, spec: Parameters, op_pointer: str) -> None:
    """The page's path/query/header parameters against the operation's."""
    documented = {(field.name, field.where) for field in log.page.parameters}
    for field in log.page.parameters:
        if (field.name, field.where) not in spec:
            log.add(
                field.line,
                op_pointer + "/parameters",
                f"{field.where} parameter {field.name!r} is not in the spec",
                new_parameter(field, op_pointer),
            )
            continue
        param, where = spec[(field.name, field.where)]
        compare_required(log, field, bool(param.get("required", False)), where + "/required", param, where)
        compare_schema_facts(log, field, param.get("schema"), where + "/schema")
        if field.description and log.page.layout.startswith("Karat"):
            owner, owner_pointer = param, where
            if "description" not in param:
                found = first_key(log.doc.data, param.get("schema"), where + "/schema", "description")
                if found is not None:
                    owner_pointer = found[1].rsplit("/", 1)[0]
                    owner, _ = deref(log.doc.data, {"$ref": "#" + owner_pointer}, owner_pointer)
            lines = [Located(field.line, field.description)]
            compare_description(log, lines, owner, owner_pointer, f"{field.where} parameter {field.name!r}")
    for (name, place), (_, where) in spec.items():
        if place in ("path", "query") and (name, place) not in documented:
            log.add(log.page.line, where, f"{place} parameter {name!r} of the spec is not on the page")


def compare_required(
    log: DriftLog, field: DocField, spec_required: bool, pointer: str, node: Any, node_pointer: str
) -> None:
    """Required on the page versus required in the spec. `x-docs: {required: ...}` on the field's schema (or
    parameter) records what the docs say where the spec knowingly differs; it must still be what the page says."""
    if field.required is None:
        return
    said = "required" if field.required else "optional"
    noted = node.get("x-docs") if isinstance(node, dict) else None
    if isinstance(noted, dict) and "required" in noted:
        if noted["required"] != field.required:
            log.add(
                field.line,
                node_pointer + "/x-docs/required",
                f"{field.name!r} is {said} on the page; x-docs says the docs had it {'required' if noted['required'] else 'optional'}",
            )
        return
    if field.required != spec_required:
        if pointer.endswith("/required") and field.where == "body":  # the object's list of required keys
            edit = Edit("append" if field.required else "remove", pointer, field.name)
        else:
            edit = Edit("set", pointer, field.required)
        log.add(
            field.line,
            pointer,
            f"{field.name!r} is {said} on the page, {'required' if spec_required else 'optional'} in the spec",
            one("required", edit),
        )


def compare_schema_facts(log: DriftLog, field: DocField, node: Any, pointer: str) -> None:
    """Type, enum values and default of one field."""
    data = log.doc.data
    if field.type:
        _compare_type(log, field, node, pointer)
    if field.enum is not None:
        found = first_key(data, node, pointer, "enum")
        spec_values = [str(v) for v in found[0]] if found else []
        where = found[1] if found else pointer
        for value in field.enum:
            if value not in spec_values:
                fix = one("enum value", Edit("append", where, value)) if found else None
                log.add(field.enum_line, where, f"enum value {value!r} of {field.name!r} is not in the spec", fix)
        for value in spec_values:
            if value not in field.enum:
                log.add(
                    field.enum_line, where, f"enum value {value!r} of {field.name!r} in the spec is not on the page"
                )
    if field.default is not NO_DEFAULT:
        default = first_key(data, node, pointer, "default")
        if default is None:
            log.add(
                field.line,
                pointer,
                f"{field.name!r} defaults to {field.default!r} on the page; the spec has no default",
                one("default", Edit("set", pointer + "/default", field.default)) if isinstance(node, dict) else None,
            )
        elif default[0] != field.default:
            log.add(
                field.line,
                default[1],
                f"{field.name!r} defaults to {field.default!r} on the page, {default[0]!r} in the spec",
                one("default", Edit("set", default[1], field.default)),
            )


def _compare_type(log: DriftLog, field: DocField, node: Any, pointer: str) -> None:
    assert field.type is not None
    allowed = doc_type_kinds(field.type)
    spec_kinds = kinds(log.doc.data, node, pointer)
    if allowed is not None and spec_kinds and not (allowed & spec_kinds):
        log.add(
            field.line,
            pointer,
            f"{field.name!r} is {field.type} on the page, {'/'.join(sorted(spec_kinds))} in the spec",
        )
        return
    target, where = deref(log.doc.data, node, pointer)
    for wrapper, key in (("list<", "items"), ("set<", "items"), ("map<", "additionalProperties")):
        if field.type.startswith(wrapper) and isinstance(target, dict):
            named = field.type[len(wrapper) : -1].split(",")[-1].strip()
            spec_name = ref_name(target.get(key))
            if spec_name is not None and named[:1].isupper() and spec_name != named:
                log.add(
                    field.line, f"{where}/{key}", f"{field.name!r} holds {named} on the page, {spec_name} in the spec"
                )


def compare_body(log: DriftLog, body: DocBody, node: Any, pointer: str) -> None:
    """A request or response body: its type, then each documented field; with top-level fields listed, also the
    spec's fields the page does not list."""
    data = log.doc.data
    target, where = deref(data, node, pointer)
    if body.type and body.type.startswith("list<") and isinstance(target, dict):
        if "array" not in kinds(data, node, pointer):
            log.add(body.line, where, f"the body is {body.type} on the page, not an array in the spec")
        node, pointer = target.get("items"), f"{where}/items"
    elif body.name[:1].isupper() and ref_name(node) not in (None, body.name):
        log.add(body.line, pointer, f"the body is {body.name} on the page, {ref_name(node)} in the spec")
    top = [field for field in body.fields if not field.parent]
    props, required, object_pointer = properties(data, node, pointer)
    missing_parents: set[str] = set()
    for field in body.fields:
        field_props, field_required, field_object = (props, required, object_pointer)
        if field.parent and field.parent not in props:
            if field.parent not in missing_parents:
                missing_parents.add(field.parent)
                log.add(field.line, object_pointer + "/properties", f"{field.parent!r} is on the page, not in the spec")
            continue
        if field.parent:
            parent_pointer = join_pointer(*split_pointer(object_pointer), "properties", field.parent)
            field_props, field_required, field_object = properties(data, props[field.parent], parent_pointer)
        if field.name not in field_props:
            example = log.page.request_example.value if log.page.request_example and field.where == "body" else None
            value = example.get(field.name) if isinstance(example, dict) and not field.parent else None
            log.add(
                field.line,
                field_object + "/properties",
                f"field {field.name!r} is on the page, not in the spec",
                new_property(field, field_object, value) if field.where in ("body", "response") else None,
            )
            continue
        field_pointer = join_pointer(*split_pointer(field_object), "properties", field.name)
        compare_required(
            log, field, field.name in field_required, field_object + "/required", field_props[field.name], field_pointer
        )
        compare_schema_facts(log, field, field_props[field.name], field_pointer)
    if top:
        listed = {field.name for field in top}
        for name in props:
            if name not in listed:
                where_name = join_pointer(*split_pointer(object_pointer), "properties", name)
                log.add(body.line, where_name, f"field {name!r} of the spec is not on the page")

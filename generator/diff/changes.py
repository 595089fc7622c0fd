"""Spec diff: the API changes between two versions of one spec, each judged breaking or not for existing clients.

A change inside a component is reported once, at the component (`components/schemas/Record: ...`); a use
site reports only what changed there. A component schema is judged by how it is used: a value that clients
send (request) breaks them when it narrows, one they receive (response) when it widens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..openapi.pointer import resolve_pointer
from ..openapi.refs import deref, iter_refs, ref_pointer
from ..openapi.walk import HTTP_METHODS
from .schema import REQUEST, RESPONSE, Change, Context, compare_schema

BOTH = frozenset({REQUEST, RESPONSE})
SCHEMA_SECTIONS = {"parameters": REQUEST, "requestBodies": REQUEST, "responses": RESPONSE, "headers": RESPONSE}


DISTRIBUTION_METADATA = frozenset({"license", "urls"})  # x-sdk keys that change no generated code


def _operations(data: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]]:
    """Operations by (METHOD, path with parameter names blanked): (path, path item, operation)."""
    found = {}
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                found[(method.upper(), re.sub(r"\{[^}]*\}", "{}", path))] = (path, item, item[method])
    return found


def usage(data: dict[str, Any]) -> dict[str, set[str]]:
    """For every local $ref target, whether its values travel in requests, responses or both."""
    seen: dict[str, set[str]] = {}
    for _, (_, item, op) in _operations(data).items():
        roots = [
            (REQUEST, [*(item.get("parameters") or []), *(op.get("parameters") or []), op.get("requestBody")]),
            (RESPONSE, list((op.get("responses") or {}).values())),
        ]
        for direction, nodes in roots:
            pending = [t for _, ref in iter_refs(nodes) if (t := ref_pointer(ref))]
            while pending:
                target = pending.pop()
                if direction in seen.setdefault(target, set()):
                    continue
                seen[target].add(direction)
                try:
                    pending += [t for _, ref in iter_refs(resolve_pointer(data, target)) if (t := ref_pointer(ref))]
                except KeyError:
                    continue
    return seen


def _deref(data: dict[str, Any], node: Any) -> Any:
    return deref(data, node, lenient=True)[0]


def _same_ref(old: Any, new: Any) -> bool:
    return isinstance(old, dict) and isinstance(new, dict) and "$ref" in old and old.get("$ref") == new.get("$ref")


def _parameters(data: dict[str, Any], item: dict[str, Any], op: dict[str, Any]) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = _deref(data, raw)
        if isinstance(param, dict):
            name = str(param.get("name"))
            found[(str(param.get("in")), name.lower() if param.get("in") == "header" else name)] = raw
    return found


def compare_parameter(ctx: Context, old: Any, new: Any, label: str) -> None:
    """A parameter at the same place in both versions (in and name already matched)."""
    if _same_ref(old, new):
        return
    old, new = _deref(ctx.old_doc, old), _deref(ctx.new_doc, new)
    ctx = ctx.at(ctx.where, frozenset({REQUEST}), label)
    if not old.get("required") and new.get("required"):
        ctx.add("became required", narrower=True)
    elif old.get("required") and not new.get("required"):
        ctx.add("became optional")
    for key in ("style", "explode", "allowReserved"):
        if old.get(key) != new.get(key):
            ctx.add(f"{key} changed from {old.get(key)} to {new.get(key)}", always=True)
    if old.get("name") != new.get("name"):
        ctx.add(f"renamed from {old.get('name')} to {new.get('name')}", always=True)
    compare_schema(ctx, old.get("schema"), new.get("schema"))


def compare_content(ctx: Context, old: dict[str, Any], new: dict[str, Any], *, keep_media: bool) -> None:
    """The media types of a request body or response and their schemas."""
    before, after = old.get("content") or {}, new.get("content") or {}
    for media in before:
        if media not in after:
            ctx.add(f"media type {media} removed", always=keep_media)
    for media in after:
        if media not in before:
            ctx.add(f"media type {media} added")
        else:
            sub = ctx.at(ctx.where, ctx.usage, ctx.subject + (f" ({media})" if len(after) > 1 else ""))
            compare_schema(sub, before[media].get("schema"), after[media].get("schema"))


def compare_body(ctx: Context, old: Any, new: Any) -> None:
    """Two request bodies (either may be None)."""
    ctx = ctx.at(ctx.where, frozenset({REQUEST}), ctx.subject)
    if old is None and new is None or _same_ref(old, new):
        return
    old, new = _deref(ctx.old_doc, old), _deref(ctx.new_doc, new)
    if old is None:
        ctx.add(f"{'required ' * bool(new.get('required'))}request body added", narrower=bool(new.get("required")))
    elif new is None:
        ctx.add("request body removed", always=True)
    else:
        if not old.get("required") and new.get("required"):
            ctx.add("request body became required", narrower=True)
        elif old.get("required") and not new.get("required"):
            ctx.add("request body became optional")
        compare_content(ctx.at(ctx.where, ctx.usage, ctx.subject or "request body"), old, new, keep_media=True)


def compare_response(ctx: Context, status: str, old: Any, new: Any) -> None:
    """Two responses for the same status."""
    if _same_ref(old, new):
        return
    old, new = _deref(ctx.old_doc, old), _deref(ctx.new_doc, new)
    ctx = ctx.at(ctx.where, frozenset({RESPONSE}), ctx.subject or (f"response {status}" if status else ""))
    compare_content(ctx, old, new, keep_media=status.startswith("2") or not status)
    before, after = old.get("headers") or {}, new.get("headers") or {}
    for name in before:
        if name not in after:
            ctx.add(f"header {name} removed", always=True)
        elif not _same_ref(before[name], after[name]):
            header = ctx.at(ctx.where, ctx.usage, " ".join(p for p in (ctx.subject, f"header {name}") if p))
            old_header, new_header = _deref(ctx.old_doc, before[name]), _deref(ctx.new_doc, after[name])
            compare_schema(header, old_header.get("schema"), new_header.get("schema"))
    for name in after:
        if name not in before:
            ctx.add(f"header {name} added")


def _security(data: dict[str, Any], op: dict[str, Any]) -> set[tuple[tuple[str, tuple[str, ...]], ...]]:
    requirements = op["security"] if "security" in op else data.get("security") or []
    return {
        tuple(sorted((name, tuple(sorted(scopes or []))) for name, scopes in req.items()))
        for req in requirements
        if isinstance(req, dict)
    }


def compare_operation(
    ctx: Context, old: tuple[str, Any, Any], new: tuple[str, Any, Any], *, moved: bool = False
) -> None:
    """Two versions of one operation (matched by method and path, or by operationId when it `moved`)."""
    (old_path, old_item, old_op), (new_path, new_item, new_op) = old, new
    if old_path != new_path and not moved:
        ctx.add(f"path parameters renamed: was {old_path}", always=True)
    for name in ("operationId", "x-sdk-name"):
        if old_op.get(name) != new_op.get(name):
            ctx.add(f"{name} changed from {old_op.get(name)} to {new_op.get(name)} (the SDK method name)", always=True)
    if bool(old_op.get("deprecated")) != bool(new_op.get("deprecated")):
        ctx.add("deprecated" if new_op.get("deprecated") else "no longer deprecated")
    old_params = _parameters(ctx.old_doc, old_item, old_op)
    new_params = _parameters(ctx.new_doc, new_item, new_op)
    for key, raw in old_params.items():
        if key not in new_params:
            ctx.add(f"{key[0]} parameter {key[1]} removed", always=True)
        else:
            compare_parameter(ctx, raw, new_params[key], f"{key[0]} parameter {key[1]}")
    for key, raw in new_params.items():
        if key not in old_params:
            required = bool(_deref(ctx.new_doc, raw).get("required"))
            ctx.add(f"{'required ' * required}{key[0]} parameter {key[1]} added", always=required)
    compare_body(ctx, old_op.get("requestBody"), new_op.get("requestBody"))
    old_responses, new_responses = old_op.get("responses") or {}, new_op.get("responses") or {}
    for status, raw in old_responses.items():
        if status not in new_responses:
            ctx.add(f"response {status} removed", always=str(status).startswith("2"))
        else:
            compare_response(ctx, str(status), raw, new_responses[status])
    for status in new_responses:
        if status not in old_responses:
            ctx.add(f"response {status} added")
    old_security, new_security = _security(ctx.old_doc, old_op), _security(ctx.new_doc, new_op)
    if old_security != new_security:
        ctx.add("security requirements changed", always=bool(old_security - new_security))
    for name in sorted({k for k in (*old_op, *new_op) if k.startswith("x-") and k != "x-sdk-name"}):
        if old_op.get(name) != new_op.get(name):
            ctx.add(f"{name} {'added' if name not in old_op else 'removed' if name not in new_op else 'changed'}")


def _diff_operations(old: dict[str, Any], new: dict[str, Any], out: list[Change]) -> None:
    before, after = _operations(old), _operations(new)
    moved: dict[tuple[str, str], tuple[str, str]] = {}
    by_id = {op.get("operationId"): key for key, (_, _, op) in after.items() if key not in before}
    for key, (_, _, op) in before.items():
        target = by_id.get(op.get("operationId"))
        if key not in after and op.get("operationId") and target is not None:
            moved[key] = target
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[1], k[0])):
        where = f"{key[0]} {(after.get(key) or before[key])[0]}"
        ctx = Context(old, new, where, BOTH, changes=out)
        if key in moved:
            target = moved[key]
            ctx = Context(old, new, f"{target[0]} {after[target][0]}", BOTH, changes=out)
            ctx.add(f"moved from {key[0]} {before[key][0]}", always=True)
            compare_operation(ctx, before[key], after[target], moved=True)
        elif key in moved.values():
            continue
        elif key not in after:
            ctx.add("operation removed", always=True)
        elif key not in before:
            ctx.add("operation added")
        else:
            compare_operation(ctx, before[key], after[key])


def _components(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for section, entries in (data.get("components") or {}).items():
        if isinstance(entries, dict):
            for name in entries:
                yield section, name


def _diff_components(old: dict[str, Any], new: dict[str, Any], out: list[Change]) -> None:
    old_usage, new_usage = usage(old), usage(new)
    names = sorted(set(_components(old)) | set(_components(new)))
    for section, name in names:
        if section not in ("schemas", *SCHEMA_SECTIONS):
            continue
        pointer = f"/components/{section}/{name}"
        before = (old.get("components") or {}).get(section, {}).get(name)
        after = (new.get("components") or {}).get(section, {}).get(name)
        used = frozenset(old_usage.get(pointer, set()) | new_usage.get(pointer, set())) or BOTH
        if section in SCHEMA_SECTIONS:
            used = frozenset({SCHEMA_SECTIONS[section]})
        ctx = Context(old, new, f"components/{section}/{name}", used, changes=out)
        kind = {"schemas": "schema", "parameters": "parameter", "requestBodies": "request body"}.get(
            section, section[:-1]
        )
        if before is None:
            ctx.add(f"{kind} added")
        elif after is None:
            ctx.add(f"{kind} removed", always=True)
        elif section == "schemas":
            compare_schema(ctx, before, after)
        elif section == "parameters":
            compare_parameter(ctx, before, after, "")
        elif section == "requestBodies":
            compare_body(ctx, before, after)
        elif section == "responses":
            compare_response(ctx, "", before, after)
        else:
            compare_schema(ctx, before.get("schema"), after.get("schema"))


def _diff_document(old: dict[str, Any], new: dict[str, Any], out: list[Change]) -> None:
    ctx = Context(old, new, "info", BOTH, changes=out)
    before, after = (old.get("info") or {}).get("version"), (new.get("info") or {}).get("version")
    if before != after:
        ctx.add(f"version changed from {before} to {after}")
    old_servers = [s.get("url") for s in old.get("servers") or [] if isinstance(s, dict)]
    new_servers = [s.get("url") for s in new.get("servers") or [] if isinstance(s, dict)]
    ctx = ctx.at("servers", BOTH)
    for url in old_servers:
        if url not in new_servers:
            ctx.add(f"server {url} removed", always=True)
    for url in new_servers:
        if url not in old_servers:
            ctx.add(f"server {url} added")
    for key in ("x-sdk", "x-error-envelope"):  # the SDK's names, and how every client reads an error
        before_ext, after_ext = old.get(key) or {}, new.get(key) or {}
        ctx = ctx.at(key, BOTH)
        for name in sorted(set(before_ext) | set(after_ext)):
            was, now = before_ext.get(name), after_ext.get(name)
            if was != now:
                text = f"{name} {now} added" if was is None else f"{name} {was} removed" if now is None else ""
                # the wheel's license and URLs are its metadata; every other x-sdk name reaches the code
                breaking = not (key == "x-sdk" and name in DISTRIBUTION_METADATA)
                ctx.add(text or f"{name} changed from {was} to {now}", always=breaking)


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every API change from `old` to `new` (two bundled OpenAPI documents); empty when the API is the same."""
    out: list[Change] = []
    _diff_document(old, new, out)
    _diff_operations(old, new, out)
    _diff_components(old, new, out)
    return out

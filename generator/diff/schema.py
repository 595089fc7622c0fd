"""Compare two versions of a JSON schema, judging each change for clients that send it, receive it, or both."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..openapi.refs import deref

REQUEST, RESPONSE = "request", "response"
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


@dataclass(frozen=True)
class Change:
    """One change of the API: where, what, and whether it breaks existing clients."""

    where: str
    message: str
    breaking: bool

    def format(self) -> str:
        """`where: message (breaking)`."""
        return f"{self.where}: {self.message} ({'breaking' if self.breaking else 'non-breaking'})"


@dataclass
class Context:
    """Where a comparison is, which way its values travel, and where changes are collected."""

    old_doc: dict[str, Any]
    new_doc: dict[str, Any]
    where: str
    usage: frozenset[str]
    subject: str = ""
    changes: list[Change] = field(default_factory=list)

    def at(self, where: str, usage: frozenset[str], subject: str = "") -> Context:
        """The same comparison at another place; changes go to the same list."""
        return Context(self.old_doc, self.new_doc, where, usage, subject, self.changes)

    def add(
        self, text: str, *, narrower: bool = False, wider: bool = False, always: bool = False, path: str = ""
    ) -> None:
        """Record a change: breaking when it narrows what a request may carry, widens what a response
        may carry, or is `always` breaking."""
        breaking = always or (narrower and REQUEST in self.usage) or (wider and RESPONSE in self.usage)
        label = " ".join(p for p in (self.subject, f"field {path}" if path else "") if p)
        self.changes.append(Change(self.where, f"{label}: {text}" if label else text, breaking))


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def ref_name(ref: str) -> str:
    """The last token of a reference: `#/components/schemas/Record` -> `Record`."""
    return ref.rsplit("/", 1)[-1]


def _deref(doc: dict[str, Any], node: Any) -> Any:
    return deref(doc, node, merge_siblings=True, lenient=True)[0]


def _shape(schema: Any) -> Any:
    """A schema without its documentation keywords, to tell a renamed type from a changed one."""
    if not isinstance(schema, dict):
        return schema
    return {k: v for k, v in schema.items() if k not in ("description", "title", "examples", "example")}


def types_of(schema: dict[str, Any]) -> frozenset[str] | None:
    """The JSON types a schema allows, or None when it does not say."""
    declared = schema.get("type")
    if declared is None:
        return None
    found = set(declared) if isinstance(declared, list) else {declared}
    if schema.get("nullable") is True:
        found.add("null")
    return frozenset(str(t) for t in found)


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_text(types: frozenset[str] | None) -> str:
    return "any" if types is None else " | ".join(sorted(types))


def compare_schema(ctx: Context, old: Any, new: Any, path: str = "") -> None:
    """Every change from `old` to `new` (schemas at the same place); `path` is the field path inside ctx."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old != new:
            ctx.add(f"schema changed from {_show(old)} to {_show(new)}", always=True, path=path)
        return
    old_ref, new_ref = old.get("$ref"), new.get("$ref")
    if isinstance(old_ref, str) and isinstance(new_ref, str):
        if old_ref != new_ref:
            same = _shape(_deref(ctx.old_doc, {"$ref": old_ref})) == _shape(_deref(ctx.new_doc, {"$ref": new_ref}))
            text = f"type changed from {ref_name(old_ref)} to {ref_name(new_ref)}"
            ctx.add(text + (" (the same schema)" * same), always=not same, path=path)
        _compare_annotations(ctx, old, new, path)
        return  # the same component: its own changes are reported once, at the component
    if isinstance(old_ref, str) or isinstance(new_ref, str):
        old, new = _deref(ctx.old_doc, old), _deref(ctx.new_doc, new)
        if not isinstance(old, dict) or not isinstance(new, dict):
            return compare_schema(ctx, old, new, path)
    _compare_types(ctx, old, new, path)
    _compare_annotations(ctx, old, new, path)
    _compare_enum(ctx, old, new, path)
    _compare_bounds(ctx, old, new, path)
    _compare_properties(ctx, old, new, path)
    _compare_map(ctx, old, new, path)
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        compare_schema(ctx, old["items"], new["items"], f"{path}[]" if path else "[]")
    elif old.get("items") != new.get("items") and ("items" in old) != ("items" in new):
        ctx.add("array items changed", always=True, path=path)
    for key in ("oneOf", "anyOf", "allOf"):
        _compare_union(ctx, old, new, key, path)


def _compare_types(ctx: Context, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    old_types, new_types = types_of(old), types_of(new)
    if old_types != new_types:
        narrower, wider = not _covers(new_types, old_types), not _covers(old_types, new_types)
        text = f"type changed from {_type_text(old_types)} to {_type_text(new_types)}"
        ctx.add(text, narrower=narrower, wider=wider, path=path)
    if old.get("format") != new.get("format"):
        before, after = old.get("format"), new.get("format")
        if before is None:
            ctx.add(f"format {after} added", narrower=True, path=path)
        elif after is None:
            ctx.add(f"format {before} removed", wider=True, path=path)
        else:
            ctx.add(f"format changed from {before} to {after}", always=True, path=path)
    if "const" in old or "const" in new:
        if "const" not in old:
            ctx.add(f"const {_show(new['const'])} added", narrower=True, path=path)
        elif "const" not in new:
            ctx.add(f"const {_show(old['const'])} removed", wider=True, path=path)
        elif old["const"] != new["const"]:
            ctx.add(f"const changed from {_show(old['const'])} to {_show(new['const'])}", always=True, path=path)


def _compare_annotations(ctx: Context, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    if old.get("default") != new.get("default"):
        before = _show(old["default"]) if "default" in old else "none"
        after = _show(new["default"]) if "default" in new else "none"
        ctx.add(f"default changed from {before} to {after}", path=path)
    if bool(old.get("deprecated")) != bool(new.get("deprecated")):
        ctx.add("deprecated" if new.get("deprecated") else "no longer deprecated", path=path)


def _compare_enum(ctx: Context, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    before, after = old.get("enum"), new.get("enum")
    open_after = bool(new.get("x-open-enum"))
    if isinstance(before, list) and isinstance(after, list):
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        if removed:
            ctx.add(f"enum value{'s' * (len(removed) > 1)} removed: {_values(removed)}", narrower=True, path=path)
        if added:
            text = f"enum value{'s' * (len(added) > 1)} added: {_values(added)}" + (" (x-open-enum)" * open_after)
            ctx.add(text, wider=not open_after, path=path)
    elif isinstance(after, list):
        ctx.add(f"now an enum: {_values(after)}", narrower=True, path=path)
    elif isinstance(before, list):
        ctx.add("no longer an enum (any value)", wider=True, path=path)
    if bool(old.get("x-open-enum")) != open_after and isinstance(after, list):
        ctx.add(
            "now an open enum (x-open-enum)" if open_after else "now a closed enum (x-open-enum removed)", path=path
        )


def _values(values: list[Any]) -> str:
    return ", ".join(v if isinstance(v, str) else _show(v) for v in values)


def _compare_bounds(ctx: Context, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
        before, after = old.get(key), new.get(key)
        if before == after or isinstance(before, bool) or isinstance(after, bool):
            continue
        if before is None:
            ctx.add(f"{key} {_show(after)} added", narrower=True, path=path)
        elif after is None:
            ctx.add(f"{key} {_show(before)} removed", wider=True, path=path)
        else:
            tighter = after > before if key in LOWER_BOUNDS else after < before
            ctx.add(
                f"{key} changed from {_show(before)} to {_show(after)}", narrower=tighter, wider=not tighter, path=path
            )
    for key in ("pattern", "multipleOf"):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            ctx.add(f"{key} {_show(after)} added", narrower=True, path=path)
        elif after is None:
            ctx.add(f"{key} {_show(before)} removed", wider=True, path=path)
        else:
            ctx.add(f"{key} changed from {_show(before)} to {_show(after)}", always=True, path=path)
    if bool(old.get("uniqueItems")) != bool(new.get("uniqueItems")):
        tighter = bool(new.get("uniqueItems"))
        ctx.add(
            "items must now be unique" if tighter else "items may now repeat",
            narrower=tighter,
            wider=not tighter,
            path=path,
        )


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _compare_properties(ctx: Context, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    before, after = old.get("properties") or {}, new.get("properties") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return
    old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    if len(removed) == 1 and len(added) == 1 and before[removed[0]] == after[added[0]]:
        ctx.add(f"field {_join(path, removed[0])} renamed to {_join(path, added[0])}", always=True)
        removed, added = [], []
    for name in removed:
        ctx.add(f"field {_join(path, name)} removed", narrower=True, wider=True)
    for name in added:
        required = name in new_required
        ctx.add(f"{'required ' * required}field {_join(path, name)} added", narrower=required)
    for name in before:
        if name not in after:
            continue
        child = _join(path, name)
        if name in new_required and name not in old_required:
            ctx.add(f"field {child} became required", narrower=True)
        elif name in old_required and name not in new_required:
            ctx.add(f"field {child} became optional", wider=True)
        compare_schema(ctx, before[name], after[name], child)
    gone = (old_required - new_required) - set(before)
    came = (new_required - old_required) - set(after)
    for name in sorted(came):
        ctx.add(f"field {_join(path, name)} became required", narrower=True)
    for name in sorted(gone):
        ctx.add(f"field {_join(path, name)} became optional", wider=True)


def _compare_map(ctx: Context, old: dict[str, Any], new: dict[str, Any], path: str) -> None:
    before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if isinstance(before, dict) and isinstance(after, dict):
        compare_schema(ctx, before, after, f"{path}{{}}" if path else "{}")
    elif before != after:
        tighter = after is False or (before is True and isinstance(after, dict))
        text = f"additionalProperties changed from {_show(before)} to {_show(after)}"
        ctx.add(text, narrower=tighter, wider=not tighter, path=path)


def _variants(schema: dict[str, Any], key: str) -> dict[str, Any]:
    members = schema.get(key)
    if not isinstance(members, list):
        return {}
    return {
        ref_name(m["$ref"]) if isinstance(m, dict) and isinstance(m.get("$ref"), str) else f"#{index}": m
        for index, m in enumerate(members)
    }


def _compare_union(ctx: Context, old: dict[str, Any], new: dict[str, Any], key: str, path: str) -> None:
    if key not in old and key not in new:
        return
    word = {"oneOf": "union", "anyOf": "anyOf", "allOf": "allOf"}[key]
    if key not in old or key not in new:
        ctx.add(f"{'now' if key in new else 'no longer'} a {word} ({key})", always=True, path=path)
        return
    before, after = _variants(old, key), _variants(new, key)
    open_after = bool(new.get("x-open-union"))
    for name in before:
        if name not in after:
            ctx.add(f"{word} variant {name} removed", always=True, path=path)
    for name in after:
        if name not in before:
            text = f"{word} variant {name} added" + (" (x-open-union)" * open_after)
            ctx.add(text, always=key == "allOf", wider=not open_after, path=path)
        elif not (isinstance(after[name], dict) and "$ref" in after[name]):
            compare_schema(ctx, before[name], after[name], f"{path}<{name}>" if path else f"<{name}>")
    old_disc, new_disc = old.get("discriminator") or {}, new.get("discriminator") or {}
    if old_disc.get("propertyName") != new_disc.get("propertyName"):
        before_name, after_name = old_disc.get("propertyName", "none"), new_disc.get("propertyName", "none")
        ctx.add(f"discriminator changed from {before_name} to {after_name}", always=True, path=path)
    old_tags = {ref_name(v): k for k, v in (old_disc.get("mapping") or {}).items() if isinstance(v, str)}
    new_tags = {ref_name(v): k for k, v in (new_disc.get("mapping") or {}).items() if isinstance(v, str)}
    for name, tag in old_tags.items():
        if name in new_tags and new_tags[name] != tag:
            ctx.add(f"discriminator value of {name} changed from {tag} to {new_tags[name]}", always=True, path=path)
    if bool(old.get("x-open-union")) != open_after:
        ctx.add(
            "now an open union (x-open-union)" if open_after else "now a closed union (x-open-union removed)", path=path
        )

"""Unicat search selectors: free text (`+cms 225`) and filter triplets with and/or/not, on records and schema items."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import envelopes
from .envelopes import ApiError


def _search_error(message: str, filter_node: Any) -> ApiError:
    return envelopes.unicat(1002, {"filter": filter_node, "reason": message})


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def text_matches(query: str, haystack: Iterable[str]) -> bool:
    """Every term (an optional leading `+`) occurs, no `-term` occurs; case-insensitive substrings."""
    text = " ".join(haystack).casefold()
    for term in query.split():
        if term.startswith("-") and len(term) > 1:
            if term[1:].casefold() in text:
                return False
        elif term.lstrip("+").casefold() not in text:
            return False
    return True


def record_text(record: dict[str, Any], language: str | None) -> list[str]:
    """The searchable text of a record: title and field values, in one language or all."""
    languages = [language] if language else list(record["title"])
    found = [str(record["title"].get(lang, "")) for lang in languages]
    for lang in languages:
        found.extend(_strings(record["fields"].get(lang, {})))
    return found


def schema_text(item: dict[str, Any], language: str | None) -> list[str]:
    """The searchable text of a schema item: name and label."""
    label = item.get("label") or {}
    return [str(item.get("name", "")), *(str(v) for k, v in label.items() if language in (None, k))]


def _compare(op: str, value: Any, operand: Any, node: Any) -> bool:
    if op in ("is", "=="):
        return bool(value == operand)
    if op == "is_not":
        return bool(value != operand)
    if op in ("is_true", "is_false"):
        return bool(value) is (op == "is_true")
    if op in ("is_empty", "is_not_empty"):
        return (value in (None, "", [], {})) is (op == "is_empty")
    if op in ("has", "has_not"):
        has = operand in value if isinstance(value, (list, tuple, set)) else False
        return has is (op == "has")
    if op == "contains":
        return isinstance(value, str) and isinstance(operand, str) and operand.casefold() in value.casefold()
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if op in ("<", ">") and numeric and isinstance(operand, (int, float)):
        return bool(value < operand) if op == "<" else bool(value > operand)
    if op == "between" and numeric and isinstance(operand, list) and len(operand) == 2:
        low, high = operand
        if isinstance(low, (int, float)) and isinstance(high, (int, float)):
            return bool(low <= value <= high)
    raise _search_error(f"operator {op!r} cannot be used with these operands", node)


Resolver = Callable[[dict[str, Any], str, str | None, Any], Any]


def evaluate(item: dict[str, Any], node: Any, resolve: Resolver, language: str | None) -> bool:
    """Whether an item passes a filter; unknown properties, operators or shapes raise SearchError (1002)."""
    if not isinstance(node, list) or len(node) < 2 or not isinstance(node[0], str) or not isinstance(node[1], str):
        raise _search_error("a filter is [property, operator, operands]", node)
    prop, op = node[0], node[1]
    operands = node[2] if len(node) > 2 else None
    if prop in ("and", "or"):
        if not isinstance(operands, list) or not operands:
            raise _search_error(f"{prop} takes a list of filters", node)
        results = [evaluate(item, child, resolve, language) for child in operands]
        return all(results) if prop == "and" else any(results)
    if prop == "not":
        return not evaluate(item, operands, resolve, language)
    return _compare(op, resolve(item, prop, language, node), operands, node)


def record_property(
    data_classes: dict[str, dict[str, Any]], definitions: dict[str, dict[str, Any]], field_names: set[str]
) -> Resolver:
    """How record filters read a property: record keys, schema names and field values."""

    def resolve(record: dict[str, Any], prop: str, language: str | None, node: Any) -> Any:
        definition = definitions.get(record["definition"], {})
        if prop == "definition":
            operand = node[2] if len(node) > 2 else None
            return record["definition"] if operand == record["definition"] else definition.get("name")
        if prop == "classes":
            names = [data_classes[g]["name"] for g in definition.get("classes", []) if g in data_classes]
            return [*definition.get("classes", []), *names]
        if prop == "is_committed":
            return record["status"] != "draft"
        if prop == "validation" and node[1] == "not_translated":
            values = [record["fields"].get(lang, {}) for lang in record["title"]]
            keys = {k for v in values for k in v}
            return any(v.get(k) in (None, "") for v in values for k in keys)
        if prop in ("status", "treelevel", "parent", "is_link", "created_on", "updated_on", "gid", "childcount"):
            return record.get(prop)
        if prop in ("channel", "channels"):
            return record["channels"]
        for lang in [language] if language else list(record["fields"]):
            values = record["fields"].get(lang, {})
            if prop in values:
                return values[prop]
        if prop in field_names:
            return None
        raise _search_error(f"unknown property {prop!r}", node)

    return resolve


def schema_property(kinds: dict[str, str]) -> Resolver:
    """How schema filters read a property: `type`, `name`, the flags, and `is_committed`."""

    def resolve(item: dict[str, Any], prop: str, language: str | None, node: Any) -> Any:
        if prop == "type":
            return kinds.get(item["gid"])
        if prop == "is_committed":
            return not item.get("is_working_copy", False)
        if prop in (
            "name",
            "is_new",
            "is_working_copy",
            "is_base",
            "is_extended",
            "is_localized",
            "is_required",
            "unit",
            "gid",
        ):
            return item.get(prop)
        if prop == "field_type":
            return item.get("type") if kinds.get(item["gid"]) == "field" else None
        raise _search_error(f"unknown property {prop!r}", node)

    return resolve

"""The one `$ref` resolver: local references followed to a value, with a guard against cycles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from .pointer import escape_pointer_token, join_pointer, resolve_pointer, split_pointer


class RefCycleError(ValueError):
    """A chain of `$ref`s that comes back to itself without reaching a value."""

    def __init__(self, chain: list[str]) -> None:
        self.chain = chain
        super().__init__("$ref cycle: " + " -> ".join("#" + pointer for pointer in chain))


def ref_pointer(ref: str) -> str | None:
    """The local JSON pointer of a `#/...` reference, or None for any other reference. A URI fragment is
    percent-encoded (RFC 6901, section 6): `#/paths/~1keys~1%7Bid%7D` is the path `/keys/{id}`."""
    if ref.startswith("#/") or ref == "#":
        return unquote(ref[1:]) if "%" in ref else ref[1:]
    return None


def mapping_target(target: Any) -> str | None:
    """A discriminator mapping's value as a local $ref: `#/components/schemas/Dog`, or `Dog` for the same."""
    if not isinstance(target, str):
        return None
    if target.startswith("#"):
        return target
    return None if "/" in target or ":" in target else f"#/components/schemas/{target}"


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Yield (pointer of the $ref, target) for every $ref string below `node`."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield pointer + "/$ref", ref
        for key, value in node.items():
            yield from iter_refs(value, pointer + "/" + escape_pointer_token(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, f"{pointer}/{index}")


def reachable_components(data: dict[str, Any], roots: Any, *, starts: Iterable[str] = ()) -> set[str]:
    """The pointers (`/components/<section>/<name>`) of every component reached from `roots` by local $refs.

    `starts` are pointers reached without a $ref (security schemes named by a requirement). A
    reference into a component (`#/components/schemas/A/properties/b`) reaches the whole component.
    """
    reached: set[str] = set()
    pending = [*starts, *(target for _, ref in iter_refs(roots) if (target := ref_pointer(ref)))]
    while pending:
        target = pending.pop()
        tokens = split_pointer(target)
        key = join_pointer(*tokens[:3]) if tokens[:1] == ["components"] else target
        if key in reached:
            continue
        reached.add(key)
        try:
            node = resolve_pointer(data, key)
        except KeyError:
            continue
        pending += [t for _, ref in iter_refs(node) if (t := ref_pointer(ref))]
    return reached


def _local_ref(node: Any) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref_pointer(ref) if isinstance(ref, str) else None


def deref(
    data: Any, node: Any, pointer: str = "", *, merge_siblings: bool = False, lenient: bool = False
) -> tuple[Any, str]:
    """Follow local `$ref`s from `node` (found at `pointer`) to a value; the value and its pointer.

    A reference that is not local (`other.yaml#/...`) is left as it is. With `merge_siblings`, the
    keys written beside a `$ref` are kept on top of its target (OpenAPI 3.1). A missing target
    raises KeyError and a cycle RefCycleError, unless `lenient`: then the last value reached is returned.
    """
    chain: list[str] = []  # the targets followed so far
    while (target := _local_ref(node)) is not None:
        if target in chain:
            if lenient:
                break
            raise RefCycleError([*chain[chain.index(target) :], target])
        try:
            value = resolve_pointer(data, target)
        except KeyError:
            if lenient:
                break
            raise
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**value, **siblings} if merge_siblings and siblings and isinstance(value, dict) else value
        chain.append(target)
        pointer = target
    return node, pointer


def ref_cycles(data: Any) -> list[RefCycleError]:
    """Every cycle of `$ref`s in a document that never reaches a value, each once."""
    found: dict[frozenset[str], RefCycleError] = {}
    for at, _ref in iter_refs(data):
        holder = at[: -len("/$ref")]
        try:
            deref(data, {"$ref": "#" + holder})
        except RefCycleError as cycle:
            found.setdefault(frozenset(cycle.chain), cycle)
        except KeyError:
            continue
    return list(found.values())

""" "Did you mean": the closest names of the same kind, for a misspelled key or a `$ref` to nothing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .pointer import join_pointer, pointer_exists, split_pointer

CUTOFF = 0.8  # a key: `reponses` -> `responses` (0.94), not `default_factory` -> `default` (0.64)
NAME_CUTOFF = 0.6  # a name a $ref points at: only a hint on an error


def closest(name: str, candidates: Iterable[str], *, cutoff: float = CUTOFF) -> list[str]:
    """Up to three candidates closest to `name` (case aside), best first."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.lower(), candidate)
    found = difflib.get_close_matches(name.lower(), list(by_folded), n=3, cutoff=cutoff)
    return [by_folded[f] for f in found if by_folded[f] != name]


def did_you_mean(options: list[str]) -> str:
    """`; did you mean 'a'?` (or `'a' or 'b'`), or nothing."""
    return f"; did you mean {' or '.join(repr(o) for o in options)}?" if options else ""


def closest_pointers(data: Any, pointer: str, cutoff: float = NAME_CUTOFF) -> list[str]:
    """For a JSON pointer that names nothing in `data`: the pointers that do, with its first missing token
    replaced by the closest names found there (`/components/schemas/Pett` -> `/components/schemas/Pet`)."""
    tokens = split_pointer(pointer)
    node = data
    for depth, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            node = node[token]
            continue
        if not isinstance(node, dict):
            return []
        found = []
        for name in closest(token, [str(k) for k in node], cutoff=cutoff):
            candidate = join_pointer(*tokens[:depth], name, *tokens[depth + 1 :])
            if pointer_exists(data, candidate):
                found.append(candidate)
        return found
    return []


def ref_suggestion(data: Any, pointer: str, prefix: str = "#") -> str:
    """`; did you mean '#/components/schemas/Pet'?` for a reference to `pointer` that names nothing."""
    return did_you_mean([prefix + p for p in closest_pointers(data, pointer)])

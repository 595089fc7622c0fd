"""`$ref`s written another way than a plain pointer, rewritten to the pointer they mean before anything resolves them.

- A URI fragment is percent-encoded (RFC 6901, section 6): `#/paths/~1keys~1%7Bid%7D/get` is the path
  `/keys/{id}`. Decoded without a word: that is what it means (a pointer that resolves as written is kept).
- A pointer that passes through another `$ref` (`#/paths/~1a/get/responses/200/content/application~1json/schema/
  items`, where `schema` is itself a `$ref`): bundlers such as json-schema-ref-parser write these (DigitalOcean's
  description is full of them), though a JSON pointer walks the document as written. Read through the `$ref`,
  with a warning that names the pointer it was read as; under `--strict` it stays an unresolved `$ref`.

Every later stage, and every tool the generator runs, then sees pointers that resolve as written.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer, pointer_exists, resolve_pointer, split_pointer
from ..openapi.refs import iter_refs, ref_pointer

MAX_HOPS = 32  # $refs followed for one pointer: more is a cycle in all but name


def read_ref_spellings(doc: SpecDocument, *, strict: bool) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document with every local `$ref` spelled as the pointer it means, and a warning per one read through
    another `$ref` (none under `strict`: such a `$ref` is left as written, for check_refs to report)."""
    rewritten: dict[str, str] = {}  # pointer of the $ref -> its new target
    warnings = []
    for at, ref in iter_refs(doc.data):
        decoded = ref_pointer(ref)
        if decoded is None or "#" + decoded == ref and pointer_exists(doc.data, decoded):
            continue
        if pointer_exists(doc.data, decoded):  # spelt percent-encoded: the tools the generator runs may not decode it
            rewritten[at] = decoded
            continue
        through = _through_refs(doc.data, decoded, MAX_HOPS)
        if through is None or strict:
            continue
        rewritten[at] = through
        how = f"read leniently: $ref {ref!r} passes through another $ref (a bundler's spelling): read as '#{through}'"
        warnings.append(doc.diagnostic(at, how, "warning"))
    if not rewritten:
        return doc, []
    data = copy.deepcopy(doc.data)
    for at, target in rewritten.items():
        resolve_pointer(data, at.removesuffix("/$ref"))["$ref"] = "#" + target
    return replace(doc, data=data), warnings


def _through_refs(data: Any, pointer: str, hops: int) -> str | None:
    """The pointer `pointer` reaches when each `$ref` met on the way is followed; None when it reaches nothing."""
    if not pointer.startswith("/") and pointer:
        return None
    node, reached = data, []
    for token in split_pointer(pointer):
        while isinstance(node, dict) and token not in node and isinstance(node.get("$ref"), str):
            target = ref_pointer(node["$ref"])
            if target is None or hops <= 0:
                return None
            hops -= 1
            resolved = target if pointer_exists(data, target) else _through_refs(data, target, hops)
            if resolved is None:
                return None
            node, reached = resolve_pointer(data, resolved), split_pointer(resolved)
        if isinstance(node, list) and token.isascii() and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            return None
        reached.append(token)
    return join_pointer(*reached)

"""The spec's operation text as the SDK's users need it: what the SDK sends for them, the names its methods take.

The spec documents the HTTP API (`add preview=true to the query`, `sortDirection`); a method's
docstring documents the method, which sends the constant query itself and takes snake_case
arguments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .ir import Operation

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def sdk_operation(op: Operation) -> Operation:
    """A copy of `op` with its description and parameter descriptions rewritten for the method's docstring."""
    wires = [p.wire_name for p in op.params]
    renames = {  # a wire name two arguments share (query `market`, body `market`) is left as written
        p.wire_name: p.python_name for p in op.params if p.wire_name != p.python_name and wires.count(p.wire_name) == 1
    }
    description = _with_python_names(op.description, renames)
    if op.preview:
        description = _sent_for_you(description, f"`{op.preview.param}={op.preview.value}`")
    params = tuple(replace(p, description=_with_python_names(p.description, renames)) for p in op.params)
    return replace(op, description=description, params=params)


def _with_python_names(text: str, renames: dict[str, str]) -> str:
    """Name a parameter in backquotes (`sortDirection`, `pageSize=10`) as the method takes it."""
    for wire, python in renames.items():
        text = re.sub(r"`" + re.escape(wire) + r"(?=[`.=\[])", "`" + python, text)
    return text


def _sent_for_you(text: str, flag: str) -> str:
    """Replace the sentence telling the reader to send `flag` with one saying the SDK sends it; else add it."""
    note = f"The SDK sends {flag} on every call."
    at = text.find(flag)
    if at < 0:
        return f"{text.rstrip()}\n\n{note}" if text.strip() else note
    paragraph = text.rfind("\n\n", 0, at)
    start = max([m.end() for m in _SENTENCE_END.finditer(text, 0, at)] + [paragraph + 2 if paragraph >= 0 else 0])
    end_match = _SENTENCE_END.search(text, at)
    end = end_match.end() if end_match else len(text)
    lead = text[start : len(text) - len(text[start:].lstrip())]
    if start > 0 and "\n" not in lead:
        lead = "\n"  # a line of its own, rather than one over-long line
    return text[:start].rstrip(" ") + lead + note + text[end:]

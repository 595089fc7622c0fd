"""Patch an original text with the differences between two re-emitted forms of it (`baseline`: the unedited tree,
`edited`: the edited tree), so that only the edited lines change.

Lines the baseline reproduces exactly map one to one. Where the emitter re-formatted the original (a multi-line flow
collection put on one line), a change is applied token by token to the original's own text, and only when that is
not possible is the region replaced by the edited form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

Opcodes = Sequence[tuple[str, int, int, int, int]]

_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"'  # double-quoted
    r"|'(?:[^']|'')*'"  # single-quoted
    r"|[\[\]{},]"  # flow indicators
    r"|:(?=[\s,\[\]{}]|$)"  # a key's colon
    r"|#.*"  # a comment
    r"|(?:[^\s\[\]{},:#]|:(?![\s,\[\]{}]|$)|(?<=\S)#)+",  # a plain scalar (one word; spaces split it)
    re.M,
)


def patch_text(original: str, baseline: str, edited: str) -> str:
    """`original` with the baseline -> edited differences applied (see the module docstring)."""
    if baseline == edited:
        return original
    o_lines, b_lines, e_lines = (t.splitlines(keepends=True) for t in (original, baseline, edited))
    ob = SequenceMatcher(None, o_lines, b_lines, autojunk=False).get_opcodes()
    be = SequenceMatcher(None, b_lines, e_lines, autojunk=False).get_opcodes()
    bo = _swap(ob)
    reformatted = [(b1, b2) for tag, _, _, b1, b2 in ob if tag != "equal"]
    out: list[str] = []
    done_o = 0
    for b1, b2 in _hunks(be, reformatted):
        o1, o2 = _map(bo, b1, start=True), _map(bo, b2, start=False)
        e1, e2 = _map(be, b1, start=True), _map(be, b2, start=False)
        out += o_lines[done_o:o1]
        old, new = "".join(o_lines[o1:o2]), "".join(e_lines[e1:e2])
        touches = any(r1 < b2 and b1 < r2 for r1, r2 in reformatted)
        out.append(_patch_tokens(old, "".join(b_lines[b1:b2]), new) if touches else new)
        done_o = o2
    out += o_lines[done_o:]
    return "".join(out)


def _swap(opcodes: Opcodes) -> list[tuple[str, int, int, int, int]]:
    return [(tag, j1, j2, i1, i2) for tag, i1, i2, j1, j2 in opcodes]


def _hunks(be: Opcodes, reformatted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Baseline line ranges to replace: each change, widened to the whole re-formatted regions it touches, merged."""
    ranges = [(i1, i2) for tag, i1, i2, _, _ in be if tag != "equal"]
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        for r1, r2 in reformatted:
            inside = r1 < start < r2 if start == end else r1 < end and start < r2
            if inside:
                start, end = min(start, r1), max(end, r2)
        if merged and start <= merged[-1][1]:
            start, end = merged[-1][0], max(end, merged[-1][1])
            merged.pop()
        merged.append((start, end))
    return merged


def _map(opcodes: Opcodes, index: int, *, start: bool) -> int:
    """Where a hunk boundary at `index` of the first sequence falls in the second: a start before any insertion
    there, an end after it."""
    found = None
    for tag, a1, a2, b1, b2 in opcodes:
        inside = (a1 <= index < a2) if start else (a1 < index <= a2)
        if inside or a1 == a2 == index:
            found = b1 + (index - a1) if tag == "equal" else (b1 if start else b2)
            if start:
                return found
    return found if found is not None else (opcodes[-1][4] if opcodes else 0)


def _tokens(text: str) -> list[re.Match[str]]:
    return [m for m in _TOKEN.finditer(text) if not m.group().startswith("#")]


def _patch_tokens(original: str, baseline: str, edited: str) -> str:
    """The edited tokens applied to the original's own layout; the edited text when the tokens do not line up."""
    o_tok, b_tok, e_tok = _tokens(original), _tokens(baseline), _tokens(edited)
    o_of_b: dict[int, int] = {}
    ob = SequenceMatcher(None, [t.group() for t in o_tok], [t.group() for t in b_tok], autojunk=False)
    for tag, o1, _, b1, b2 in ob.get_opcodes():
        if tag == "equal":
            o_of_b.update({b1 + k: o1 + k for k in range(b2 - b1)})
    be = SequenceMatcher(None, [t.group() for t in b_tok], [t.group() for t in e_tok], autojunk=False)
    replacements: list[tuple[int, int, str]] = []
    for tag, b1, b2, e1, e2 in be.get_opcodes():
        if tag == "equal":
            continue
        if any(b not in o_of_b for b in range(b1, b2)) or (b1 == b2 and b1 - 1 not in o_of_b):
            return edited
        if b1 == b2:  # inserted after the token before, on a line of its own where the next token has one
            at = o_tok[o_of_b[b1 - 1]].end()
            text = edited[e_tok[e1 - 1].end() : e_tok[e2 - 1].end()]
            following = o_tok[o_of_b[b1]].start() if b1 in o_of_b else at
            if "\n" in original[at:following] and text.startswith(","):
                line_start = original.rfind("\n", 0, at) + 1
                indent = re.match(r"[ \t]*", original[line_start:]).group()  # type: ignore[union-attr]
                text = ",\n" + indent + text[1:].lstrip()
            replacements.append((at, at, text))
        elif e1 == e2:  # deleted, with the separator before it
            start = o_tok[o_of_b[b1 - 1]].end() if b1 - 1 in o_of_b else o_tok[o_of_b[b1]].start()
            replacements.append((start, o_tok[o_of_b[b2 - 1]].end(), ""))
        else:
            span = edited[e_tok[e1].start() : e_tok[e2 - 1].end()]
            replacements.append((o_tok[o_of_b[b1]].start(), o_tok[o_of_b[b2 - 1]].end(), span))
    for start, end, text in sorted(replacements, reverse=True):
        original = original[:start] + text + original[end:]
    return original

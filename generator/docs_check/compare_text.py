"""Descriptions: every sentence group of the page's description is in the spec's, whatever the whitespace, case,
punctuation and markup (backticks, emphasis, links, list bullets) of either; the spec may say more. The fix replaces
the spec paragraph most like the page's (or adds the page's), leaving the other paragraphs as written.
`x-docs: {omitted: [...]}` beside a description lists page text the spec knowingly leaves out."""

from __future__ import annotations

import re
import textwrap
from difflib import SequenceMatcher
from typing import Any

from .drift import DriftLog
from .fix import Edit
from .fixes import one
from .page import Located

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_END = (".", ":", "!", "?")


def words(text: str) -> list[str]:
    """The words of a text, lower case, markup and punctuation dropped, a word repeated at once kept once."""
    found = re.findall(r"\w+", _LINK.sub(r"\1", text).lower())
    return [w for i, w in enumerate(found) if i == 0 or w != found[i - 1]]


def contains(spec_text: str, page_text: str) -> bool:
    """Whether the page text's words are a run of the spec text's words."""
    wanted = " ".join(words(page_text))
    return not wanted or f" {wanted} " in f" {' '.join(words(spec_text))} "


def sentences(text: str) -> list[str]:
    """The sentences of a text, whitespace collapsed."""
    return [part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z`*\[])", " ".join(text.split())) if part]


def paragraphs(lines: list[Located]) -> list[Located]:
    """The page's description as sentences, each with its line (a line not ending a sentence runs on)."""
    joined: list[Located] = []
    for line in lines:
        if joined and not str(joined[-1].value).rstrip().endswith(_END):
            joined[-1] = Located(joined[-1].line, f"{joined[-1].value} {line.value}")
        else:
            joined.append(Located(line.line, line.value))
    return [Located(line.line, sentence) for line in joined for sentence in sentences(str(line.value))]


def compare_description(log: DriftLog, lines: list[Located], owner: Any, pointer: str, what: str) -> None:
    """The page's description of `what` against the `description` of the spec node `owner` at `pointer`."""
    spec_text = owner.get("description") if isinstance(owner, dict) else None
    spec_text = spec_text if isinstance(spec_text, str) else ""
    noted = owner.get("x-docs") if isinstance(owner, dict) else None
    omitted = noted.get("omitted") if isinstance(noted, dict) else None
    left_out = [str(text) for text in omitted] if isinstance(omitted, list) else []
    missing = [
        p
        for p in paragraphs(lines)
        if not contains(spec_text, str(p.value)) and not any(contains(text, str(p.value)) for text in left_out)
    ]
    if not missing:
        return
    fix = one("description", Edit("set", pointer + "/description", rewrite(spec_text, [str(p.value) for p in missing])))
    for sentence in missing:
        said = str(sentence.value)
        shown = said if len(said) <= 70 else said[:67] + "..."
        log.add(
            sentence.line,
            pointer + "/description",
            f"the page's description of {what} says {shown!r}; the spec's does not",
            fix,
        )


def rewrite(spec_text: str, page_sentences: list[str]) -> str:
    """The spec's description with each page sentence in place of the spec sentence most like it (as a paragraph of
    its own otherwise); the paragraphs changed are wrapped like the spec's text, the others kept as written."""
    parts = re.split(r"\n\s*\n", spec_text.strip()) if spec_text.strip() else []
    width = max((len(line) for line in spec_text.splitlines() if "\n" in spec_text.strip()), default=88)
    split = [sentences(part) for part in parts]
    changed: set[int] = set()
    for text in page_sentences:
        scored = [
            (SequenceMatcher(None, words(sentence), words(text), autojunk=False).ratio(), p, s)
            for p, part in enumerate(split)
            for s, sentence in enumerate(part)
        ]
        best = max(scored, default=None)
        if best is not None and best[0] >= 0.5:
            split[best[1]][best[2]] = text
            changed.add(best[1])
        else:
            split.append([text])
            parts.append(text)
            changed.add(len(parts) - 1)
    block = "\n" in spec_text.strip() or len(parts) > 1
    for index in changed:
        joined = " ".join(split[index])
        parts[index] = textwrap.fill(joined, width=max(width, 60)) if block else joined
    return "\n\n".join(parts) + "\n" if block else " ".join(parts)

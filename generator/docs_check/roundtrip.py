"""Edit a hand-written spec through a round-trip YAML tree (ruamel.yaml, YAML 1.2) and write back only the lines the
edits change: comments, key order, quoting, flow or block style and line breaks of everything else stay as written.

ruamel re-emits a multi-line flow collection on one line, so its output is not written as it is: the edited dump is
compared with a dump of the unedited tree, and only those differences are patched into the original text
(text_patch.py).
"""

from __future__ import annotations

import copy
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from ..openapi.load import read_yaml
from ..openapi.yaml12 import BOOL, FLOAT, INT, NULL
from .fix import Edit, FixError, apply_edit
from .text_patch import patch_text


def _yaml() -> YAML:
    """Round-trip YAML 1.2 (ruamel's default for `rt`, the version the project's loader reads), quotes kept, no
    line folding, the spec's indentation (`- ` two spaces in under its key)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: YAML, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def edit_text(text: str, edits: list[Edit]) -> str:
    """The spec text with `edits` applied, everything else as written. FixError when an edit does not fit, or when
    the written text would not load (with the project's YAML 1.2 loader) as the edited data."""
    yaml = _yaml()
    try:
        tree = yaml.load(text)
    except YAMLError as exc:
        raise FixError(f"the round-trip YAML reader cannot read the spec: {exc}") from exc
    baseline = _dump(yaml, tree)
    expected = copy.deepcopy(read_yaml(text))
    for edit in edits:
        apply_edit(expected, edit)
        apply_edit(tree, edit, styled, styled_key)
    result = patch_text(text, baseline, _dump(yaml, tree))
    if read_yaml(result) != expected:
        raise FixError("the edited text does not read back as the edited data (a YAML quoting or layout problem)")
    return result


def styled(value: Any, sibling: Any, parent: Any = None, *, json: bool = False) -> Any:
    """A new value as round-trip nodes: flow or block like the sibling it joins, multi-line text as a `|` block,
    strings the project's YAML 1.2 loader would read as another type quoted; inside a JSON-style collection (its
    keys or strings double-quoted) keys and strings double-quoted too."""
    json = json or _json_style(parent)
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            inner = sibling.get(key) if isinstance(sibling, dict) else None
            node[DoubleQuotedScalarString(key) if json else key] = styled(item, inner, json=json)
        _style_like(node, sibling)
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        inner = sibling[-1] if isinstance(sibling, list) and sibling else None
        seq.extend(styled(item, inner, json=json) for item in value)
        _style_like(seq, sibling)
        return seq
    if isinstance(value, str):
        if json or isinstance(sibling, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(value)
        if "\n" in value:
            return LiteralScalarString(value)
        if any(pattern.match(value) for pattern in (BOOL, NULL, INT, FLOAT)) or value != value.strip():
            return SingleQuotedScalarString(value)
    return value


def _json_style(parent: Any) -> bool:
    if isinstance(parent, CommentedMap):
        return any(isinstance(key, DoubleQuotedScalarString) for key in parent)
    if isinstance(parent, CommentedSeq):
        return any(isinstance(item, DoubleQuotedScalarString) for item in parent)
    return False


def styled_key(key: str, mapping: Any) -> Any:
    """A new key, double-quoted when the mapping's keys are (a JSON-style example)."""
    return DoubleQuotedScalarString(key) if _json_style(mapping) else styled(key, None)


def _style_like(node: CommentedMap | CommentedSeq, sibling: Any) -> None:
    """Flow or block like the sibling; without one, a small collection of scalars is flow (`{type: string}`), a
    `$ref` or a description block."""
    if isinstance(sibling, CommentedMap | CommentedSeq):
        flow = bool(sibling.fa.flow_style())
    else:
        items = list(node.values()) if isinstance(node, CommentedMap) else list(node)
        keys = set(node) if isinstance(node, CommentedMap) else set()
        flow = len(items) <= 3 and not keys & {"$ref", "description"}
        flow = flow and not any(isinstance(i, dict | list) or "\n" in str(i) for i in items)
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()

"""The one YAML (and JSON) loader: YAML 1.2 scalars, the line/column of every value, duplicate keys refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, GenerationError
from .pointer import escape_pointer_token, join_pointer, split_pointer
from .yaml12 import Yaml12Loader


@dataclass
class SpecDocument:
    """A loaded spec: its data and the line/column of every JSON pointer in it."""

    path: Path
    display_name: str
    data: dict[str, Any]
    text: str
    locations: dict[str, tuple[int, int]] = field(default_factory=dict)

    def where(self, pointer: str) -> tuple[int, int]:
        """Line and column of the value at `pointer`, or of its nearest located parent."""
        tokens = split_pointer(pointer) if pointer else []
        while True:
            key = join_pointer(*tokens)
            if key in self.locations:
                return self.locations[key]
            if not tokens:
                return (1, 1)
            tokens = tokens[:-1]

    def diagnostic(self, pointer: str, message: str, level: str = "error") -> Diagnostic:
        """A diagnostic located at `pointer` in this document."""
        line, col = self.where(pointer)
        return Diagnostic(self.display_name, line, col, pointer, message, level)


SpecLoader = Yaml12Loader


def _json_keys(value: Any) -> Any:
    """Mapping keys as strings, as in JSON (`200:` in YAML is the key "200")."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


def read_yaml(text: str) -> Any:
    """YAML (or JSON) text as JSON data: string keys, YAML 1.2 scalars (`18:00` a string). No locations: fast."""
    return _json_keys(yaml.load(text, Loader=SpecLoader))  # noqa: S506 - SpecLoader is a SafeLoader


def _walk(
    node: yaml.Node, pointer: str, locations: dict[str, tuple[int, int]], problems: list[tuple[str, yaml.Node, str]]
) -> None:
    locations[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                problems.append((pointer + "/" + escape_pointer_token(key), key_node, f"duplicate key {key!r}"))
            seen.add(key)
            _walk(value_node, pointer + "/" + escape_pointer_token(key), locations, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{pointer}/{index}", locations, problems)


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def parse_text(text: str, name: str, path: Path | None = None) -> SpecDocument:
    """Parse a YAML (or JSON) document held in memory; GenerationError with located diagnostics on failure."""
    try:
        node = yaml.compose(text, Loader=SpecLoader)
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        raise GenerationError([Diagnostic(name, line, col, "", f"YAML syntax error: {problem}")]) from exc
    if not isinstance(data, dict) or node is None:
        raise GenerationError([Diagnostic(name, 1, 1, "", "a spec must be a YAML mapping (an OpenAPI document)")])
    locations: dict[str, tuple[int, int]] = {}
    problems: list[tuple[str, yaml.Node, str]] = []
    _walk(node, "", locations, problems)
    if problems:
        raise GenerationError(
            [Diagnostic(name, n.start_mark.line + 1, n.start_mark.column + 1, p, m) for p, n, m in problems]
        )
    return SpecDocument(path=path or Path(name), display_name=name, data=data, text=text, locations=locations)


def load_spec(path: Path) -> SpecDocument:
    """Read and parse one spec file; raise GenerationError with located diagnostics on failure."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GenerationError([Diagnostic(name, 1, 1, "", f"cannot read spec: {exc}")]) from exc
    return parse_text(text, name, path)

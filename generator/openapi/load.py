"""The one YAML (and JSON) loader: YAML 1.2 scalars, the line/column of every value, duplicate keys refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .diagnostics import Diagnostic, GenerationError, display_path
from .pointer import escape_pointer_token, join_pointer, split_pointer
from .yaml12 import loader_for


class Place(NamedTuple):
    """Where a value was written: line and column (from 1) in a file (as shown in messages).

    `pointer` is the value's pointer in that file when the file is not the spec itself (a file it refers to).
    """

    line: int
    col: int
    file: str
    pointer: str | None = None


@dataclass
class SpecDocument:
    """A loaded spec: its data and where every value in it was written (a multi-file document is one document).

    `problems` are what reading it found without stopping (a `$ref` to a file that cannot be read);
    validation reports them with everything else.
    """

    path: Path
    display_name: str
    data: dict[str, Any]
    text: str
    locations: dict[str, Place] = field(default_factory=dict)
    problems: tuple[Diagnostic, ...] = ()
    keys: dict[str, Place] = field(default_factory=dict)  # where the key of each mapping entry is written
    # The other files its `$ref`s named (read or not), relative to the spec's folder: inputs of what it generates.
    sources: tuple[str, ...] = ()
    # The operations validation left out as broken (validate/broken_operations.py), as `GET /a`.
    left_out: tuple[str, ...] = ()

    def place(self, pointer: str) -> Place:
        """File, line and column of the value at `pointer`, or of its nearest located parent."""
        return self._nearest(pointer)[1]

    def _nearest(self, pointer: str) -> tuple[str, Place]:
        tokens = split_pointer(pointer) if pointer else []
        while True:
            key = join_pointer(*tokens)
            if key in self.locations:
                return key, self.locations[key]
            if not tokens:
                return "", Place(1, 1, self.display_name)
            tokens = tokens[:-1]

    def where(self, pointer: str) -> tuple[int, int]:
        """Line and column of the value at `pointer` (in the file `place` names)."""
        place = self.place(pointer)
        return place.line, place.col

    def key_diagnostic(self, pointer: str, message: str, level: str = "error") -> Diagnostic:
        """A diagnostic about the key of the entry at `pointer` (a misspelled key), located at the key itself."""
        found = self.diagnostic(pointer, message, level)
        key = self.keys.get(pointer)
        return found if key is None else Diagnostic(key.file, key.line, key.col, found.pointer, message, level)

    def diagnostic(self, pointer: str, message: str, level: str = "error") -> Diagnostic:
        """A diagnostic located at `pointer`: the file, line and column where that value was written, and its
        pointer in that file."""
        key, place = self._nearest(pointer)
        shown = pointer if place.pointer is None else place.pointer + pointer[len(key) :]
        return Diagnostic(place.file, place.line, place.col, shown, message, level)


def _json_keys(value: Any) -> Any:
    """Mapping keys as strings, as in JSON (`200:` in YAML is the key "200")."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


def read_yaml(text: str) -> Any:
    """YAML (or JSON) text as JSON data: string keys, YAML 1.2 scalars (`18:00` a string). No locations: fast."""
    return _json_keys(yaml.load(text, Loader=loader_for(text)))  # noqa: S506 - a SafeLoader


@dataclass
class _Places:
    """What a walk of a YAML node tree finds: where each value and each key is, and the duplicate keys."""

    name: str
    locations: dict[str, Place] = field(default_factory=dict)
    keys: dict[str, Place] = field(default_factory=dict)
    problems: list[tuple[str, yaml.Node, str]] = field(default_factory=list)

    def walk(self, node: yaml.Node, pointer: str) -> None:
        self.locations[pointer] = Place(node.start_mark.line + 1, node.start_mark.column + 1, self.name)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child = pointer + "/" + escape_pointer_token(key)
                if key in seen:
                    self.problems.append((child, key_node, f"duplicate key {key!r}"))
                seen.add(key)
                self.keys[child] = Place(key_node.start_mark.line + 1, key_node.start_mark.column + 1, self.name)
                self.walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, f"{pointer}/{index}")


def parse_located(text: str, name: str) -> tuple[Any, dict[str, Place], dict[str, Place]]:
    """YAML (or JSON) text as JSON data, the place of every value and of every key; GenerationError, located."""
    loader = loader_for(text)(text)
    try:
        node = loader.get_single_node()  # composed once: the places are read from it, the data made from it
        data = None if node is None else _json_keys(loader.construct_document(node))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        raise GenerationError([Diagnostic(name, line, col, "", f"YAML syntax error: {problem}")]) from exc
    finally:
        loader.dispose()
    if node is None:
        raise GenerationError([Diagnostic(name, 1, 1, "", "the document is empty")])
    places = _Places(name)
    places.walk(node, "")
    if places.problems:
        raise GenerationError(
            [Diagnostic(name, n.start_mark.line + 1, n.start_mark.column + 1, p, m) for p, n, m in places.problems]
        )
    return data, places.locations, places.keys


def parse_text(text: str, name: str, path: Path | None = None) -> SpecDocument:
    """Parse a YAML (or JSON) spec held in memory; GenerationError with located diagnostics on failure."""
    data, locations, keys = parse_located(text, name) if text.strip() else (None, {}, {})
    if not isinstance(data, dict):
        raise GenerationError([Diagnostic(name, 1, 1, "", "a spec must be a YAML mapping (an OpenAPI document)")])
    return SpecDocument(path or Path(name), name, data, text, locations, keys=keys)


def load_spec(path: Path) -> SpecDocument:
    """Read and parse a spec file and the files its `$ref`s name, as one document (openapi/external.py).

    GenerationError with located diagnostics when the spec itself cannot be read; a referenced file
    that cannot be read is one of the document's `problems`.
    """
    from .external import folder_reader, resolve_files

    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GenerationError([Diagnostic(name, 1, 1, "", f"cannot read spec: {exc}")]) from exc
    folder = path.parent
    doc = parse_text(text, name, path)
    return resolve_files(doc, folder_reader(folder), path.name, lambda other: display_path(folder / other))

"""Multi-file documents read as one: `$ref`s to other files brought into the root document.

A reference to another file (`models/pet.yaml`, `common.yaml#/components/schemas/Pet`, YAML or
JSON, relative to the file it is written in) is resolved here, once, so that every later stage
sees one document:

- a target in another file's `components/<section>/<name>` becomes the root's
  `components/<section>/<name>`;
- any other target referenced where a schema belongs becomes `components/schemas/<name>`, named
  after the pointer's last token or else the file (`models/pet.yaml` -> `pet`); a root component
  that is nothing but that reference (`Pet: {$ref: models/pet.yaml}`) is the target's name instead;
- everything else (an operation, a path item, a parameter, a response) is inlined where it is referenced.

A name already taken by another target gets a number (`pet2`). Schemas being components, references
may go round across files; a cycle through anything else cannot be inlined and is an error. Every
value keeps the file, line and column it was written at. Nothing is fetched over the network.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, GenerationError
from .load import Place, SpecDocument, parse_located, parse_text
from .pointer import escape_pointer_token, join_pointer, resolve_pointer, split_pointer
from .suggest import ref_suggestion
from .walk import COMPONENT_SECTIONS

Reader = Callable[[str], str]
"""Reads a document by its name: a posix path relative to the root document's folder."""

LITERAL_KEYS = frozenset({"example", "default", "const", "enum"})
NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "paths", "webhooks"}
    | set(COMPONENT_SECTIONS)
    | {"content", "encoding", "variables", "scopes", "mapping"}
)
SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_KEYS = frozenset(
    {"schema", "items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"}
    | {"unevaluatedItems", "unevaluatedProperties", "additionalItems"}
)
REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
EXTERNAL_REF = re.compile(r"""\$ref["']?\s*:\s*["']?(?!#)[^\s"'#]""")
COMPONENT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def has_external_refs(text: str) -> bool:
    """Whether a document's text may hold a `$ref` to another file (a fast test before walking it)."""
    return EXTERNAL_REF.search(text) is not None


def in_schema(tokens: list[str]) -> bool:
    """Whether the value at these pointer tokens is a schema (by the key or list it sits in)."""
    if len(tokens) >= 2 and (tokens[-2] in SCHEMA_MAPS or (tokens[-2] in SCHEMA_LISTS and tokens[-1].isdigit())):
        return True
    if len(tokens) == 3 and tokens[:2] == ["components", "schemas"]:
        return True
    return bool(tokens) and tokens[-1] in SCHEMA_KEYS


@dataclass(frozen=True)
class _File:
    """One file read: its name in messages, its data, where each value is."""

    display_name: str
    data: Any
    locations: dict[str, Place]
    keys: dict[str, Place]

    def place(self, pointer: str) -> Place:
        return SpecDocument(Path(), self.display_name, {}, "", self.locations).place(pointer)


@dataclass
class _Resolver:
    """One resolution: the files read so far, the components brought in, the problems found."""

    read: Reader
    display: Callable[[str], str]
    root: SpecDocument
    root_name: str
    files: dict[str, _File | None] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    keys: dict[str, Place] = field(default_factory=dict)
    placed: dict[tuple[str, str], str] = field(default_factory=dict)  # (file, pointer) -> local pointer
    own: dict[str, tuple[str, str]] = field(default_factory=dict)  # root components that only refer to a file
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)  # components brought in, by section
    taken: dict[str, set[str]] = field(default_factory=dict)
    inlining: list[tuple[str, str]] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)  # file -> why it cannot be read
    problems: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.files[self.root_name] = _File(self.root.display_name, self.root.data, self.root.locations, self.root.keys)
        components = self.root.data.get("components")
        for section, entries in components.items() if isinstance(components, dict) else []:
            if isinstance(entries, dict):
                self.taken[section] = set(entries)
                for key, value in entries.items():  # `Pet: {$ref: pet.yaml}`: the target is named Pet
                    ref = value.get("$ref") if isinstance(value, dict) and len(value) == 1 else None
                    if isinstance(ref, str) and not ref.startswith("#") and not REMOTE.match(ref):
                        local = join_pointer("components", section, key)
                        target = self.target(ref, self.root_name)
                        valid = not target[1] or target[1].startswith("/")
                        if valid and target not in self.placed and target[0] != self.root_name:
                            self.placed[target] = local
                            self.own[local] = target

    # ---------------------------------------------------------------------------------------- files

    def file(self, name: str, referrer: tuple[str, str]) -> _File | None:
        """The parsed file `name`, or None (the problem recorded at the referring `$ref`) when it cannot be read."""
        if name not in self.files:
            try:
                text = self.read(name)
            except (OSError, KeyError, UnicodeDecodeError) as exc:
                self.unreadable[name] = (
                    exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
                )
                text = None
            try:
                self.files[name] = (
                    None if text is None else _File(self.display(name), *parse_located(text, self.display(name)))
                )
            except GenerationError as exc:
                self.files[name] = None
                self.problems += exc.diagnostics  # the file's own problem, reported once
        if name in self.unreadable:
            reason = self.unreadable[name]
            self.problem(*referrer, f"cannot read {self.display(name)!r} (a file this $ref names): {reason}")
        return self.files[name]

    def place(self, name: str, pointer: str) -> Place:
        found = self.files.get(name)
        return found.place(pointer) if found else Place(1, 1, self.display(name))

    def problem(self, name: str, pointer: str, message: str) -> None:
        place = self.place(name, pointer)
        self.problems.append(Diagnostic(place.file, place.line, place.col, pointer, message))

    def target(self, ref: str, name: str) -> tuple[str, str]:
        """The (file, JSON pointer) a reference written in file `name` points at."""
        file, _, fragment = ref.partition("#")
        return (posixpath.normpath(posixpath.join(posixpath.dirname(name), file)) if file else name), fragment

    # ---------------------------------------------------------------------------------------- walk

    def reference(self, node: dict[str, Any], name: str, src: str, dst: str) -> Any:
        """What a `{$ref: ...}` object (at `src` in file `name`, going to `dst`) becomes: a local $ref or the target."""
        ref = node["$ref"]
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        rest = self.rewrite(siblings, name, src, dst) if siblings else {}
        if name == self.root_name and dst in self.own:  # `Pet: {$ref: pet.yaml}` in the root: Pet is the target
            value = self.value(*self.own[dst], (name, src + "/$ref"))
            if value is None:
                return node
            self.places.pop(dst, None)  # where the target is written, not the reference
            return self.rewrite(value, *self.own[dst], dst)
        value = self.follow(ref, name, src + "/$ref", in_schema(split_pointer(dst)), dst)
        if isinstance(value, str):
            self.locate(name, src + "/$ref", dst + "/$ref")
            return {"$ref": value, **rest}
        if rest and not isinstance(value, dict):
            self.problem(name, src + "/$ref", f"$ref {ref!r} with sibling keys must point at an object")
            return {"$ref": ref, **rest}
        return {**value, **rest} if rest else value

    def value(self, name: str, fragment: str, referrer: tuple[str, str]) -> Any:
        """The value a target names; None (the problem recorded) when there is none."""
        found = self.file(name, referrer)
        if found is None:
            return None
        try:
            return resolve_pointer(found.data, fragment)
        except KeyError:
            source = self.files.get(referrer[0])
            written = _at(source.data, referrer[1]) if source else None
            hint = ref_suggestion(
                found.data, fragment, (written.partition("#")[0] if isinstance(written, str) else "") + "#"
            )
            self.problem(*referrer, f"unresolved $ref: {found.display_name} has no {fragment or '/'}{hint}")
            return None

    def follow(self, ref: str, name: str, at: str, schema: bool, dst: str) -> Any:
        """A reference made local (`#/...`), or the inlined target; the `$ref` as written on a problem."""
        if REMOTE.match(ref):
            message = f"$ref {ref!r} is a remote URL, and nothing is fetched over the network: save that document"
            self.problem(name, at, message + " beside this one and refer to it by a relative path")
            return ref
        target = self.target(ref, name)
        if target[1] and not target[1].startswith("/"):
            self.problem(name, at, f"$ref {ref!r}: the part after # must be a JSON pointer (#/...)")
            return ref
        if target[0] == self.root_name:
            return "#" + target[1]
        if target in self.placed:
            return "#" + self.placed[target]
        named = _component_name(target, schema)
        if named is not None:
            local = self.component(target, *named, (name, at))
            return ref if local is None else "#" + local
        if target in self.inlining:
            chain = " -> ".join(f"{d}#{p}" for d, p in [*self.inlining, target])
            self.problem(name, at, f"$ref cycle across files through something that is not a schema: {chain}")
            return ref
        value = self.value(*target, (name, at))
        if value is None:
            return ref
        self.inlining.append(target)
        inlined = self.rewrite(value, *target, dst)
        self.inlining.pop()
        return inlined

    def component(self, target: tuple[str, str], section: str, key: str, referrer: tuple[str, str]) -> str | None:
        """The local pointer of the component `target` becomes (brought in once); None when it is missing."""
        value = self.value(*target, referrer)
        if value is None:
            return None
        taken = self.taken.setdefault(section, set())
        base = COMPONENT_NAME.sub("_", key) or section
        unique, number = base, 2
        while unique in taken:
            unique, number = f"{base}{number}", number + 1
        taken.add(unique)
        local = join_pointer("components", section, unique)
        self.placed[target] = local
        entries = self.extra.setdefault(section, {})
        entries[unique] = {}  # its name is taken while its own references are followed
        entries[unique] = self.rewrite(value, *target, local)
        return local

    def rewrite(self, node: Any, name: str, src: str, dst: str, *, names: bool = False) -> Any:
        """A copy of `node` (at `src` in file `name`, going to `dst`) with every reference made local."""
        self.locate(name, src, dst)
        if isinstance(node, list):
            return [self.rewrite(item, name, f"{src}/{i}", f"{dst}/{i}") for i, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str) and not names:
            return self.reference(node, name, src, dst)
        copy: dict[str, Any] = {}
        for key, value in node.items():
            token = "/" + escape_pointer_token(key)
            if not names and (key in LITERAL_KEYS or (key == "examples" and isinstance(value, list))):
                copy[key] = self.literal(value, name, src + token, dst + token)
            elif not names and key == "discriminator" and isinstance(value, dict):
                copy[key] = self.discriminator(value, name, src + token, dst + token)
            else:
                is_map = not names and (key in NAME_MAPS or key == "examples")
                copy[key] = self.rewrite(value, name, src + token, dst + token, names=is_map)
        return copy

    def locate(self, name: str, src: str, dst: str) -> None:
        """The value at `src` in file `name` is at `dst` in the document: it keeps its place."""
        source = self.files[name]
        if source is None or dst in self.places:
            return
        for found, out in ((source.locations, self.places), (source.keys, self.keys)):
            place = found.get(src)
            if place is not None:
                out[dst] = place if name == self.root_name else place._replace(pointer=src)

    def literal(self, node: Any, name: str, src: str, dst: str) -> Any:
        """Data (an example, a default): copied as it is, with the place of every value."""
        self.locate(name, src, dst)
        if isinstance(node, dict):
            tokens = {key: "/" + escape_pointer_token(key) for key in node}
            return {k: self.literal(v, name, src + tokens[k], dst + tokens[k]) for k, v in node.items()}
        if isinstance(node, list):
            return [self.literal(v, name, f"{src}/{i}", f"{dst}/{i}") for i, v in enumerate(node)]
        return node

    def discriminator(self, value: dict[str, Any], name: str, src: str, dst: str) -> dict[str, Any]:
        """A discriminator, its mapping's references to files made local."""
        out: dict[str, Any] = self.literal(value, name, src, dst)
        mapping = value.get("mapping")
        if isinstance(mapping, dict):
            for key, target in mapping.items():
                is_file = isinstance(target, str) and ("/" in target or "#" in target or target.endswith(FILES))
                if is_file:
                    at = f"{src}/mapping/{escape_pointer_token(key)}"
                    followed = self.follow(target, name, at, True, f"{dst}/mapping/{escape_pointer_token(key)}")
                    out["mapping"][key] = followed if isinstance(followed, str) else target
        return out

    def run(self) -> SpecDocument:
        data = self.rewrite(self.root.data, self.root_name, "", "")
        if self.extra:
            components = data.setdefault("components", {})
            for section, entries in self.extra.items():
                components.setdefault(section, {}).update(entries)
        problems = (*self.root.problems, *self.problems)
        sources = tuple(sorted(name for name in self.files if name != self.root_name))
        return replace(self.root, data=data, locations=self.places, keys=self.keys, problems=problems, sources=sources)


FILES = (".yaml", ".yml", ".json")


def _at(data: Any, pointer: str) -> Any:
    try:
        return resolve_pointer(data, pointer)
    except KeyError:
        return None


def _component_name(target: tuple[str, str], schema: bool) -> tuple[str, str] | None:
    """The section and name of the component a target becomes, or None: it is inlined."""
    tokens = split_pointer(target[1])
    if len(tokens) == 3 and tokens[0] == "components" and tokens[1] in COMPONENT_SECTIONS:
        return tokens[1], tokens[2]
    if schema:
        return "schemas", tokens[-1] if tokens else posixpath.splitext(posixpath.basename(target[0]))[0]
    return None


def resolve_files(doc: SpecDocument, read: Reader, root_name: str, display: Callable[[str], str]) -> SpecDocument:
    """`doc` (the file `root_name`) with every reference to another file resolved; problems in `doc.problems`."""
    if not has_external_refs(doc.text):
        return doc
    return _Resolver(read, display, doc, root_name).run()


def folder_reader(folder: Path) -> Reader:
    """Reads documents relative to `folder`."""

    def read(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return read


def bundle(root: str, read: Reader) -> dict[str, Any]:
    """The document `root` with every reference to another file resolved; GenerationError on any problem."""
    doc = resolve_files(parse_text(read(root), root), read, root, lambda name: name)
    if doc.problems:
        raise GenerationError(list(doc.problems))
    return doc.data

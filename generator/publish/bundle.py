"""Bundle a spec into one self-contained document: external $refs inlined, internal ones kept."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument, parse_text
from ..openapi.pointer import join_pointer, resolve_pointer, split_pointer
from ..openapi.walk import COMPONENT_SECTIONS

Reader = Callable[[str], str]
"""Reads a document by its name (a posix path, relative names resolved against the referring document)."""

LITERAL_KEYS = frozenset({"example", "default", "const", "enum"})
REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass
class _Bundler:
    """One bundling run: the documents read so far and the components hoisted into the root."""

    read: Reader
    root: str
    documents: dict[str, SpecDocument] = field(default_factory=dict)
    hoisted: dict[str, tuple[str, str]] = field(default_factory=dict)  # local pointer -> (document, pointer)
    inlining: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)  # hoisted components, by section

    def document(self, name: str, referrer: tuple[str, str] | None = None) -> SpecDocument:
        if name not in self.documents:
            try:
                text = self.read(name)
            except (OSError, KeyError, UnicodeDecodeError) as exc:
                where = self._where(*referrer) if referrer else Diagnostic(name, 1, 1, "", "")
                raise GenerationError([_at(where, f"cannot read referenced document {name!r}: {exc}")]) from exc
            self.documents[name] = parse_text(text, name)
        return self.documents[name]

    def _where(self, doc: str, pointer: str) -> Diagnostic:
        return self.documents[doc].diagnostic(pointer, "")

    def fail(self, doc: str, pointer: str, message: str) -> GenerationError:
        return GenerationError([_at(self._where(doc, pointer), message)])

    def target(self, ref: str, doc: str, pointer: str) -> tuple[str, str]:
        """The (document, JSON pointer) a reference written in `doc` points at."""
        if REMOTE.match(ref):
            raise self.fail(doc, pointer, f"remote $ref {ref!r} is not supported; use a file next to the spec")
        file, _, fragment = ref.partition("#")
        name = posixpath.normpath(posixpath.join(posixpath.dirname(doc), file)) if file else doc
        if fragment and not fragment.startswith("/"):
            raise self.fail(doc, pointer, f"$ref {ref!r}: the part after # must be a JSON pointer (#/...)")
        return name, fragment

    def resolve(self, name: str, target: str, referrer: tuple[str, str]) -> Any:
        try:
            return resolve_pointer(self.document(name, referrer).data, target)
        except KeyError:
            raise self.fail(*referrer, f"unresolved $ref: {name}#{target}") from None

    def reference(self, ref: str, doc: str, pointer: str, *, mapping: bool = False) -> str | Any:
        """A rewritten reference string (a kept or hoisted component) or, for anything else, the inlined value."""
        name, target = self.target(ref, doc, pointer)
        if name == self.root:
            return "#" + target
        tokens = split_pointer(target)
        if len(tokens) == 3 and tokens[0] == "components" and tokens[1] in COMPONENT_SECTIONS:
            return "#" + self.hoist(name, target, tokens[1], tokens[2], (doc, pointer))
        if mapping:
            raise self.fail(doc, pointer, f"discriminator mapping {ref!r} must point at a component (#/components/...)")
        if (name, target) in self.inlining:
            chain = " -> ".join(f"{d}#{p}" for d, p in [*self.inlining, (name, target)])
            raise self.fail(doc, pointer, f"recursive $ref cannot be inlined (make it a component): {chain}")
        self.inlining.append((name, target))
        value = self.rewrite(self.resolve(name, target, (doc, pointer)), name, target)
        self.inlining.pop()
        return value

    def hoist(self, name: str, target: str, section: str, key: str, referrer: tuple[str, str]) -> str:
        """Copy an external component into the root's components (once) and return its local pointer."""
        local = join_pointer("components", section, key)
        if local in self.hoisted:
            if self.hoisted[local] != (name, target):
                first = "{}#{}".format(*self.hoisted[local])
                raise self.fail(*referrer, f"{name}#{target} and {first} would both bundle as #{local}")
            return local
        own = self.documents[self.root].data.get("components") or {}
        if key in (own.get(section) or {}):
            raise self.fail(*referrer, f"{name}#{target} would replace #{local} of {self.root}; rename one of them")
        self.hoisted[local] = (name, target)
        section_map = self.extra.setdefault(section, {})
        section_map[key] = None  # placeholder: keeps the name taken while its own references are rewritten
        section_map[key] = self.rewrite(self.resolve(name, target, referrer), name, target)
        return local

    def rewrite(self, node: Any, doc: str, pointer: str) -> Any:
        """A copy of `node` (at `pointer` in `doc`) with every reference made local to the root."""
        if isinstance(node, list):
            return [self.rewrite(item, doc, f"{pointer}/{index}") for index, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if isinstance(ref, str):
            rewritten = self.reference(ref, doc, pointer + "/$ref")
            rest = self.rewrite(siblings, doc, pointer) if siblings else {}
            if isinstance(rewritten, str):
                return {"$ref": rewritten, **rest}
            if rest and not isinstance(rewritten, dict):
                raise self.fail(doc, pointer, f"$ref {ref!r} with sibling keys must point at an object")
            return {**rewritten, **rest} if rest else rewritten
        copy: dict[str, Any] = {}
        for key, value in node.items():
            where = join_pointer(*split_pointer(pointer), key)
            if key in LITERAL_KEYS or (key == "examples" and isinstance(value, list)):
                copy[key] = deepcopy(value)
            elif key == "examples" and isinstance(value, dict):
                copy[key] = {
                    name: self.rewrite(item, doc, join_pointer(*split_pointer(where), name))
                    if isinstance(item, dict) and "$ref" in item
                    else deepcopy(item)
                    for name, item in value.items()
                }
            elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
                mapping = {
                    name: self.reference(target, doc, f"{where}/mapping/{name}", mapping=True)
                    if isinstance(target, str)
                    else target
                    for name, target in value["mapping"].items()
                }
                copy[key] = {**deepcopy(value), "mapping": mapping}
            else:
                copy[key] = self.rewrite(value, doc, where)
        return copy


def _at(where: Diagnostic, message: str) -> Diagnostic:
    return Diagnostic(where.file, where.line, where.col, where.pointer, message)


def bundle(root: str, read: Reader) -> dict[str, Any]:
    """The document `root` with every external reference inlined (components hoisted); local ones kept."""
    bundler = _Bundler(read=read, root=root)
    data = bundler.document(root).data
    out = {key: bundler.rewrite(value, root, join_pointer(key)) for key, value in data.items()}
    if bundler.extra:
        components = out.setdefault("components", {})
        for section, entries in bundler.extra.items():
            components.setdefault(section, {}).update(entries)
    return out


def bundle_file(path: Path) -> dict[str, Any]:
    """Bundle a spec file; referenced files are read relative to it."""
    base = path.parent

    def read(name: str) -> str:
        return (base / name).read_text(encoding="utf-8")

    return bundle(path.name, read)


class _Dumper(yaml.SafeDumper):
    """A dumper that writes multi-line strings as literal blocks and never aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(data: dict[str, Any]) -> str:
    """YAML text of a document, keys in document order."""
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False
    )
    return text


def to_json(data: dict[str, Any]) -> str:
    """JSON text of a document, keys in document order, with a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def canonical_json(data: Any) -> bytes:
    """The document as canonical JSON bytes (sorted keys, no spaces): what its content hash is taken of."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

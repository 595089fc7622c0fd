"""A spec as one self-contained document (references to other files resolved by openapi/external.py), as YAML or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..openapi.diagnostics import GenerationError
from ..openapi.external import Reader, bundle
from ..openapi.load import load_spec

__all__ = ["Reader", "bundle", "bundle_file", "canonical_json", "to_json", "to_yaml"]


def bundle_file(path: Path) -> dict[str, Any]:
    """A spec file as one document: the files it refers to brought in by the loader (openapi/external.py)."""
    doc = load_spec(path)
    if doc.problems:
        raise GenerationError(list(doc.problems))
    return doc.data


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

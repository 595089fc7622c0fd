"""Synthetic specs of N operations, made from spec/karat.yaml by copying its paths under new names."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from bench.measure import ROOT
from generator.openapi.load import read_yaml

BASE_SPEC = ROOT / "spec" / "karat.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def load_base() -> dict[str, Any]:
    """The Karat spec as JSON-compatible data."""
    data: dict[str, Any] = read_yaml(BASE_SPEC.read_text(encoding="utf-8"))
    return data


def _operations(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, method) for path, item in doc["paths"].items() for method in METHODS if method in item]


def scaled_spec(operations: int, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A valid spec with exactly `operations` operations: copy n of path P is `/copy{n}P`, tag `T{n}`."""
    doc = copy.deepcopy(base if base is not None else load_base())
    originals = _operations(doc)
    source_paths = doc["paths"]
    tags = {t["name"]: t for t in doc.get("tags", [])}
    paths: dict[str, Any] = {}
    new_tags: dict[str, Any] = {}
    for index in range(operations):
        path, method = originals[index % len(originals)]
        n = index // len(originals)
        new_path = path if n == 0 else f"/copy{n}{path}"
        item = paths.setdefault(new_path, {k: v for k, v in source_paths[path].items() if k not in METHODS})
        op = copy.deepcopy(source_paths[path][method])
        if n:
            op["operationId"] = f"{op['operationId']}Copy{n}"
            if "x-sdk-name" in op:
                op["x-sdk-name"] = f"{op['x-sdk-name']}_copy{n}"
            op["tags"] = [f"{tag}{n}" for tag in op["tags"]]
        item[method] = op
        for tag in op["tags"]:
            original = tags[tag if n == 0 else tag.removesuffix(str(n))]
            new_tags.setdefault(tag, {**original, "name": tag})
    doc["paths"] = paths
    doc["tags"] = list(new_tags.values())
    return doc


def write_scaled_spec(operations: int, folder: Path, base: dict[str, Any] | None = None) -> Path:
    """Write the spec of `operations` operations as `folder/karat.yaml` (JSON text, which is YAML)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "karat.yaml"
    target.write_text(json.dumps(scaled_spec(operations, base), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target

"""Publish stage: dist/<service>/ with the bundled spec (YAML, JSON), its HTML reference and the SDK wheel + sdist."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from ..codegen.finalize import is_current, sha256
from ..codegen.pipeline import Layout, load_and_validate, pipeline_inputs
from ..codegen.swap import discard, replace_tree, staging_dir
from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument
from .bundle import bundle_file, canonical_json, to_json, to_yaml
from .reference_html import render_reference
from .wheel import PackageMeta, build_sdist, build_wheel, stage

RUNTIME_DEPENDENCIES = ("httpx", "pydantic", "sniffio", "typing-extensions")  # sniffio: see requirements.in
REQUIRES_PYTHON = ">=3.11"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock: Path) -> dict[str, str]:
    """`name==version` pins of a requirements lock, by normalized name."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#", 1)[0].strip().partition("==")
        if sep:
            pins[_normalize(name)] = version.strip()
    return pins


def dependencies(lock: Path) -> tuple[str, ...]:
    """The runtime dependencies, with the locked versions as lower bounds (`httpx>=0.28.1`)."""
    pins = locked_versions(lock)
    missing = [name for name in RUNTIME_DEPENDENCIES if _normalize(name) not in pins]
    if missing:
        raise GenerationError([Diagnostic(lock.name, 1, 1, "", f"no pinned version of {', '.join(missing)}")])
    return tuple(f"{name}>={pins[_normalize(name)]}" for name in RUNTIME_DEPENDENCIES)


def package_meta(doc: SpecDocument, lock: Path) -> PackageMeta:
    """The distribution of one spec's SDK: `karat-sdk`, version info.version."""
    from packaging.version import InvalidVersion, Version

    info, sdk = doc.data["info"], doc.data["x-sdk"]
    module = sdk["package"]
    try:
        version = str(Version(str(info["version"])))
    except InvalidVersion as exc:
        raise GenerationError(
            [doc.diagnostic("/info/version", f"info.version {info['version']!r} is not a PEP 440 version")]
        ) from exc
    name = _normalize(module)
    summary = f"Typed Python SDK of the {info['title']}, generated from its OpenAPI spec."
    readme = (
        f"# {name}\n\n{summary}\n\n{info.get('summary', '')}\n\n"
        f"```python\nfrom {module} import {sdk['client']}Client\n```\n\n"
        f"API version {version}. Made by `make publish` from the spec; see the project's README.\n"
    )
    return PackageMeta(name, module, version, summary, REQUIRES_PYTHON, dependencies(lock), readme)


def metadata_json(doc: SpecDocument, bundled: dict[str, Any], meta: PackageMeta, files: dict[str, bytes]) -> str:
    """metadata.json of a service: title, versions, content hash of the spec and of every file."""
    info = bundled["info"]
    record = {
        "service": doc.path.stem,
        "title": info.get("title"),
        "version": info.get("version"),
        "openapi": bundled.get("openapi"),
        "spec_sha256": sha256(canonical_json(bundled)),
        "package": {
            "name": meta.name,
            "import": meta.module,
            "version": meta.version,
            "requires_python": meta.requires_python,
            "dependencies": list(meta.dependencies),
        },
        "files": {name: sha256(data) for name, data in sorted(files.items())},
    }
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def publish_service(doc: SpecDocument, package_dir: Path, lock: Path, out: Path) -> list[str]:
    """Write one service's artifacts into `out`; the names of the files written."""
    bundled = bundle_file(doc.path)
    out.mkdir(parents=True)
    meta = package_meta(doc, lock)
    files = {
        "openapi.yaml": to_yaml(bundled).encode("utf-8"),
        "openapi.json": to_json(bundled).encode("utf-8"),
        "reference.html": render_reference(bundled).encode("utf-8"),
    }
    with tempfile.TemporaryDirectory(prefix="publish-") as work:
        root = stage(package_dir, meta, Path(work))
        for build in (build_wheel, build_sdist):
            artifact = build(root, meta, out)
            files[artifact.name] = artifact.read_bytes()
    files["metadata.json"] = metadata_json(doc, bundled, meta, files).encode("utf-8")
    for name, data in files.items():
        (out / name).write_bytes(data)
    sums = "".join(f"{sha256(data)}  {name}\n" for name, data in sorted(files.items()))
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return sorted([*files, "SHA256SUMS"])


def publish(layout: Layout, dist: Path, lock: Path) -> dict[str, list[str]]:
    """Validate, check that generated/ is current, then replace `dist` with every service's artifacts."""
    docs = load_and_validate(layout.specs)
    if not is_current(layout.output, pipeline_inputs(layout)):
        message = f"{layout.output}/ is not what the spec and templates produce; run `make generate` first"
        raise GenerationError([Diagnostic(str(layout.output / "MANIFEST"), 1, 1, "", message)])
    staging = staging_dir(dist)
    staging.chmod(0o755)  # a folder to serve or upload: readable by all, like the files in it
    try:
        written = {
            doc.path.stem: publish_service(
                doc, layout.output / doc.data["x-sdk"]["package"], lock, staging / doc.path.stem
            )
            for doc in docs
        }
    except BaseException:
        discard(staging)
        raise
    replace_tree(staging, dist)
    return written

"""generated/MANIFEST, written and read only here: what shaped the output, and a hash of each output file.

It records the specs, the templates, the code that renders (generator/openapi, validate, codegen and
the runtime copied as `_core/`) and the versions of the tools whose behaviour shapes the output; the
publishing and diff code is not in it, so editing those leaves generated/ current.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from .compare import CACHES

MANIFEST = "MANIFEST"
HEADER = "# Provenance of generated/: inputs, tool versions, outputs. Written by `make generate`."
TOOLS = ("datamodel-code-generator", "openapi-python-client", "pydantic", "ruff", "jinja2", "pyyaml")
GENERATOR_DIR = Path(__file__).parent.parent
RENDERING_CODE = ("openapi", "validate", "codegen", "runtime")


@dataclass(frozen=True)
class Manifest:
    """The recorded inputs (name -> SHA-256), tool versions (name -> version) and output files (path -> SHA-256)."""

    inputs: dict[str, str] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def spec_hashes(self) -> dict[str, str]:
        """`spec/<name>` -> SHA-256 of the specs it was generated from."""
        return {name: digest for name, digest in self.inputs.items() if name.startswith("spec/")}

    def lines(self) -> list[str]:
        """The MANIFEST text, one line per entry, in a fixed order."""
        return [
            HEADER,
            *(f"input {digest} {name}" for name, digest in sorted(self.inputs.items())),
            *(f"tool {name}=={v}" for name, v in sorted(self.tools.items())),
            *(f"file {digest} {path}" for path, digest in sorted(self.files.items())),
        ]


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def rendering_inputs(specs: list[Path], templates: Path) -> dict[str, bytes]:
    """Every file whose content shapes the output, by a stable name: specs, templates, the rendering code."""
    inputs = {f"spec/{p.name}": p.read_bytes() for p in specs}
    inputs |= {
        f"templates/{p.relative_to(templates).as_posix()}": p.read_bytes()
        for p in sorted(templates.rglob("*"))
        if p.is_file()
    }
    for package in RENDERING_CODE:
        inputs |= {
            f"generator/{p.relative_to(GENERATOR_DIR).as_posix()}": p.read_bytes()
            for p in sorted((GENERATOR_DIR / package).rglob("*.py"))
        }
    return inputs


def expected_manifest(root: Path, inputs: dict[str, bytes]) -> Manifest:
    """The MANIFEST that describes `root` as generated from `inputs` with the installed tools."""
    return Manifest(
        inputs={name: sha256(data) for name, data in inputs.items()},
        tools={name: version(name) for name in TOOLS},
        files={
            p.relative_to(root).as_posix(): sha256(p.read_bytes())
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MANIFEST and not CACHES.intersection(p.relative_to(root).parts)
        },
    )


def write_manifest(root: Path, inputs: dict[str, bytes]) -> None:
    """Write MANIFEST: what went in, which tools made it, and the hash of each file that came out."""
    (root / MANIFEST).write_text("\n".join(expected_manifest(root, inputs).lines()) + "\n", encoding="utf-8")


def read_manifest(root: Path) -> Manifest | None:
    """The MANIFEST below `root`, or None when there is none or it is not one."""
    path = root / MANIFEST
    if not path.is_file():
        return None
    manifest = Manifest()
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "input" or kind == "file":
            digest, _, name = rest.partition(" ")
            (manifest.inputs if kind == "input" else manifest.files)[name] = digest
        elif kind == "tool":
            name, _, tool_version = rest.partition("==")
            manifest.tools[name] = tool_version
        elif not line.startswith("#"):
            return None
    return manifest


def is_current(root: Path, inputs: dict[str, bytes]) -> bool:
    """True when `root`'s MANIFEST records exactly these inputs and tools and its files are untouched."""
    recorded = read_manifest(root)
    return recorded is not None and recorded == expected_manifest(root, inputs)

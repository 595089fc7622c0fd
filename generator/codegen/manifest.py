"""generated/MANIFEST, written and read only here: what shaped the output, and a hash of each output file.

It records the specs, the templates, the code that renders (generator/openapi, validate, codegen and
the runtime copied as `_core/`) and the versions of the tools whose behaviour shapes the output; the
publishing and diff code is not in it, so editing those leaves generated/ current.

It also records which spec each package came from (`package` lines), so that after an edit of one spec
only that spec's package is generated again (`reusable_packages`): the others are copied as they are.
A spec spread over files has an input line for each file its `$ref`s name (`spec/<name>//<relative path>`):
an edit of any of them is an edit of that spec. Which files those are is known once the spec is loaded; until
then the ones recorded are hashed (`recorded_sources`): if none of them changed, neither did the list.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..openapi.cache import installed_version
from .compare import CACHES

MANIFEST = "MANIFEST"
HEADER = "# Provenance of generated/: inputs, tool versions, outputs. Written by `make generate`."
TOOLS = ("datamodel-code-generator", "openapi-python-client", "pydantic", "ruff", "jinja2", "pyyaml")
GENERATOR_DIR = Path(__file__).parent.parent
RENDERING_CODE = ("openapi", "validate", "codegen", "runtime")
SOURCE_SEPARATOR = "//"  # `spec/<name>//<file>`: a file the spec refers to (a normalized path has no `//`)
MISSING = b"\0missing"  # the input of a referenced file that cannot be read (no file has these bytes as a name)


@dataclass(frozen=True)
class Manifest:
    """The recorded inputs (name -> SHA-256), tool versions (name -> version) and output files (path -> SHA-256)."""

    inputs: dict[str, str] = field(default_factory=dict)
    tools: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    packages: dict[str, str] = field(default_factory=dict)  # package -> `spec/<name>` it was generated from

    def spec_hashes(self) -> dict[str, str]:
        """`spec/<name>` -> SHA-256 of the specs it was generated from (their root files)."""
        return {
            name: digest
            for name, digest in self.inputs.items()
            if name.startswith("spec/") and SOURCE_SEPARATOR not in name
        }

    def sources(self) -> dict[str, list[str]]:
        """`spec/<name>` -> the files its `$ref`s named, relative to its folder, as recorded."""
        found: dict[str, list[str]] = {}
        for name in sorted(self.inputs):
            spec, separator, source = name.partition(SOURCE_SEPARATOR)
            if name.startswith("spec/") and separator:
                found.setdefault(spec, []).append(source)
        return found

    def lines(self) -> list[str]:
        """The MANIFEST text, one line per entry, in a fixed order."""
        return [
            HEADER,
            *(f"input {digest} {name}" for name, digest in sorted(self.inputs.items())),
            *(f"tool {name}=={v}" for name, v in sorted(self.tools.items())),
            *(f"package {package} {spec}" for package, spec in sorted(self.packages.items())),
            *(f"file {digest} {path}" for path, digest in sorted(self.files.items())),
        ]


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def spec_inputs(spec: Path, sources: Iterable[str] = ()) -> dict[str, bytes]:
    """A spec's bytes, and those of the files its `$ref`s name (`sources`, relative to its folder)."""
    inputs = {f"spec/{spec.name}": spec.read_bytes()}
    for source in sources:
        path = spec.parent / source
        try:
            inputs[f"spec/{spec.name}{SOURCE_SEPARATOR}{source}"] = path.read_bytes()
        except OSError:
            inputs[f"spec/{spec.name}{SOURCE_SEPARATOR}{source}"] = MISSING
    return inputs


def rendering_inputs(
    specs: list[Path], templates: Path, sources: Mapping[str, Iterable[str]] | None = None
) -> dict[str, bytes]:
    """Every file whose content shapes the output, by a stable name: specs (with the files they refer to,
    `sources`: `spec/<name>` -> relative paths), templates, the rendering code."""
    inputs: dict[str, bytes] = {}
    for spec in specs:
        inputs |= spec_inputs(spec, (sources or {}).get(f"spec/{spec.name}", ()))
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


def _file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256(p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST and not CACHES.intersection(p.relative_to(root).parts)
    }


def expected_manifest(root: Path, inputs: dict[str, bytes], packages: Mapping[str, str] | None = None) -> Manifest:
    """The MANIFEST that describes `root` as generated from `inputs` with the installed tools.

    `packages` (package -> `spec/<name>`): as given, else as `root`'s MANIFEST records them.
    """
    if packages is None:
        recorded = read_manifest(root)
        packages = recorded.packages if recorded else {}
    return Manifest(
        inputs={name: sha256(data) for name, data in inputs.items()},
        tools=_tool_versions(),
        files=_file_hashes(root),
        packages=dict(packages),
    )


@functools.cache
def _installed_versions() -> tuple[tuple[str, str], ...]:
    return tuple((name, installed_version(name)) for name in TOOLS)


def _tool_versions() -> dict[str, str]:
    return dict(_installed_versions())


def write_manifest(root: Path, inputs: dict[str, bytes], packages: Mapping[str, str] | None = None) -> None:
    """Write MANIFEST: what went in, which tools made it, each package's spec, the hash of each file that came out."""
    text = "\n".join(expected_manifest(root, inputs, packages or {}).lines()) + "\n"
    (root / MANIFEST).write_text(text, encoding="utf-8")


def reusable_packages(root: Path, inputs: dict[str, bytes]) -> dict[str, str]:
    """The packages below `root` that generating from `inputs` would write byte for byte as they are: spec -> package.

    A package qualifies when everything but the specs is as its MANIFEST records (rendering code,
    templates, lint levels, tool versions), its own spec is unchanged and none of its files was touched.
    """
    recorded = read_manifest(root)
    if recorded is None:
        return {}
    now = {name: sha256(data) for name, data in inputs.items()}

    def shared(hashes: dict[str, str]) -> dict[str, str]:
        return {name: digest for name, digest in hashes.items() if not name.startswith("spec/")}

    if shared(recorded.inputs) != shared(now) or recorded.tools != _tool_versions():
        return {}
    reusable = {}
    for package, spec in recorded.packages.items():
        files = {path: digest for path, digest in recorded.files.items() if path.startswith(f"{package}/")}
        actual = {f"{package}/{path}": digest for path, digest in _file_hashes(root / package).items()}
        if spec in now and _of_spec(recorded.inputs, spec) == _of_spec(now, spec) and files and files == actual:
            reusable[spec] = package
    return reusable


def _of_spec(hashes: dict[str, str], spec: str) -> dict[str, str]:
    """The hashes of a spec and of the files it refers to."""
    return {n: d for n, d in hashes.items() if n == spec or n.startswith(spec + SOURCE_SEPARATOR)}


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
        elif kind == "package":
            package, _, spec = rest.partition(" ")
            manifest.packages[package] = spec
        elif kind == "tool":
            name, _, tool_version = rest.partition("==")
            manifest.tools[name] = tool_version
        elif not line.startswith("#"):
            return None
    return manifest


def recorded_spec_hashes(root: Path) -> dict[str, str]:
    """`spec/<name>` -> SHA-256, as the MANIFEST of the last generation recorded them."""
    manifest = read_manifest(root)
    return manifest.spec_hashes() if manifest else {}


def is_current(root: Path, inputs: dict[str, bytes]) -> bool:
    """True when `root`'s MANIFEST records exactly these inputs and tools and its files are untouched."""
    recorded = read_manifest(root)
    return recorded is not None and recorded == expected_manifest(root, inputs, recorded.packages)

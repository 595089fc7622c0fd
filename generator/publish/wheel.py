"""Build a pure-Python wheel and sdist from a staged package folder, byte for byte reproducibly."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..codegen.compare import CACHES

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest time a zip file can record
BUILD_BACKEND = (
    "flit_core>=3.12,<4",
    "flit_core.buildapi",
)  # 3.12: SPDX `license` strings (PEP 639)  # what builds the sdist for those who install it


@dataclass(frozen=True)
class PackageMeta:
    """What a distribution's metadata says about it."""

    name: str  # distribution name, e.g. karat-sdk
    module: str  # import name, e.g. karat_sdk
    version: str
    summary: str
    requires_python: str
    dependencies: tuple[str, ...]
    readme: str
    classifiers: tuple[str, ...] = ()
    license: str | None = None  # an SPDX license expression
    urls: tuple[tuple[str, str], ...] = ()  # (label, URL) pairs

    @property
    def stem(self) -> str:
        """The file-name form of name-version (PEP 427/625): karat_sdk-1.0.0."""
        return f"{re.sub(r'[-_.]+', '_', self.name).lower()}-{self.version}"


def source_date_epoch() -> int:
    """The timestamp every archive entry gets: $SOURCE_DATE_EPOCH, else 1980-01-01 (never the clock)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return max(int(value), ZIP_EPOCH) if value.isdigit() else ZIP_EPOCH


def metadata(meta: PackageMeta) -> str:
    """Core metadata (METADATA in a wheel, PKG-INFO in an sdist): 2.4 when it states a license expression."""
    lines = [
        f"Metadata-Version: {'2.4' if meta.license else '2.1'}",
        f"Name: {meta.name}",
        f"Version: {meta.version}",
        f"Summary: {meta.summary}",
        f"Requires-Python: {meta.requires_python}",
        *([f"License-Expression: {meta.license}"] if meta.license else []),
        *[f"Classifier: {classifier}" for classifier in meta.classifiers],
        *[f"Project-URL: {label}, {url}" for label, url in meta.urls],
        *[f"Requires-Dist: {dependency}" for dependency in meta.dependencies],
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(lines) + "\n\n" + meta.readme


PYPROJECT_HEADER = "# Written by `make publish` (python -m generator publish); the package itself is generated."


def pyproject(meta: PackageMeta, header: str = PYPROJECT_HEADER) -> str:
    """The pyproject.toml of the sdist (or of a generated project): the same metadata, built by flit_core."""
    q = _toml_string
    lines = [
        header,
        f"[build-system]\nrequires = [{q(BUILD_BACKEND[0])}]\nbuild-backend = {q(BUILD_BACKEND[1])}\n",
        f"[project]\nname = {q(meta.name)}\nversion = {q(meta.version)}\ndescription = {q(meta.summary)}",
        f'readme = "README.md"\nrequires-python = {q(meta.requires_python)}',
        *([f"license = {q(meta.license)}"] if meta.license else []),
        "classifiers = [\n" + "".join(f"    {q(c)},\n" for c in meta.classifiers) + "]",
        "dependencies = [\n" + "".join(f"    {q(d)},\n" for d in meta.dependencies) + "]\n",
        *(["[project.urls]", *(f"{q(label)} = {q(url)}" for label, url in meta.urls), ""] if meta.urls else []),
        f"[tool.flit.module]\nname = {q(meta.module)}",
    ]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML ones)."""
    return json.dumps(value, ensure_ascii=False)


def stage(package_dir: Path, meta: PackageMeta, staging: Path) -> Path:
    """Write the sdist tree (pyproject.toml, README.md, PKG-INFO, the package) into `staging/<stem>/`."""
    root = staging / meta.stem
    for source in package_files(package_dir):
        target = root / meta.module / source.relative_to(package_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    (root / "pyproject.toml").write_text(pyproject(meta), encoding="utf-8")
    (root / "README.md").write_text(meta.readme, encoding="utf-8")
    (root / "PKG-INFO").write_text(metadata(meta), encoding="utf-8")
    return root


def package_files(package_dir: Path) -> list[Path]:
    """The files of a package folder, sorted, without caches and compiled files."""
    return sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and not CACHES.intersection(p.relative_to(package_dir).parts) and p.suffix != ".pyc"
    )


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


def build_wheel(root: Path, meta: PackageMeta, out_dir: Path) -> Path:
    """Build `<stem>-py3-none-any.whl` from a staged tree into `out_dir`."""
    info = f"{meta.stem}.dist-info"
    package = root / meta.module
    entries = [(f"{meta.module}/{p.relative_to(package).as_posix()}", p.read_bytes()) for p in package_files(package)]
    entries += [
        (f"{info}/METADATA", metadata(meta).encode("utf-8")),
        (
            f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: sdk-pipeline (generator/publish/wheel.py)\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n",
        ),
    ]
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    entries.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode("utf-8")))
    target = out_dir / f"{meta.stem}-py3-none-any.whl"
    stamp = _zip_time(source_date_epoch())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.external_attr = 0o100644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=9)
    return target


def _zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    t = time.gmtime(epoch)
    return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2)


def build_sdist(root: Path, meta: PackageMeta, out_dir: Path) -> Path:
    """Build `<stem>.tar.gz` from a staged tree into `out_dir` (fixed mtimes, owners and order)."""
    target = out_dir / f"{meta.stem}.tar.gz"
    epoch = source_date_epoch()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        paths = sorted(p for p in root.rglob("*") if not CACHES.intersection(p.relative_to(root).parts))
        for path in [root, *paths]:
            name = (Path(meta.stem) / path.relative_to(root)).as_posix()
            entry = tarfile.TarInfo(name)
            entry.mtime, entry.uid, entry.gid, entry.uname, entry.gname = epoch, 0, 0, "", ""
            if path.is_dir():
                entry.type, entry.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(entry)
            else:
                data = path.read_bytes()
                entry.size, entry.mode = len(data), 0o644
                archive.addfile(entry, io.BytesIO(data))
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch, compresslevel=9) as zipped,
    ):
        zipped.write(buffer.getvalue())
    return target

"""The pipeline: load -> validate -> parse -> render -> finalize -> swap, for every spec in a folder."""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.sdk_names import sdk_names
from ..validate.lint import Lint, load_lint
from .finalize import format_tree, with_header
from .manifest import is_current, rendering_inputs, reusable_packages, write_manifest
from .swap import discard, replace_tree, staging_dir

if TYPE_CHECKING:
    from ..openapi.load import SpecDocument
    from .ir import Service

# The stage modules (validator, parsers, renderers) are imported where they are used, so that
# `make generate` with nothing to do stays well under 0.2 s.


@dataclass(frozen=True)
class Layout:
    """Where the pipeline reads and writes."""

    specs: list[Path]
    templates: Path
    output: Path
    lint: Lint | None = None  # None: the project's (pyproject.toml at or above the working directory)
    fail_on_warning: bool = False
    package: str | None = None  # the package name of the one spec, instead of x-sdk's or info.title's


def spec_files(spec_dir: Path) -> list[Path]:
    """The spec documents of a folder, sorted."""
    return sorted([*spec_dir.glob("*.yaml"), *spec_dir.glob("*.yml")])


def load_and_validate(
    paths: list[Path], lint: Lint | None = None, *, fail_on_warning: bool = False
) -> list[SpecDocument]:
    """Load and validate every spec (as OpenAPI 3.1); print the warnings; raise one GenerationError on any error.

    With `fail_on_warning` a warning is fatal too.
    """
    from ..openapi.load import load_spec
    from ..validate.structure import validate_document
    from .ir_operation import operation_shape_problems

    lint = lint or load_lint()
    docs, problems = [], []
    for path in paths:
        try:
            doc = load_spec(path)
        except GenerationError as exc:
            problems += exc.diagnostics
            continue
        doc, found = validate_document(doc, lint)
        # A valid document is then checked for what a generated method could not express (ir_operation.py).
        problems += found if any(d.level == "error" for d in found) else found + operation_shape_problems(doc)
        docs.append(doc)
    packages: dict[str, str] = {}
    for doc in docs:
        package = sdk_names(doc.data).package
        if package in packages:
            problems.append(
                doc.diagnostic("/x-sdk/package", f"package {package!r} is also generated from {packages[package]}")
            )
        packages[package] = doc.display_name
    if any(d.level == "error" for d in problems) or (problems and fail_on_warning):
        raise GenerationError(problems)
    print_warnings(problems)
    return docs


def print_warnings(diagnostics: list[Diagnostic]) -> None:
    """Warnings go to stderr, one located line each, and generation goes on."""
    for diagnostic in sorted(diagnostics):
        print(diagnostic.format(), file=sys.stderr)


def generation_inputs(layout: Layout) -> dict[str, bytes]:
    """What shapes the output (manifest.rendering_inputs), and the lint levels and package name that decide it."""
    lint = layout.lint or load_lint()
    settings = repr((lint.default, sorted(lint.levels.items()), layout.package)).encode()
    return rendering_inputs(layout.specs, layout.templates) | {"lint": settings}


def build_ir(doc: SpecDocument, layout: Layout) -> tuple[str, Service]:
    """One spec's models module source and its IR (what the client templates and the code samples use)."""
    from .inline_schemas import name_inline_schemas
    from .ir_builder import build_service
    from .render_models import render_models

    doc = name_inline_schemas(doc)
    with tempfile.TemporaryDirectory(prefix="models-") as work:
        models_source, index = render_models(doc, sdk_names(doc.data).package, layout.templates / "models", Path(work))
    return models_source, build_service(doc, index)


def render_package(doc: SpecDocument, layout: Layout, root: Path) -> None:
    """Render one spec's package into `root/<package>/`."""
    from .render_client import ClientRenderer, runtime_files

    package = sdk_names(doc.data).package
    models_source, service = build_ir(doc, layout)
    files = {
        "models.py": models_source,
        **ClientRenderer(layout.templates / "client", service).render(),
        **runtime_files(),
    }
    for relative, text in sorted(files.items()):
        target = root / package / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(with_header(relative, text), encoding="utf-8")


def with_package(doc: SpecDocument, package: str) -> SpecDocument:
    """The document with its SDK package named `package` (as if x-sdk said so)."""
    sdk = doc.data.get("x-sdk")
    return replace(doc, data={**doc.data, "x-sdk": {**(sdk if isinstance(sdk, dict) else {}), "package": package}})


def generate(layout: Layout, *, force: bool = False) -> bool:
    """Generate every package into `layout.output`; False when it was already current (nothing done).

    A package whose spec, and everything else that shapes it, is unchanged since the last generation
    (manifest.reusable_packages) is copied from the output as it is; only the others are loaded,
    validated and rendered. `force` renders every package.
    """
    inputs = generation_inputs(layout)
    if not force and is_current(layout.output, inputs):
        return False
    reused = {} if force else reusable_packages(layout.output, inputs)
    docs = load_and_validate(
        [p for p in layout.specs if f"spec/{p.name}" not in reused], layout.lint, fail_on_warning=layout.fail_on_warning
    )
    if layout.package:
        docs = [with_package(doc, layout.package) for doc in docs]
    if {sdk_names(doc.data).package for doc in docs} & set(reused.values()):  # a package name taken twice
        reused = {}
        docs = load_and_validate(layout.specs, layout.lint, fail_on_warning=layout.fail_on_warning)  # reports it
    staging = staging_dir(layout.output)
    packages = {package: spec for spec, package in reused.items()}
    try:
        for package in packages:
            shutil.copytree(layout.output / package, staging / package)
        for doc in docs:
            render_package(doc, layout, staging)
            packages[sdk_names(doc.data).package] = f"spec/{doc.path.name}"
        for root in (
            [staging / package for package in packages if package not in reused.values()] if reused else [staging]
        ):
            format_tree(root)  # what was rendered: the copied packages are formatted already
        write_manifest(staging, inputs, packages)
    except GenerationError:
        discard(staging)
        raise
    except Exception as exc:
        discard(staging)
        raise GenerationError(
            [Diagnostic("generator", 1, 1, "", f"internal error: {type(exc).__name__}: {exc}")]
        ) from exc
    replace_tree(staging, layout.output)
    return True

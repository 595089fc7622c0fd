"""The pipeline: load -> validate -> parse -> render -> finalize -> swap, for every spec in a folder."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.sdk_names import name_overrides, sdk_names
from ..validate.lint import Lint, lint_for
from .finalize import format_tree, with_header
from .manifest import (
    SOURCE_SEPARATOR,
    is_current,
    read_manifest,
    rendering_inputs,
    reusable_packages,
    spec_inputs,
    write_manifest,
)
from .swap import discard, refuse_foreign, replace_tree, staging_dir

if TYPE_CHECKING:
    from ..openapi.load import SpecDocument
    from .ir import Service
    from .models_ahead import ModelsAhead

# The stage modules (validator, parsers, renderers) are imported where they are used, so that
# `make generate` with nothing to do stays well under 0.2 s.


@dataclass(frozen=True)
class Layout:
    """Where the pipeline reads and writes."""

    specs: list[Path]
    templates: Path
    output: Path
    lint: Lint | None = None  # None: each spec's project's (the pyproject.toml nearest the spec)
    fail_on_warning: bool = False
    package: str | None = None  # the package name of the one spec, instead of x-sdk's or info.title's
    client_name: str | None = None  # the client's name (the class is `<name>Client`) of the one spec
    env_prefix: str | None = None  # the environment variables' prefix of the one spec
    # Writes the files that make the output an installable project (pyproject.toml, README.md) beside the one
    # package: (document, its IR, output root). None: the output is a folder of packages (generated/).
    project: Callable[[SpecDocument, Service, Path], None] | None = None


def spec_files(spec_dir: Path) -> list[Path]:
    """The spec documents of a folder, sorted."""
    return sorted([*spec_dir.glob("*.yaml"), *spec_dir.glob("*.yml")])


def load_and_validate(
    paths: list[Path], lint: Lint | None = None, *, fail_on_warning: bool = False
) -> list[SpecDocument]:
    """Load and validate every spec (as OpenAPI 3.1); print the warnings; raise one GenerationError on any error.

    With `fail_on_warning` a warning is fatal too.
    """
    return [doc for doc, _ in load_and_build(paths, lint, fail_on_warning=fail_on_warning)]


def load_and_build(
    paths: list[Path],
    lint: Lint | None = None,
    *,
    fail_on_warning: bool = False,
    ahead: Callable[[SpecDocument], None] | None = None,
) -> list[tuple[SpecDocument, Service]]:
    """Load, validate (the lint) and build the IR of every spec; print the warnings; one GenerationError on any error.

    The renderers do not run: every problem a document has is found here, before anything is written.
    `ahead` is told each document as read, as soon as it is known (models_ahead.py starts its models there).
    """
    from ..openapi.load import load_spec
    from ..validate.structure import validate_document
    from .ir_builder import build_service

    built, problems = [], []
    for path in paths:
        try:
            doc = load_spec(path)
        except GenerationError as exc:
            problems += exc.diagnostics
            continue
        doc_lint = lint_for(path, lint)
        doc, found = validate_document(doc, doc_lint, ahead=ahead)
        problems += found
        valid = not any(d.level == "error" for d in found)
        # The IR: each operation a generated method could not express is a diagnostic. An invalid document's
        # is built too, when it can be, so that every problem is reported in one pass.
        try:
            service, found = build_service(doc)
        except Exception:
            if valid:
                raise
            continue
        problems += left_out(service, found, doc_lint)
        if valid:
            built.append((doc, service))
    packages: dict[str, str] = {}
    for doc, _ in built:
        package = sdk_names(doc.data).package
        if package in packages:
            problems.append(
                doc.diagnostic("/x-sdk/package", f"package {package!r} is also generated from {packages[package]}")
            )
        packages[package] = doc.display_name
    if any(d.level == "error" for d in problems) or (problems and fail_on_warning):
        raise GenerationError(problems)
    print_warnings(problems)
    return built


def left_out(service: Service, found: list[Diagnostic], lint: Lint) -> list[Diagnostic]:
    """The builder's diagnostics; those of an operation it left out at the level of lint rule operation-shape.

    A warning (the default) leaves the operation out of the SDK and generates the rest; `error` (this
    repository's spec/) refuses the document; `off` leaves it out without a word. The `shape_notes` (how a
    JSON-or-stream operation was generated) are warnings unless the rule is off; the service's
    `model_warnings` come at the level of lint rule model-shape.
    """
    level = lint.level("operation-shape")
    owner = {problem: skipped for skipped in service.skipped for problem in skipped.problems}
    kept = []
    for diagnostic in found:
        skipped = owner.get(diagnostic)
        if skipped is None:
            kept.append(diagnostic)
        elif level != "off":
            note = f"; {skipped.method} {skipped.path} is left out" if level == "warning" else ""
            kept.append(
                replace(diagnostic, level=level, message=f"{diagnostic.message}{note} (lint rule operation-shape)")
            )
    if level != "off":  # an operation generated in two forms: said, never refused (it is generated whole)
        kept += [replace(d, message=f"{d.message} (lint rule operation-shape)") for d in service.shape_notes]
        # an optional parameter no method can send: the method goes without it, at the rule's level (spec/: error)
        note = "; the method is generated without this optional parameter" if level == "warning" else ""
        kept += [
            replace(d, level=level, message=f"{d.message}{note} (lint rule operation-shape)")
            for d in service.left_out_params
        ]
    models = lint.level("model-shape")
    if models != "off":
        kept += [
            replace(d, level=models, message=f"{d.message} (lint rule model-shape)") for d in service.model_warnings
        ]
    return kept


def summary(doc: SpecDocument, service: Service) -> str | None:
    """`<spec>: generated N of M operations; K left out (see the warnings above)`, when any was left out."""
    left_out = len(service.skipped) + len(doc.left_out)  # not expressible (IR builder), or broken (validation)
    if not left_out:
        return None
    return (
        f"{doc.display_name}: generated {service.operation_count} of {service.operation_count + left_out} "
        f"operations; {left_out} left out (see the warnings above)"
    )


def print_warnings(diagnostics: list[Diagnostic]) -> None:
    """Warnings go to stderr, one located line each, and generation goes on."""
    for diagnostic in sorted(diagnostics):
        print(diagnostic.format(), file=sys.stderr)


def generation_inputs(layout: Layout) -> dict[str, bytes]:
    """What shapes the output (manifest.rendering_inputs), and the lint levels and package name that decide it.

    A spec's referenced files are those the output's MANIFEST recorded (until the spec is loaded again).
    """
    lints = [lint_for(spec, layout.lint) for spec in layout.specs]
    names = (layout.package, layout.client_name, layout.env_prefix)
    settings = repr(
        ([(lint.default, sorted(lint.levels.items())) for lint in lints], names, layout.project is not None)
    ).encode()
    recorded = read_manifest(layout.output)
    sources = recorded.sources() if recorded else {}
    return rendering_inputs(layout.specs, layout.templates, sources) | {"lint": settings}


def with_sources(inputs: dict[str, bytes], docs: list[SpecDocument]) -> dict[str, bytes]:
    """`inputs` with each loaded spec's referenced files as loading it found them (not as MANIFEST recorded)."""
    loaded = {f"spec/{doc.path.name}": doc for doc in docs}
    kept = {name: data for name, data in inputs.items() if name.partition(SOURCE_SEPARATOR)[0] not in loaded}
    for doc in docs:
        kept |= spec_inputs(doc.path, doc.sources)
    return kept


def build_ir(doc: SpecDocument) -> Service:
    """One valid spec's IR (what the renderers and the code samples use); GenerationError if it has errors."""
    from .ir_builder import build_service

    service, problems = build_service(doc)
    if any(d.level == "error" for d in problems):
        raise GenerationError(problems)
    return service


def render_models_of(service: Service, layout: Layout, ahead: str | None = None) -> str:
    """The models module of one service (datamodel-code-generator, in a scratch folder; `ahead`: a worker's)."""
    from .render_models import render_models

    with tempfile.TemporaryDirectory(prefix="models-") as work:
        return render_models(service, layout.templates / "models", Path(work), ahead)


def render_package(
    service: Service, layout: Layout, root: Path, models: Callable[[], str | None] | None = None
) -> None:
    """Render one service's package into `root/<package>/` (`models`: the models a worker rendered, if any).

    The client is rendered first, so that a worker rendering the models meanwhile is waited for last.
    """
    from .render_client import ClientRenderer, runtime_files

    files = {**ClientRenderer(layout.templates / "client", service).render(), **runtime_files()}
    files["models.py"] = render_models_of(service, layout, models() if models is not None else None)
    for relative, text in sorted(files.items()):
        target = root / service.package / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(with_header(relative, text), encoding="utf-8")


def with_names(doc: SpecDocument, service: Service, layout: Layout) -> tuple[SpecDocument, Service]:
    """The document and its IR with the SDK names of the command line (as if x-sdk said so)."""
    sdk = doc.data.get("x-sdk")
    sdk = sdk if isinstance(sdk, dict) else {}
    overrides = name_overrides(sdk, layout.package, layout.client_name, layout.env_prefix)
    if not overrides:
        return doc, service
    named = replace(doc, data={**doc.data, "x-sdk": {**sdk, **overrides}})
    names = sdk_names(named.data)
    return named, replace(service, package=names.package, client_name=names.client, env_prefix=names.env_prefix)


def generate(layout: Layout, *, force: bool = False) -> bool:
    """Generate every package into `layout.output`; False when it was already current (nothing done).

    A package whose spec, and everything else that shapes it, is unchanged since the last generation
    (manifest.reusable_packages) is copied from the output as it is; only the others are loaded,
    validated and rendered. `force`, or a project around the packages, renders every package.
    """
    refuse_foreign(layout.output)
    inputs = generation_inputs(layout)
    if not force and is_current(layout.output, inputs):
        return False
    reused = {} if force or layout.project is not None else reusable_packages(layout.output, inputs)
    ahead = models_ahead(layout)
    try:
        return _generate(layout, inputs, reused, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def models_ahead(layout: Layout) -> ModelsAhead | None:
    """The workers that render each document's models while the parent validates it (None: one core, no fork)."""
    from .models_ahead import ModelsAhead
    from .render_models import models_entry, rendered_models

    if not ModelsAhead.available():
        return None
    templates = layout.templates / "models"

    def service_of(doc: SpecDocument) -> Service:
        from ..openapi.normalize import normalize
        from .ir_builder import build_service

        # As load_and_build makes it: what is left out of the IR is the parent's to report (lint levels apply).
        return with_names(doc, build_service(normalize(doc))[0], layout)[1]

    return ModelsAhead(
        service_of,
        lambda service, work: rendered_models(service, templates, work),
        lambda service: models_entry(service, templates),
    )


def _generate(layout: Layout, inputs: dict[str, bytes], reused: dict[str, str], ahead: ModelsAhead | None) -> bool:
    """generate(), once it is known what is to be rendered: every spec not `reused` is loaded and rendered."""

    def build(paths: list[Path]) -> list[tuple[SpecDocument, Service]]:
        built = load_and_build(
            paths, layout.lint, fail_on_warning=layout.fail_on_warning, ahead=ahead.start if ahead else None
        )
        return [with_names(doc, service, layout) for doc, service in built]

    named = build([p for p in layout.specs if f"spec/{p.name}" not in reused])
    if {service.package for _, service in named} & set(reused.values()):  # a package name taken twice
        reused = {}
        named = build(layout.specs)  # reports it
    staging = staging_dir(layout.output)
    packages = {package: spec for spec, package in reused.items()}
    try:
        for package in packages:
            shutil.copytree(layout.output / package, staging / package)
        for doc, service in named:
            if layout.project is not None:
                layout.project(doc, service, staging)
            models = (lambda d=doc, s=service: ahead.models(d, s)) if ahead is not None else None
            render_package(service, layout, staging, models)
            packages[service.package] = f"spec/{doc.path.name}"
        for root in (
            [staging / package for package in packages if package not in reused.values()] if reused else [staging]
        ):
            format_tree(root)  # what was rendered: the copied packages are formatted already
        write_manifest(staging, with_sources(inputs, [doc for doc, _ in named]), packages)
    except GenerationError:
        discard(staging)
        raise
    except Exception as exc:
        discard(staging)
        raise GenerationError(
            [Diagnostic("generator", 1, 1, "", f"internal error: {type(exc).__name__}: {exc}")]
        ) from exc
    replace_tree(staging, layout.output)
    for line in filter(None, (summary(doc, service) for doc, service in named)):
        print(line, file=sys.stderr)
    return True

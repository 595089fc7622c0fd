"""MANIFEST: what shapes generated/ (and only that), written and read back by one module."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest

from generator.codegen.ir import Service
from generator.codegen.manifest import (
    MANIFEST,
    TOOLS,
    expected_manifest,
    is_current,
    read_manifest,
    rendering_inputs,
    sha256,
    write_manifest,
)
from generator.codegen.pipeline import Layout
from generator.openapi import cache
from generator.openapi.diagnostics import GenerationError
from tests.conftest import ROOT, TEMPLATES

SPECS = sorted((ROOT / "spec").glob("*.yaml"))


def _rendered_packages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The packages the pipeline renders from now on, in order (each still rendered for real)."""
    from generator.codegen import pipeline

    rendered: list[str] = []
    render = pipeline.render_package

    def spy(service: Service, layout: Layout, root: Path, models: Callable[[], str | None] | None = None) -> None:
        rendered.append(service.package)
        render(service, layout, root, models)

    monkeypatch.setattr(pipeline, "render_package", spy)
    return rendered


def test_inputs_are_specs_templates_and_the_rendering_code_only() -> None:
    names = rendering_inputs(SPECS, TEMPLATES).keys()
    folders = {"/".join(name.split("/")[:2]) for name in names if name.startswith("generator/")}
    assert folders == {"generator/openapi", "generator/validate", "generator/codegen", "generator/runtime"}
    assert {"spec/karat.yaml", "spec/unicat.yaml", "templates/client/_client.py.jinja"} <= names
    assert not [n for n in names if n.startswith(("generator/diff/", "generator/publish/", "generator/cli.py"))]


def test_tool_versions_are_the_installed_ones_without_reading_their_metadata() -> None:
    """The versions a MANIFEST and the store's keys record: from the .dist-info folders' names, as importlib.metadata
    finds them by reading each one's METADATA; a distribution with no such folder is importlib.metadata's."""
    for name in (*TOOLS, "PyYAML", "typing_extensions", "jsonschema", "openapi-spec-validator"):
        assert cache.installed_version(name) == metadata.version(name), name
    with pytest.raises(metadata.PackageNotFoundError):
        cache.installed_version("no-such-distribution-installed")


def test_written_manifest_reads_back_and_tells_when_the_tree_changed(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    inputs = {"spec/s.yaml": b"openapi: 3.1.0\n", "templates/t.jinja": b"{{ x }}"}
    write_manifest(tmp_path, inputs)

    recorded = read_manifest(tmp_path)
    assert recorded == expected_manifest(tmp_path, inputs)
    assert recorded is not None
    assert recorded.spec_hashes() == {"spec/s.yaml": sha256(b"openapi: 3.1.0\n")}
    assert recorded.files == {"pkg/a.py": sha256(b"x = 1\n")}
    assert is_current(tmp_path, inputs)

    assert not is_current(tmp_path, {**inputs, "spec/s.yaml": b"openapi: 3.1.1\n"})
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert not is_current(tmp_path, inputs)


def test_a_missing_or_foreign_manifest_is_not_current(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None
    assert not is_current(tmp_path, {})
    (tmp_path / MANIFEST).write_text("something else entirely\n")
    assert read_manifest(tmp_path) is None


def test_after_an_edit_of_one_spec_only_its_package_is_generated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-second edit loop (issue 23): the other package is copied byte for byte, not rendered."""
    from generator.codegen import pipeline

    spec_dir, output = tmp_path / "spec", tmp_path / "out"
    spec_dir.mkdir()
    for case in ("files", "pagination"):
        shutil.copy(ROOT / "tests" / "golden" / case / "spec.yaml", spec_dir / f"{case}.yaml")
    layout = pipeline.Layout(pipeline.spec_files(spec_dir), TEMPLATES, output)
    assert pipeline.generate(layout)
    recorded = read_manifest(output)
    assert recorded is not None and recorded.packages == {
        "files_sdk": "spec/files.yaml",
        "widgets_sdk": "spec/pagination.yaml",
    }
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    rendered = _rendered_packages(monkeypatch)

    edited = spec_dir / "files.yaml"
    edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1))
    assert pipeline.generate(layout)
    assert rendered == ["files_sdk"]
    widgets = {p: data for p, data in before.items() if "widgets_sdk" in p.parts}
    assert widgets and {p: p.read_bytes() for p in widgets} == widgets
    assert is_current(output, pipeline.generation_inputs(layout))

    (output / "widgets_sdk" / "models.py").write_text("# touched\n")  # a touched package is rendered again
    edited.write_text(edited.read_text().replace("title: Edited ", "title: ", 1))
    assert pipeline.generate(layout)
    assert rendered == ["files_sdk", "files_sdk", "widgets_sdk"]
    assert {p: p.read_bytes() for p in widgets} == widgets

    assert pipeline.generate(layout, force=True)  # force renders every package
    assert rendered[-2:] == ["files_sdk", "widgets_sdk"]


def _multifile(tmp_path: Path) -> Layout:
    """tests/multifile/api.yaml (its $refs spread over files) and a golden spec, copied, with a layout over them."""
    from generator.codegen import pipeline

    spec_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "tests" / "multifile", spec_dir, ignore=shutil.ignore_patterns("broken.yaml"))
    shutil.copy(ROOT / "tests" / "golden" / "files" / "spec.yaml", spec_dir / "files.yaml")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return pipeline.Layout([spec_dir / "api.yaml", spec_dir / "files.yaml"], templates, tmp_path / "out")


def test_every_file_a_spec_refers_to_is_an_input_of_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of a file that a multi-file spec's $refs name regenerates that spec's package, and only it."""
    from generator.codegen import pipeline

    layout = _multifile(tmp_path)
    assert pipeline.generate(layout)
    recorded = read_manifest(layout.output)
    assert recorded is not None
    sources = recorded.sources()
    assert "shared/models/region.json" in sources["spec/api.yaml"]
    assert "resources/droplets/droplets_list.yml" in sources["spec/api.yaml"]
    assert "spec/files.yaml" not in sources
    assert recorded.spec_hashes().keys() == {"spec/api.yaml", "spec/files.yaml"}
    assert not pipeline.generate(layout)  # nothing changed: nothing to do

    rendered = _rendered_packages(monkeypatch)
    region = layout.specs[0].parent / "shared" / "models" / "region.json"
    region.write_text(region.read_text().replace('"slug"', '"slug_name"'))
    assert pipeline.generate(layout)  # the root spec is unchanged; a file it refers to is not
    assert len(rendered) == 1 and rendered[0] != "files_sdk"
    models = (layout.output / rendered[0] / "models.py").read_text()
    assert "slug_name" in models
    assert not pipeline.generate(layout)

    region.unlink()  # a referenced file gone is a change too (and here an error: nothing is written)
    with pytest.raises(GenerationError):
        pipeline.generate(layout)


def test_a_template_or_rendering_code_change_regenerates_every_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.codegen import pipeline

    layout = _multifile(tmp_path)
    assert pipeline.generate(layout)
    rendered = _rendered_packages(monkeypatch)
    template = layout.templates / "client" / "_client.py.jinja"
    template.write_text(template.read_text() + "\n# a template edit\n")
    assert pipeline.generate(layout)
    assert len(rendered) == 2
    assert all("# a template edit" in (layout.output / p / "_client.py").read_text() for p in rendered)

    real = rendering_inputs  # the generator's own code changed (as if a codegen module was edited)
    monkeypatch.setattr(
        pipeline,
        "rendering_inputs",
        lambda *a: real(*a) | {"generator/codegen/ir.py": b"# edited"},
    )
    assert pipeline.generate(layout)
    assert len(rendered) == 4

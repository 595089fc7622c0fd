"""MANIFEST: what shapes generated/ (and only that), written and read back by one module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.codegen.manifest import (
    MANIFEST,
    expected_manifest,
    is_current,
    read_manifest,
    rendering_inputs,
    sha256,
    write_manifest,
)
from tests.conftest import ROOT, TEMPLATES

SPECS = sorted((ROOT / "spec").glob("*.yaml"))


def test_inputs_are_specs_templates_and_the_rendering_code_only() -> None:
    names = rendering_inputs(SPECS, TEMPLATES).keys()
    folders = {"/".join(name.split("/")[:2]) for name in names if name.startswith("generator/")}
    assert folders == {"generator/openapi", "generator/validate", "generator/codegen", "generator/runtime"}
    assert {"spec/karat.yaml", "spec/unicat.yaml", "templates/client/_client.py.jinja"} <= names
    assert not [n for n in names if n.startswith(("generator/diff/", "generator/publish/", "generator/cli.py"))]


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
    rendered: list[str] = []
    render = pipeline.render_package
    monkeypatch.setattr(pipeline, "render_package", lambda svc, *a: rendered.append(svc.package) or render(svc, *a))

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

"""generated/ is exactly what the specs and templates produce now."""

from __future__ import annotations

from pathlib import Path

from generator.codegen.compare import compare_trees
from tests.conftest import ROOT, generate_into


def test_generated_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "generated"
    generate_into(ROOT / "spec", fresh)
    problems = compare_trees(fresh, ROOT / "generated")
    assert not problems, "generated/ is stale; run `make generate` and commit it:\n" + "\n".join(problems)


def test_second_generate_does_no_work(tmp_path: Path) -> None:
    from generator.codegen.pipeline import Layout, generate, spec_files

    layout = Layout(spec_files(ROOT / "spec"), ROOT / "templates", tmp_path / "out")
    assert generate(layout) is True
    before = {p: p.stat().st_mtime_ns for p in layout.output.rglob("*")}
    assert generate(layout) is False
    assert before == {p: p.stat().st_mtime_ns for p in layout.output.rglob("*")}

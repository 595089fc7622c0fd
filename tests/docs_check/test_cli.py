"""`python -m generator docs-check`: exit status, text and JSON reports, the configured pages folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_generator

HERE = Path(__file__).parent
SEEDS = ROOT.parent / "shared" / "seeds"


def project(tmp_path: Path, config: str | None = 'docs-pages = "docs"') -> Path:
    """A project folder with the small specs, the small pages in docs/ and, optionally, a [tool.sdk-pipeline]."""
    shutil.copytree(HERE / "spec", tmp_path / "spec")
    shutil.copytree(HERE / "pages", tmp_path / "docs")
    if config is not None:
        (tmp_path / "pyproject.toml").write_text(f"[tool.sdk-pipeline]\n{config}\n", encoding="utf-8")
    return tmp_path


def test_the_configured_pages_unedited_pass(tmp_path: Path) -> None:
    result = run_generator("docs-check", cwd=project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "docs-check: 3 page(s) read (karat: 2, unicat: 1), 0 drift(s)"


def test_drift_is_reported_with_page_line_and_spec_pointer_and_fails(tmp_path: Path) -> None:
    root = project(tmp_path)
    page = root / "docs" / "karat_get_batch.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("endpoint is 20.", "endpoint is 30."), encoding="utf-8")
    result = run_generator("docs-check", cwd=root)
    assert result.returncode == 1
    assert (
        "docs/karat_get_batch.txt:13: maximum batch size is 30 on the page, 20 in the spec -> spec/karat.yaml:69:27 "
        "[#/paths/~1api~1v2~1widgets~1getBatch/post/x-batch/max-size]"
    ) in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "docs-check: 3 page(s) read (karat: 2, unicat: 1), 3 drift(s)"


def test_the_json_form_lists_pages_drift_and_unreadable_pages(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "docs" / "other.txt").write_text("Some other vendor's page.\n", encoding="utf-8")
    page = root / "docs" / "unicat_items.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("(default 25)", "(default 30)"), encoding="utf-8")
    result = run_generator("docs-check", "--json", cwd=root)
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    assert [p["operation"] for p in report["pages"]] == [
        "POST /api/v2/widgets/getBatch",
        "GET /api/v1/widgets/{widgetRid}/parts",
        "POST /api/p/{project_gid}/items/bulk/get",
    ]
    [drift] = report["drift"]
    assert drift["page"] == "docs/unicat_items.txt" and drift["page_line"] == 30
    assert (drift["spec"], drift["pointer"]) == (
        "spec/unicat.yaml",
        "/components/schemas/ItemsRequest/properties/page.size/default",
    )
    [unreadable] = report["unreadable"]
    assert unreadable["page"] == "docs/other.txt" and "not a page of a known layout" in unreadable["message"]
    assert report["status"] == 2


def test_an_unreadable_page_fails_with_its_name_and_no_traceback(tmp_path: Path) -> None:
    root = project(tmp_path)
    cut = root / "cut.txt"
    text = (HERE / "pages" / "karat_get_batch.txt").read_text(encoding="utf-8")
    cut.write_text(text[: text.index("Examples")], encoding="utf-8")
    result = run_generator("docs-check", "cut.txt", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cut.txt:" in result.stdout and "error: cannot read page: no 'Examples' section" in result.stdout


def test_spec_operations_on_no_page_are_reported_for_the_whole_folder_only(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "docs" / "karat_get_batch.txt").unlink()
    whole = run_generator("docs-check", cwd=root)
    assert whole.returncode == 1
    assert "docs: POST /api/v2/widgets/getBatch is in the spec, on no page -> spec/karat.yaml:" in whole.stdout
    assert run_generator("docs-check", "docs", cwd=root).returncode == 0
    assert run_generator("docs-check", "docs", "--complete", cwd=root).returncode == 1


def test_without_pages_or_configuration_it_says_what_is_missing(tmp_path: Path) -> None:
    root = project(tmp_path, config=None)
    result = run_generator("docs-check", cwd=root)
    assert result.returncode == 2
    assert "no PAGE given and no docs-pages in [tool.sdk-pipeline] of pyproject.toml" in result.stderr
    skipped = run_generator("docs-check", "--if-configured", cwd=root)
    assert skipped.returncode == 0 and "docs-check: skipped" in skipped.stdout
    (root / "pyproject.toml").write_text('[tool.sdk-pipeline]\ndocs-pages = "vendor-docs"\n', encoding="utf-8")
    missing = run_generator("docs-check", "--if-configured", cwd=root)
    assert missing.returncode == 2 and "the pages folder" in missing.stderr and "does not exist" in missing.stderr


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the vendor pages (../shared/seeds) are not beside the repository")
def test_the_project_configuration_checks_the_vendor_pages() -> None:
    result = run_generator("docs-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "docs-check: 5 page(s) read (karat: 3, unicat: 2), 0 drift(s)"


def test_fix_applies_the_obvious_edits_lists_the_rest_and_exits_1_while_any_is_left(tmp_path: Path) -> None:
    root = project(tmp_path)
    parts = root / "docs" / "karat_list_parts.txt"
    text = parts.read_text(encoding="utf-8").replace("Enum values: RED, BLUE", "Enum values: RED, BLUE, GREEN")
    parts.write_text(text.replace("pageSize\ninteger\n", "pageSize\nstring\n"), encoding="utf-8")
    before = (root / "spec" / "karat.yaml").read_text(encoding="utf-8")
    result = run_generator("docs-check", "--fix", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("fixed (enum value): docs/karat_list_parts.txt:") for line in lines)
    assert any(line.startswith("left for a person: ") and "'pageSize' is string on the page" in line for line in lines)
    assert lines[-1] == "docs-check --fix: 1 drift(s) fixed in spec/karat.yaml, 1 drift(s) left for a person"
    after = (root / "spec" / "karat.yaml").read_text(encoding="utf-8")
    assert after == before.replace("enum: [RED, BLUE]", "enum: [RED, BLUE, GREEN]")
    again = run_generator("docs-check", "--fix", cwd=root)
    assert again.returncode == 1 and "0 drift(s) fixed in no spec, 1 drift(s) left" in again.stdout


def test_fix_with_an_unreadable_page_writes_nothing(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "docs" / "other.txt").write_text("Some other vendor's page.\n", encoding="utf-8")
    page = root / "docs" / "unicat_items.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("(default 25)", "(default 30)"), encoding="utf-8")
    result = run_generator("docs-check", "--fix", cwd=root)
    assert result.returncode == 2 and "not a page of a known layout" in result.stdout
    assert (root / "spec" / "unicat.yaml").read_bytes() == (HERE / "spec" / "unicat.yaml").read_bytes()


def test_fix_takes_no_json(tmp_path: Path) -> None:
    result = run_generator("docs-check", "--fix", "--json", cwd=project(tmp_path))
    assert result.returncode == 2 and "--fix reports as text" in result.stderr

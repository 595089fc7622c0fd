"""`docs-check --fix` on copies of the vendor pages and of spec/: for each kind of page edit, the fix leaves no drift,
the spec still validates, keeps every comment and changes only the lines of the change, and the changelog (and the
generated SDK) show it. A drift that needs judgement is listed and not applied; a fix the validator refuses writes
nothing."""

from __future__ import annotations

import difflib
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from generator.cli import run
from generator.codegen.pipeline import load_and_validate
from generator.docs_check.report import check_pages
from tests.conftest import ROOT, generate_into

SEEDS = ROOT.parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the vendor pages (../shared/seeds) are not beside the repository"
)


class PageFix(NamedTuple):
    """Page edits (page prefix, old, new), the spec diff lines they should cause and the changelog lines."""

    edits: list[tuple[str, str, str]]
    diff: list[str]
    changelog: list[str]


FIXES = {
    "enum value": PageFix(
        [("001", "Enum values: ASC, DESC", "Enum values: ASC, DESC, RELEVANCE")],
        ["karat.yaml -      enum: [ASC, DESC]", "karat.yaml +      enum: [ASC, DESC, RELEVANCE]"],
        ["components/schemas/SortDirection: enum value added: RELEVANCE (non-breaking)"],
    ),
    "new parameter": PageFix(
        [
            (
                "004",
                "pageToken\nstring\noptional\n",
                "includeDeleted\nboolean\noptional\n\nDeleted files too.\n\npageToken\nstring\noptional\n",
            )
        ],
        [
            "karat.yaml +        - name: includeDeleted",
            "karat.yaml +          in: query",
            "karat.yaml +          required: false",
            "karat.yaml +          description: Deleted files too.",
            "karat.yaml +          schema:",
            "karat.yaml +            type: boolean",
        ],
        ["GET /api/v1/datasets/{datasetRid}/files: query parameter includeDeleted added (non-breaking)"],
    ),
    "new field": PageFix(
        [("001", "sortDirection\n", "includeArchived\nboolean\noptional\n\nArchived records too.\n\nsortDirection\n")],
        [
            "karat.yaml +        includeArchived:",
            "karat.yaml +          type: boolean",
            "karat.yaml +          description: Archived records too.",
        ],
        ["components/schemas/SearchRecordsRequest: field includeArchived added (non-breaking)"],
    ),
    "new request key": PageFix(
        [
            ("002", '    "page.size": 100,\n}', '    "page.size": 100,\n    "with_deleted": true,\n}'),
            (
                "002",
                "languages return data for these",
                "with_deleted return deleted records too.\nlanguages return data for these",
            ),
        ],
        [
            'unicat.yaml -                  "page.size": 100',
            'unicat.yaml +                  "page.size": 100,',
            'unicat.yaml +                  "with_deleted": true',
            "unicat.yaml +        with_deleted:",
            "unicat.yaml +          type: boolean",
            "unicat.yaml +          description: return deleted records too.",
        ],
        ["components/schemas/RecordsBulkGetRequest: field with_deleted added (non-breaking)"],
    ),
    "required": PageFix(
        [("004", "branchId\nstring\noptional\n", "branchId\nstring\n")],
        ["karat.yaml -          required: false", "karat.yaml +          required: true"],
        ["GET /api/v1/datasets/{datasetRid}/files: query parameter branchId: became required (breaking)"],
    ),
    "default": PageFix(
        [("004", "Defaults to 1,000.", "Defaults to 500.")],
        [
            "karat.yaml -            The desired size of the page to be returned. Defaults to 1,000. The docs give no",
            "karat.yaml +            The desired size of the page to be returned. Defaults to 500. The docs give no",
            "karat.yaml -            default: 1000",
            "karat.yaml +            default: 500",
        ],
        ["query parameter pageSize: default changed from 1000 to 500 (non-breaking)"],
    ),
    "batch limit": PageFix(
        [("000", "endpoint is 100.", "endpoint is 250.")],
        [
            "karat.yaml -        The maximum batch size for this endpoint is 100.",
            "karat.yaml +        The maximum batch size for this endpoint is 250.",
            "karat.yaml -        max-size: 100",
            "karat.yaml +        max-size: 250",
            "karat.yaml -      maxItems: 100",
            "karat.yaml +      maxItems: 250",
        ],
        [
            "POST /api/v2/checkpoints/records/getBatch: x-batch changed (non-breaking)",
            "components/schemas/GetRecordsBatchRequest: maxItems changed from 100 to 250 (non-breaking)",
        ],
    ),
    "new error": PageFix(
        [
            (
                "004",
                "ParametersdatasetRid, transactionRid",
                "ParametersdatasetRid, transactionRid\nFileLockedError CodeCONFLICT\nStatus Code409\n"
                "DescriptionThe file is locked.\nParameterspath",
            )
        ],
        [
            "karat.yaml +        '409':",
            "karat.yaml +          description: The file is locked.",
            "karat.yaml +          content:",
            "karat.yaml +            application/json:",
            "karat.yaml +              schema:",
            "karat.yaml +                oneOf:",
            "karat.yaml +                  - $ref: '#/components/schemas/FileLocked'",
            "karat.yaml +    FileLocked:",
            "karat.yaml +      type: object",
            "karat.yaml +      x-error: {key: FileLocked, status: 409}",
            "karat.yaml +      description: The file is locked.",
            "karat.yaml +      required: [errorCode, errorName, errorInstanceId, parameters]",
            "karat.yaml +      properties:",
            "karat.yaml +        errorCode: {type: string, const: CONFLICT}",
            "karat.yaml +        errorName: {type: string, const: FileLocked}",
            "karat.yaml +        errorInstanceId: {type: string}",
            "karat.yaml +        parameters:",
            "karat.yaml +          type: object",
            "karat.yaml +          required: [path]",
            "karat.yaml +          properties:",
            "karat.yaml +            path: {type: string}",
        ],
        [
            "GET /api/v1/datasets/{datasetRid}/files: response 409 added (non-breaking)",
            "components/schemas/FileLocked: schema added (non-breaking)",
        ],
    ),
    "new error code": PageFix(
        [("003", "1006\n", "1007\nQuota error - too many requests\n1006\n")],
        [
            "unicat.yaml +              - $ref: '#/components/schemas/QuotaError'",
            "unicat.yaml +    QuotaError:",
            "unicat.yaml +      type: object",
            "unicat.yaml +      x-error: {key: 1007, status: 422}",
            "unicat.yaml +      description: Application error 1007, quota error - too many requests.",
            "unicat.yaml +      required: [success, result, data]",
            "unicat.yaml +      properties:",
            "unicat.yaml +        success: {type: boolean, const: false}",
            "unicat.yaml +        result:",
            "unicat.yaml +          $ref: '#/components/schemas/QuotaErrorResult'",
            "unicat.yaml +        data:",
            "unicat.yaml +          type: object",
            "unicat.yaml +          description: Always `{}` on an error.",
            "unicat.yaml +    QuotaErrorResult:",
            "unicat.yaml +      type: object",
            "unicat.yaml +      required: [code, message, info]",
            "unicat.yaml +      properties:",
            "unicat.yaml +        code: {type: integer, const: 1007}",
            "unicat.yaml +        message: {type: string}",
            "unicat.yaml +        info: {type: object}",
        ],
        [
            "components/responses/ApplicationError: union variant QuotaError added (breaking)",
            "components/schemas/QuotaError: schema added (non-breaking)",
        ],
    ),
    "example": PageFix(
        [("004", '"sizeBytes": "74930",', '"sizeBytes": "74931",')],
        [
            'karat.yaml -                        "sizeBytes": "74930",',
            'karat.yaml +                        "sizeBytes": "74931",',
        ],
        [],
    ),
    "description": PageFix(
        [("004", "Lists Files contained in a Dataset.", "Lists the Files contained in a Dataset.")],
        [
            "karat.yaml -        Lists Files contained in a Dataset. By default files are listed on the latest view of",
            "karat.yaml -        the default branch - `master` for most enrollments.",
            "karat.yaml +        Lists the Files contained in a Dataset. By default files are listed on the latest",
            "karat.yaml +        view of the default branch - `master` for most enrollments.",
        ],
        [],
    ),
    "parameter description": PageFix(
        [("004", "RID) of the start Transaction.", "RID) of the first Transaction.")],
        [
            "karat.yaml -          description: The Resource Identifier (RID) of the start Transaction.",
            "karat.yaml +          description: The Resource Identifier (RID) of the first Transaction.",
        ],
        [],
    ),
}


def project(tmp_path: Path) -> Path:
    """A copy of spec/ and of the vendor pages (in docs/), with the repository's lint settings."""
    shutil.copytree(ROOT / "spec", tmp_path / "spec")
    shutil.copytree(SEEDS, tmp_path / "docs")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def edit_pages(root: Path, edits: list[tuple[str, str, str]]) -> None:
    for prefix, old, new in edits:
        page = next((root / "docs").glob(f"{prefix}_*.txt"))
        text = page.read_text(encoding="utf-8")
        assert old in text, f"{page.name} no longer holds {old!r}: update the test"
        page.write_text(text.replace(old, new, 1), encoding="utf-8")


def fix(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(root)
    status = run(["docs-check", "--fix", "docs", "--complete"])
    return status, capsys.readouterr().out


def spec_diff(root: Path) -> list[str]:
    """The changed lines of each spec file, as `file -line` / `file +line`."""
    found = []
    for name in ("karat.yaml", "unicat.yaml"):
        old = (ROOT / "spec" / name).read_text(encoding="utf-8").splitlines()
        new = (root / "spec" / name).read_text(encoding="utf-8").splitlines()
        for line in difflib.unified_diff(old, new, lineterm="", n=0):
            if line[:1] in "-+" and not line.startswith(("---", "+++")):
                found.append(f"{name} {line}")
    return found


def comments(text: str) -> Counter[str]:
    """The lines holding a YAML comment (a `#` at the start or after a space)."""
    return Counter(line for line in text.splitlines() if re.search(r"(^|\s)#(?!/)", line))


def changelog(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    run(["diff", str(ROOT / "spec"), str(root / "spec")])
    return capsys.readouterr().out


@pytest.mark.parametrize("kind", sorted(FIXES))
def test_each_kind_of_fix_is_applied_as_an_edit_of_its_lines_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    case = FIXES[kind]
    root = project(tmp_path)
    edit_pages(root, case.edits)
    status, out = fix(root, monkeypatch, capsys)
    assert status == 0, out
    assert "0 drift(s) left for a person" in out and "fixed (" in out
    left = check_pages(sorted((root / "docs").glob("*.txt")), root / "spec", complete=True)
    assert not left.drift, "\n".join(d.format() for d in left.drift)
    load_and_validate([root / "spec" / "karat.yaml", root / "spec" / "unicat.yaml"])
    for name in ("karat.yaml", "unicat.yaml"):
        before = comments((ROOT / "spec" / name).read_text(encoding="utf-8"))
        assert before and not before - comments((root / "spec" / name).read_text(encoding="utf-8"))
    assert spec_diff(root) == case.diff
    log = changelog(root, capsys)
    for line in case.changelog:
        assert line in log, log
    if not case.changelog:  # descriptions and examples are documentation, not API changes
        assert log.splitlines() == ["karat: no API changes", "unicat: no API changes"], log


def test_all_fixes_together_regenerate_an_sdk_that_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "project")
    edit_pages(root, [edit for case in FIXES.values() for edit in case.edits])
    status, out = fix(root, monkeypatch, capsys)
    assert status == 0, out
    assert sorted(spec_diff(root)) == sorted(line for case in FIXES.values() for line in case.diff)
    log = changelog(root, capsys)
    assert all(line in log for case in FIXES.values() for line in case.changelog), log
    generate_into(root / "spec", tmp_path / "out")
    karat, unicat = tmp_path / "out" / "karat_sdk", tmp_path / "out" / "unicat_sdk"
    code = {path.name: path.read_text(encoding="utf-8") for path in karat.rglob("*.py")}
    assert "RELEVANCE" in code["models.py"] and "include_archived" in code["models.py"]
    assert "class FileLocked(" in code["errors.py"]
    assert "include_deleted" in code["datasets.py"] and "Lists the Files contained in a Dataset." in code["datasets.py"]
    assert "class QuotaError(" in (unicat / "errors.py").read_text(encoding="utf-8")
    assert "with_deleted" in (unicat / "models.py").read_text(encoding="utf-8")


def test_a_drift_that_needs_judgement_is_listed_and_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    edit_pages(
        root,
        [
            ("004", "GET/api/v1/datasets/{datasetRid}/files", "GET/api/v1/datasets/{datasetRid}/fileList"),
            ("001", "Enum values: ASC, DESC", "Enum values: ASC"),
        ],
    )
    status, out = fix(root, monkeypatch, capsys)
    assert status == 1
    assert "left for a person: docs/004_" in out and "GET /api/v1/datasets/{datasetRid}/fileList is on the page" in out
    assert "enum value 'DESC' of 'sortDirection' in the spec is not on the page" in out
    assert "fixed (" not in out and spec_diff(root) == []


def test_a_fix_the_validator_refuses_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    edit_pages(root, [("004", '"sizeBytes": "74930",', '"sizeBytes": 74930,')])  # a long is a string on the wire
    status, out = fix(root, monkeypatch, capsys)
    assert status == 1
    assert "not applied: docs/004_" in out and "because the edited spec would not validate: spec/karat.yaml:" in out
    assert "left for a person: docs/004_" in out and "differs at /data/0/sizeBytes" in out
    assert spec_diff(root) == []

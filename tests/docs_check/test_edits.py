"""Each kind of change to a vendor page is reported at the right page line and spec pointer; unedited pages report
nothing. Run on the small pages of tests/docs_check/pages (always) and on the vendor pages of ../shared/seeds
(when they are beside the repository)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from generator.docs_check.report import check_pages
from tests.conftest import ROOT

HERE = Path(__file__).parent
SEEDS = ROOT.parent / "shared" / "seeds"
NO_SEEDS = "the vendor pages (../shared/seeds) are not beside the repository"

LIST = "/paths/~1api~1v1~1widgets~1{widgetRid}~1parts/get"
BATCH = "/paths/~1api~1v2~1widgets~1getBatch/post"
FILES = "/paths/~1api~1v1~1datasets~1{datasetRid}~1files/get"
GET_BATCH = "/paths/~1api~1v2~1checkpoints~1records~1getBatch/post"
RECORDS = "/paths/~1api~1p~1{project_gid}~1records~1bulk~1get/post"
ITEMS = "/paths/~1api~1p~1{project_gid}~1items~1bulk~1get/post"
JSON = "content/application~1json"


class Edit(NamedTuple):
    """A change to a page, how the line it should be reported on starts, and the (pointer, message part) of
    each drift it should cause: no more, no fewer."""

    page: str
    old: str
    new: str
    line_of: str
    expected: list[tuple[str, str]]


SMALL = {
    "added enum value": Edit(
        "karat_list_parts",
        "Enum values: RED, BLUE",
        "Enum values: RED, BLUE, GREEN",
        "Enum values",
        [("/components/schemas/Color/enum", "enum value 'GREEN' of 'color' is not in the spec")],
    ),
    "added optional query parameter": Edit(
        "karat_list_parts",
        "pageToken\nstring\n",
        "includeWorn\nboolean\noptional\n\nWorn parts too.\n\npageToken\nstring\n",
        "includeWorn",
        [(f"{LIST}/parameters", "query parameter 'includeWorn' is not in the spec")],
    ),
    "parameter became required": Edit(
        "karat_list_parts",
        "color\nstring (enum)\noptional\n",
        "color\nstring (enum)\n",
        "color",
        [(f"{LIST}/parameters/1/required", "'color' is required on the page, optional in the spec")],
    ),
    "added error": Edit(
        "karat_list_parts",
        "ParameterswidgetRid",
        "ParameterswidgetRid\nPartLockedError CodeCONFLICT\nStatus Code409\nDescriptionLocked.\nParameterspartName",
        "PartLockedError",
        [("/components/schemas", "error PartLocked (status 409) is on the page, not in the spec")],
    ),
    "changed default page size": Edit(
        "karat_list_parts",
        "Defaults to 50.",
        "Defaults to 100.",
        "pageSize",
        [
            (f"{LIST}/parameters/2/schema/default", "'pageSize' defaults to 100 on the page, 50 in the spec"),
            (f"{LIST}/parameters/2/description", "description of query parameter 'pageSize' says 'Defaults to 100.'"),
        ],
    ),
    "changed maximum batch size": Edit(
        "karat_get_batch",
        "endpoint is 20.",
        "endpoint is 25.",
        "The maximum batch size",
        [
            (f"{BATCH}/x-batch/max-size", "maximum batch size is 25 on the page, 20 in the spec"),
            (f"{BATCH}/description", "says 'The maximum batch size for this endpoint is 25.'"),
            ("/components/schemas/GetWidgetsBatchRequest/maxItems", "the body's maxItems is 20"),
        ],
    ),
    "new field in a response example": Edit(
        "karat_list_parts",
        '"weight": "12"',
        '"weight": "12", "finish": "matte"',
        "1 2 3 4 5 6 7 8 9 {",
        [
            (f"{LIST}/responses/200/{JSON}/examples/docs/value/data/0/finish", "example differs at /data/0/finish"),
            (
                "/components/schemas/Part/properties",
                "field 'finish' (in the page's response example at /data/0/finish)",
            ),
        ],
    ),
    "renamed path": Edit(
        "karat_list_parts",
        "GET/api/v1/widgets/{widgetRid}/parts",
        "GET/api/v1/widgets/{widgetRid}/components",
        "GET/api",
        [("/paths", "GET /api/v1/widgets/{widgetRid}/components is on the page, not in the spec")],
    ),
    "parameter type changed": Edit(
        "karat_list_parts",
        "pageSize\ninteger\n",
        "pageSize\nstring\n",
        "pageSize",
        [(f"{LIST}/parameters/2/schema", "'pageSize' is string on the page, integer in the spec")],
    ),
    "parameter gone from the page": Edit(
        "karat_list_parts",
        "pageToken\nstring\noptional\n\nWhere to start paging.\n",
        "",
        "GET/api",
        [(f"{LIST}/parameters/3", "query parameter 'pageToken' of the spec is not on the page")],
    ),
    "preview requirement gone": Edit(
        "karat_get_batch",
        "This endpoint is in preview and may be modified or removed at any time. To use this endpoint, add preview=true to the request query parameters.\n",
        "",
        "POST/api",
        [(f"{BATCH}/x-preview", "the spec marks the endpoint preview (x-preview); the page does not")],
    ),
    "error status changed": Edit(
        "karat_list_parts",
        "Status Code404",
        "Status Code410",
        "WidgetNotFoundError",
        [
            (
                "/components/schemas/WidgetNotFound/x-error/status",
                "error WidgetNotFound has status 410 on the page, 404 in the spec",
            ),
            (f"{LIST}/responses", "error WidgetNotFound is on the page, not among the operation's 410 responses"),
        ],
    ),
    "unicat: JWT no longer required": Edit(
        "unicat_items",
        "Requires JWT.\n",
        "",
        "POST /api",
        [("/security", "the spec requires authentication; the page does not say `Requires JWT.`")],
    ),
    "unicat: changed default page size": Edit(
        "unicat_items",
        "(default 25)",
        "(default 40)",
        "page.size (default",
        [
            (
                "/components/schemas/ItemsRequest/properties/page.size/default",
                "'page.size' defaults to 40 on the page, 25",
            )
        ],
    ),
    "unicat: added optional parameter": Edit(
        "unicat_items",
        "page.size (default 25)",
        "language return data in this language.\npage.size (default 25)",
        "language",
        [("/components/schemas/ItemsRequest/properties", "field 'language' is on the page, not in the spec")],
    ),
    "unicat: parameter became required": Edit(
        "unicat_items",
        "optional\n\npage.cursor must not be present for the first request.\n",
        "page.cursor must not be present for the first request.\n\noptional\n\n",
        "page.cursor must",
        [("/components/schemas/ItemsRequest/required", "'page.cursor' is required on the page, optional in the spec")],
    ),
    "unicat: added error": Edit(
        "unicat_items",
        "1006 Selection",
        "1007 Quota error - too many requests\n1006 Selection",
        "1007",
        [("/components/schemas", "error 1007 (status not given) is on the page, not in the spec")],
    ),
    "unicat: new field in a response example": Edit(
        "unicat_items",
        '"page.cursor": <a-cursor-value>,',
        '"items.size": 2,\n        "page.cursor": <a-cursor-value>,',
        '"items.size"',
        [
            (
                f"{ITEMS}/responses/200/{JSON}/examples/docs/value/result/items.size",
                "example differs at /result/items.size",
            ),
            ("/components/schemas/ItemsResponse/properties/result/properties", "field 'items.size'"),
        ],
    ),
    "unicat: renamed path": Edit(
        "unicat_items",
        "/items/bulk/get",
        "/items/bulk/fetch",
        "POST /api",
        [("/paths", "POST /api/p/{project_gid}/items/bulk/fetch is on the page, not in the spec")],
    ),
}

VENDOR = {
    "added enum value": Edit(
        "001",
        "Enum values: ASC, DESC",
        "Enum values: ASC, DESC, RELEVANCE",
        "Enum values",
        [("/components/schemas/SortDirection/enum", "enum value 'RELEVANCE' of 'sortDirection' is not in the spec")],
    ),
    "added optional query parameter": Edit(
        "004",
        "pageToken\nstring\noptional\n",
        "includeDeleted\nboolean\noptional\n\nDeleted files too.\n\npageToken\nstring\noptional\n",
        "includeDeleted",
        [(f"{FILES}/parameters", "query parameter 'includeDeleted' is not in the spec")],
    ),
    "parameter became required": Edit(
        "004",
        "branchId\nstring\noptional\n",
        "branchId\nstring\n",
        "branchId",
        [(f"{FILES}/parameters/1/required", "'branchId' is required on the page, optional in the spec")],
    ),
    "added error": Edit(
        "004",
        "ParametersdatasetRid, transactionRid",
        "ParametersdatasetRid, transactionRid\nFileLockedError CodeCONFLICT\nStatus Code409\nDescriptionLocked.\nParameterspath",
        "FileLockedError",
        [("/components/schemas", "error FileLocked (status 409) is on the page, not in the spec")],
    ),
    "changed default page size": Edit(
        "004",
        "Defaults to 1,000.",
        "Defaults to 500.",
        "pageSize",
        [
            (f"{FILES}/parameters/4/schema/default", "'pageSize' defaults to 500 on the page, 1000 in the spec"),
            (f"{FILES}/parameters/4/description", "description of query parameter 'pageSize' says 'Defaults to 500.'"),
        ],
    ),
    "changed maximum batch size": Edit(
        "000",
        "endpoint is 100.",
        "endpoint is 250.",
        "The maximum batch size",
        [
            (f"{GET_BATCH}/x-batch/max-size", "maximum batch size is 250 on the page, 100 in the spec"),
            (f"{GET_BATCH}/description", "says 'The maximum batch size for this endpoint is 250.'"),
            ("/components/schemas/GetRecordsBatchRequest/maxItems", "the body's maxItems is 100"),
        ],
    ),
    "new field in a response example": Edit(
        "004",
        '"sizeBytes": "74930",',
        '"sizeBytes": "74930", "mediaType": "text/csv",',
        "1 2 3 4 5 6 7 8 9 10 11",
        [
            (
                f"{FILES}/responses/200/{JSON}/examples/docs/value/data/0/mediaType",
                "example differs at /data/0/mediaType",
            ),
            (
                "/components/schemas/File/properties",
                "field 'mediaType' (in the page's response example at /data/0/mediaType)",
            ),
        ],
    ),
    "renamed path": Edit(
        "004",
        "GET/api/v1/datasets/{datasetRid}/files",
        "GET/api/v1/datasets/{datasetRid}/fileList",
        "GET/api",
        [("/paths", "GET /api/v1/datasets/{datasetRid}/fileList is on the page, not in the spec")],
    ),
    "unicat: changed default page size": Edit(
        "002",
        "page.size (default 100)",
        "page.size (default 50)",
        "page.size (default",
        [("/components/schemas/PageSize/default", "'page.size' defaults to 50 on the page, 100 in the spec")],
    ),
    "unicat: added error": Edit(
        "003",
        "1006\n",
        "1007\nQuota error - too many requests\n1006\n",
        "1007",
        [("/components/schemas", "error 1007 (status not given) is on the page, not in the spec")],
    ),
    "unicat: new field in a response example": Edit(
        "002",
        '"records.size": 17,',
        '"records.size": 17,\n        "records.total": 17,',
        '"records.total"',
        [
            (
                f"{RECORDS}/responses/200/{JSON}/examples/docs/value/result/records.total",
                "example differs at /result/records.total",
            ),
            ("/components/schemas/RecordsBulkGetResult/properties", "field 'records.total'"),
        ],
    ),
    "unicat: renamed path": Edit(
        "003",
        "/schema/bulk/get",
        "/schema/bulk/fetch",
        "POST /api",
        [("/paths", "POST /api/p/{project_gid}/schema/bulk/fetch is on the page, not in the spec")],
    ),
}


def small_page(name: str) -> Path:
    return HERE / "pages" / f"{name}.txt"


def vendor_page(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def check_edit(tmp_path: Path, source: Path, edit: Edit, spec_dir: Path) -> None:
    text = source.read_text(encoding="utf-8")
    assert edit.old in text, f"{source.name} no longer holds {edit.old!r}: update the test"
    edited = text.replace(edit.old, edit.new)
    page = tmp_path / source.name
    page.write_text(edited, encoding="utf-8")
    result = check_pages([page], spec_dir)
    assert not result.unreadable, [str(e) for e in result.unreadable]
    line = next(n for n, t in enumerate(edited.splitlines(), start=1) if t.strip().startswith(edit.line_of))
    found = sorted((d.page_line, d.pointer, d.message) for d in result.drift)
    assert len(found) == len(edit.expected), "\n".join(d.format() for d in result.drift)
    for pointer, message in edit.expected:
        assert any(f == (line, pointer, f[2]) and message in f[2] for f in found), (
            f"expected at page line {line}, {pointer}: {message}\nfound:\n"
            + "\n".join(d.format() for d in result.drift)
        )
    for drift in result.drift:
        assert drift.spec.endswith(f"{result.pages[0].service}.yaml") and drift.spec_line > 1


@pytest.mark.parametrize("name", sorted(SMALL))
def test_an_edit_of_a_small_page_is_reported_at_the_right_place(tmp_path: Path, name: str) -> None:
    edit = SMALL[name]
    check_edit(tmp_path, small_page(edit.page), edit, HERE / "spec")


@pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SEEDS)
@pytest.mark.parametrize("name", sorted(VENDOR))
def test_an_edit_of_a_vendor_page_is_reported_at_the_right_place(tmp_path: Path, name: str) -> None:
    edit = VENDOR[name]
    check_edit(tmp_path, vendor_page(edit.page), edit, ROOT / "spec")


def test_the_small_pages_unedited_report_nothing() -> None:
    result = check_pages(sorted((HERE / "pages").glob("*.txt")), HERE / "spec", complete=True)
    assert [p.service for p in result.pages] == ["karat", "karat", "unicat"]
    assert not result.unreadable and not result.drift, "\n".join(d.format() for d in result.drift)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SEEDS)
def test_the_vendor_pages_unedited_report_nothing() -> None:
    result = check_pages(sorted(SEEDS.glob("*.txt")), ROOT / "spec", complete=True, folder="seeds")
    assert len(result.pages) == 5 and not result.unreadable
    assert not result.drift, "\n".join(d.format() for d in result.drift)


def test_a_renamed_path_over_all_pages_also_names_the_old_operation(tmp_path: Path) -> None:
    for source in (HERE / "pages").glob("*.txt"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8").replace("/parts", "/components"))
    result = check_pages(sorted(tmp_path.glob("*.txt")), HERE / "spec", complete=True, folder="pages")
    found = sorted((Path(d.page).name, d.page_line, d.pointer, d.message) for d in result.drift)
    assert found == [
        (
            "karat_list_parts.txt",
            6,
            "/paths",
            "GET /api/v1/widgets/{widgetRid}/components is on the page, not in the spec",
        ),
        ("pages", 0, LIST, "GET /api/v1/widgets/{widgetRid}/parts is in the spec, on no page"),
    ]

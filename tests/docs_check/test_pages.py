"""Reading pages: the facts each layout states, loose JSON, and a clear message for a page that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.docs_check.page import NO_DEFAULT, PageError
from generator.docs_check.pseudo_json import OpenDict, OpenList, PseudoJsonError, read_json
from generator.docs_check.read import read_page
from tests.conftest import ROOT

HERE = Path(__file__).parent
SEEDS = ROOT.parent / "shared" / "seeds"


def test_a_karat_page_states_its_operation_parameters_limits_and_errors() -> None:
    page = read_page(HERE / "pages" / "karat_list_parts.txt")
    assert (page.service, page.method, page.path, page.line, page.title) == (
        "karat",
        "get",
        "/api/v1/widgets/{widgetRid}/parts",
        6,
        "List Parts",
    )
    params = {(p.name, p.where): p for p in page.parameters}
    assert sorted(params) == [("color", "query"), ("pageSize", "query"), ("pageToken", "query"), ("widgetRid", "path")]
    assert params[("widgetRid", "path")].required is True and params[("color", "query")].required is False
    assert params[("color", "query")].enum == ["RED", "BLUE"] and params[("pageSize", "query")].default == 50
    assert params[("pageToken", "query")].default is NO_DEFAULT
    assert [s.value for s in page.scopes] == ["api:widgets-read"] and page.preview is None and page.max_batch is None
    assert page.response_body is not None and [f.name for f in page.response_body.fields] == ["data", "nextPageToken"]
    assert page.request_example is not None and page.request_example.query == {"color": "RED"}
    assert page.response_example is not None and page.response_example.value["nextPageToken"] == "t2"
    [error] = page.errors
    assert (error.name, error.code, error.status, error.parameters) == (
        "WidgetNotFoundError",
        "NOT_FOUND",
        404,
        ["widgetRid"],
    )


def test_a_karat_batch_page_states_preview_and_batch_size() -> None:
    page = read_page(HERE / "pages" / "karat_get_batch.txt")
    assert page.preview is not None and page.preview.value == ("preview", "true")
    assert page.max_batch is not None and page.max_batch.value == 20
    assert page.request_body is not None and page.request_body.element == "GetWidgetsBatchRequestElement"
    assert page.request_example is not None and page.request_example.value == [
        {"widgetRid": "ri.widgets.main.widget.1"}
    ]


def test_a_unicat_page_states_its_body_fields_examples_and_errors() -> None:
    page = read_page(HERE / "pages" / "unicat_items.txt")
    assert (page.service, page.method, page.path) == ("unicat", "post", "/api/p/{project_gid}/items/bulk/get")
    assert page.requires_auth is not None and page.requires_auth.line == 8
    assert page.request_body is not None
    fields = {f.name: f for f in page.request_body.fields}
    assert [(n, f.required) for n, f in fields.items()] == [
        ("selection", True),
        ("page.cursor", False),
        ("page.size", False),
    ]
    assert fields["page.size"].default == 25
    assert page.response_body is not None
    assert [(f.parent, f.name) for f in page.response_body.fields] == [
        ("result", "items"),
        ("result", "page.cursor"),
        ("data", "items"),
    ]
    assert [(e.status, e.app_code) for e in page.errors] == [(400, 400), (401, 401), (None, 1006)]
    assert page.response_example is not None
    assert page.response_example.line_of("/result/page.cursor") == 43


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the vendor pages (../shared/seeds) are not beside the repository")
def test_every_vendor_page_is_read() -> None:
    pages = [read_page(path) for path in sorted(SEEDS.glob("*.txt"))]
    assert [(p.service, p.method.upper(), p.path) for p in pages] == [
        ("karat", "POST", "/api/v2/checkpoints/records/getBatch"),
        ("karat", "POST", "/api/v2/checkpoints/records/search"),
        ("unicat", "POST", "/api/p/{project_gid}/records/bulk/get"),
        ("unicat", "POST", "/api/p/{project_gid}/schema/bulk/get"),
        ("karat", "GET", "/api/v1/datasets/{datasetRid}/files"),
    ]
    assert all(p.request_example is not None and p.response_example is not None for p in pages)


def test_loose_json_keeps_placeholders_and_marks_what_the_page_elides() -> None:
    text = '{"a": <cursor>, "b": [1, …], "c": {\n\n}, "d": {"x": 1,\n\n}, "e": {"y": 2,}}'
    value, end, starts = read_json(text, 0, loose=True)
    assert value == {"a": "<cursor>", "b": [1], "c": {}, "d": {"x": 1}, "e": {"y": 2}} and end == len(text)
    assert isinstance(value["b"], OpenList) and isinstance(value["c"], OpenDict) and isinstance(value["d"], OpenDict)
    assert not isinstance(value["e"], OpenDict)  # a trailing comma alone elides nothing
    assert text[starts["/b/0"]] == "1"
    with pytest.raises(PseudoJsonError):
        read_json('{"a": <cursor>}', 0)  # strict JSON (the Karat layout) has no placeholders


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the page is empty"),
        ("openapi: 3.1.0\ninfo: {title: x}\n", "not a page of a known layout"),
        (
            "List Files\n\nGET/api/v1/files\n\nQuery parameters\n\npageSize\ninteger\noptional\n",
            "no 'Examples' section",
        ),
        ('T\n\nGET/api/x\n\nExamples\n\nResponse\n\nCopied!\n1 2 { "data": [ {"a": 1 ', "cut off or broken"),
        ("T\n\nGET/api/x\n\nExamples\n\nRequest\n\nCopied!\ncurl x\n", "no response example"),
        ('POST /api/p/<project gid>/x\nAuthorization: Bearer <JWT>\n{"selection": [\n', "cut off or broken"),
        ("POST /api/p/<project gid>/x\nAuthorization: Bearer <JWT>\n{}\nAuthorization: <JWT>\n{}\n", "no error list"),
    ],
    ids=[
        "empty",
        "another layout",
        "karat cut before examples",
        "karat cut in json",
        "karat no response",
        "unicat cut in json",
        "unicat cut before errors",
    ],
)
def test_a_page_that_cannot_be_read_gets_a_message_naming_it(tmp_path: Path, text: str, message: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    with pytest.raises(PageError) as caught:
        read_page(page)
    assert message in caught.value.message and caught.value.page.endswith("page.txt")
    assert str(caught.value).startswith(f"{caught.value.page}:{caught.value.line}: error: cannot read page: ")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the vendor pages (../shared/seeds) are not beside the repository")
def test_a_vendor_page_cut_anywhere_is_read_or_refused_never_a_crash(tmp_path: Path) -> None:
    page = tmp_path / "cut.txt"
    refused = 0
    for source in sorted(SEEDS.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for cut in range(0, len(text), 41):
            page.write_text(text[:cut], encoding="utf-8")
            try:
                read_page(page)
            except PageError:
                refused += 1
    assert refused > 0

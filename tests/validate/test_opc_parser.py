"""openapi-python-client's parser as a lint rule: its problems located, at the project's level, without internals."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path

import pytest

from generator.openapi import cache
from generator.openapi.load import SpecDocument, load_spec
from generator.validate import opc_parser
from generator.validate.lint import Lint
from generator.validate.opc_parser import check_opc_parser
from generator.validate.structure import validate_document

# An allOf whose own property includes the schema itself: valid OpenAPI that openapi-python-client cannot process.
SELF_ALLOF = """
openapi: 3.1.0
info: {title: Loops, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: an A
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Outer"}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    Inner:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - {type: object, properties: {size: {type: integer}}}
    Outer:
      allOf:
        - $ref: "#/components/schemas/Inner"
        - {type: object, properties: {name: {$ref: "#/components/schemas/Outer"}}}
"""


def spec(tmp_path: Path, text: str) -> SpecDocument:
    path = tmp_path / "loops.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return load_spec(path)


def test_what_the_parser_cannot_read_is_a_located_warning_by_default(tmp_path: Path) -> None:
    doc = spec(tmp_path, SELF_ALLOF)
    found = check_opc_parser(doc, Lint())
    assert found, "openapi-python-client now reads this allOf: pick another case"
    assert {d.level for d in found} == {"warning"}
    assert all(d.message.startswith("openapi-python-client: ") for d in found)
    assert all("(lint rule openapi-python-client)" in d.message for d in found)
    assert all(" object at 0x" not in d.message and "input_value" not in d.message for d in found)
    assert {d.pointer for d in found} == {"/paths/~1a/get", "/components/schemas/Outer"}
    # the real status code, and no claim that we leave out what our own IR builder generates
    assert [d.message for d in found] == [
        "openapi-python-client: Unable to process schema /components/schemas/Outer: str can't be merged with Outer "
        "(lint rule openapi-python-client)",
        "openapi-python-client: GET /a: Cannot parse response for status code 200 (Could not find reference in "
        "parsed models or enums) (lint rule openapi-python-client)",
    ]
    assert all(d.line > 1 for d in found), [str(d) for d in found]


def test_the_level_comes_from_the_project(tmp_path: Path) -> None:
    doc = spec(tmp_path, SELF_ALLOF)
    assert {d.level for d in check_opc_parser(doc, Lint(default="error"))} == {"error"}
    assert check_opc_parser(doc, Lint(levels={"openapi-python-client": "off"})) == []


def test_a_document_without_paths_is_reported_without_pydantic_internals(tmp_path: Path) -> None:
    doc = spec(tmp_path, "openapi: 3.1.0\ninfo: {title: Hooks, version: '1'}\nwebhooks: {}\n")
    found = check_opc_parser(doc, Lint())
    assert [d.message for d in found] == [
        "openapi-python-client: Failed to parse OpenAPI document: 1 validation error for OpenAPI paths Field "
        "required [type=missing] (lint rule openapi-python-client)"
    ]


def test_our_specs_pass_it_as_an_error_rule() -> None:
    root = Path(__file__).resolve().parents[2]
    for name in ("karat.yaml", "unicat.yaml"):
        doc, diagnostics = validate_document(load_spec(root / "spec" / name), Lint(default="error"))
        assert check_opc_parser(doc, Lint(default="error")) == []
        assert diagnostics == []


CLEAN_SPEC = """
openapi: 3.1.0
info: {title: Clean, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      summary: Get an A
      responses:
        "204": {description: nothing}
"""


def test_a_clean_verdict_is_kept_across_prose_edits_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "store"))
    runs: list[str] = []
    real = opc_parser.opc_problems

    def counted(doc: SpecDocument) -> list[tuple[str, str]]:
        runs.append(doc.data["paths"]["/a"]["get"].get("summary"))
        return real(doc)

    monkeypatch.setattr(opc_parser, "opc_problems", counted)
    assert check_opc_parser(spec(tmp_path, CLEAN_SPEC), Lint()) == []
    edited = CLEAN_SPEC.replace("summary: Get an A", "summary: Get an A (edited)\n      description: more")
    assert check_opc_parser(spec(tmp_path, edited), Lint()) == []
    assert runs == ["Get an A"]  # the prose edit took the stored clean verdict
    assert check_opc_parser(spec(tmp_path, CLEAN_SPEC.replace('"204"', '"205"')), Lint()) == []
    assert check_opc_parser(spec(tmp_path, CLEAN_SPEC.replace("summary: Get an A", "summary: 7")), Lint()) != []
    assert runs == ["Get an A", "Get an A", 7]  # any other change parses again


def test_problems_are_never_stored_so_they_are_reported_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "store"))
    first = check_opc_parser(spec(tmp_path, SELF_ALLOF), Lint())
    assert first and check_opc_parser(spec(tmp_path, SELF_ALLOF), Lint()) == first
    assert not (tmp_path / "store" / opc_parser.CLEAN).exists()


class _Error:
    """The parts of an openapi-python-client PropertyError that the rule reads."""

    def __init__(self, header: str, detail: str) -> None:
        self.header, self.detail = header, detail


def test_the_tools_list_of_removed_schemas_is_left_out_whole() -> None:
    # The tool lists what it removes from its own client in set order, which changes from run to run.
    header = "\nUnable to process schema /components/schemas/Response:"
    detail = "Reference Props in allOf was not processed\n\nFailure to process schema has resulted in the removal of:"
    removed = ["/components/schemas/Response", "/components/schemas/DoneEvent", "/components/schemas/QueuedEvent"]
    messages = {
        opc_parser._problem(_Error(header, detail + "".join(f"\n{ref}" for ref in order)))
        for order in (removed, removed[::-1])
    }
    assert messages == {
        (
            "/components/schemas/Response",
            "openapi-python-client: Unable to process schema /components/schemas/Response: "
            "Reference Props in allOf was not processed",
        )
    }


def test_the_parser_shares_the_documents_models_instead_of_copying_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """It deep-copies each endpoint thrice as it builds it; the document's models in it are shared, then restored."""
    import pydantic
    from openapi_python_client import schema as oai

    copied: list[str] = []
    real = pydantic.BaseModel.__deepcopy__

    def counting(self: pydantic.BaseModel, memo: dict[int, object] | None = None) -> pydantic.BaseModel:
        copied.append(type(self).__name__)
        return real(self, memo)

    monkeypatch.setattr(pydantic.BaseModel, "__deepcopy__", counting)
    doc = load_spec(Path("spec/karat.yaml"))
    assert opc_parser.opc_problems(doc) == []
    assert copied == [], f"document models copied while parsing: {sorted(set(copied))}"
    assert "__deepcopy__" not in vars(oai.Schema), "the sharing outlived the parse"
    schema = oai.Schema.model_validate({"type": "string"})
    assert copy.deepcopy(schema) is not schema
    assert copied, "outside the parse a document model is copied as before"

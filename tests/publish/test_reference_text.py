"""What a reader of the published reference sees: prose without our `x-` names, server descriptions without markup
Redoc shows raw, an attribution that names its tool, and Python samples with typed arguments as the README has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest

from generator.codegen.pipeline import Layout, build_ir, load_and_validate, spec_files
from generator.publish.bundle import bundle_file
from generator.publish.code_samples import SampleWriter
from generator.publish.reference import INLINE_LOGOS, REMOTE_LOGOS, docs_bundle
from generator.publish.typed_values import typed_expressions
from tests.conftest import ROOT, TEMPLATES

SPECS = spec_files(ROOT / "spec")
PROSE = ("description", "summary", "title")


def prose(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every description, summary and title of a document, with its pointer."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in PROSE and isinstance(value, str):
                yield f"{pointer}/{key}", value
            elif key not in ("example", "examples", "x-codeSamples"):
                yield from prose(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from prose(item, f"{pointer}/{index}")


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_the_reference_prose_names_no_x_extension(spec: Any) -> None:
    docs = docs_bundle(bundle_file(spec))
    named = [(pointer, text) for pointer, text in prose(docs) if re.search(r"\bx-[a-z]", text)]
    assert named == []


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_server_descriptions_hold_no_markdown(spec: Any) -> None:
    """Redoc shows a server's description as plain text: backticks would be shown as they are."""
    for server in docs_bundle(bundle_file(spec)).get("servers", []):
        assert not re.search(r"[`*_\[]", server.get("description", "")), server


def test_the_attribution_logos_are_inline_images_of_the_name() -> None:
    assert len(INLINE_LOGOS) == len(REMOTE_LOGOS)
    for logo in INLINE_LOGOS:
        assert logo.startswith("data:image/svg+xml,") and "`" not in logo and "${" not in logo
    assert ">Redocly</text>" in unquote(INLINE_LOGOS[0])


def samples(spec: Any) -> dict[str, str]:
    layout = Layout([spec], TEMPLATES, ROOT / "generated")
    (doc,) = load_and_validate([spec])
    docs = docs_bundle(bundle_file(spec))
    SampleWriter(build_ir(doc), docs, layout.output).add_samples()
    return {
        op["operationId"]: op["x-codeSamples"][0]["source"]
        for item in docs["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    }


def test_the_python_samples_pass_models_built_as_the_readme_builds_them() -> None:
    found = samples(ROOT / "spec" / "karat.yaml")
    assert not any("model_validate" in source for source in found.values())
    assert (
        "models.SearchCheckpointRecordsRequest(\n"
        '            filter=models.EqFilter(field=models.EqFilterField.CHECKPOINT_TYPE, value="CONTOUR_EXPORT")\n'
        "        )"
    ) in found["searchRecords"]
    assert found["searchRecords"].startswith("from karat_sdk import KaratClient, models\n")


def test_typed_values_state_datetimes_enums_and_refuse_what_the_model_refuses() -> None:
    values = [
        ("GteFilter", {"type": "gte", "field": "createdAt", "value": "2023-01-01T00:00:00Z"}),
        ("EqFilter", {"type": "eq", "field": "no-such-field", "value": 1}),
    ]
    (gte, refused) = typed_expressions(ROOT / "generated", "karat_sdk", values)
    assert gte == (
        "models.GteFilter(field=models.GteFilterField.CREATED_AT, value=datetime(2023, 1, 1, tzinfo=UTC))",
        ["from datetime import UTC", "from datetime import datetime"],
    )
    assert refused is None

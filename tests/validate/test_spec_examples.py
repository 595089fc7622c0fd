"""Every request and response example of the vendor docs (../shared/seeds) is in the spec as its `docs` example,
and every example validates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.docs_check.compare_examples import differences
from generator.docs_check.read import read_page
from generator.openapi.load import load_spec
from generator.openapi.pointer import join_pointer
from generator.validate.examples import check_examples
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SPECS = {name: load_spec(ROOT / "spec" / f"{name}.yaml") for name in ("karat", "unicat")}
NO_SEEDS = "the vendor docs (../shared/seeds) are not beside the repo"


def docs_example(spec: str, path: str, method: str, where: str) -> Any:
    operation = SPECS[spec].data["paths"][path][method]
    holder = operation["requestBody"] if where == "request" else operation["responses"]["200"]
    examples = holder["content"]["application/json"]["examples"]
    assert "docs" in examples, (
        f"the docs' example of {method.upper()} {path} ({where}) was removed from spec/{spec}.yaml"
    )
    return examples["docs"]["value"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SEEDS)
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_the_docs_examples_are_the_specs_docs_examples(prefix: str) -> None:
    """Each page's examples (read by the docs check's page readers) are the spec's `docs` examples; parts the
    page elides (Unicat's `…`) may be filled in."""
    page = read_page(next(SEEDS.glob(f"{prefix}_*.txt")))
    examples = [("response", page.response_example), ("request", page.request_example)]
    for where, example in examples:
        if example is not None and example.value is not None:
            spec_value = docs_example(page.service, page.path, page.method, where)
            assert differences(example.value, spec_value) == [], f"{page.file}: the {where} example differs"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_example_validates(name: str) -> None:
    problems = check_examples(SPECS[name])
    assert not problems, "\n".join(p.format() for p in problems)


def test_a_broken_example_is_caught() -> None:
    doc = load_spec(ROOT / "spec" / "karat.yaml")
    example = docs_example("karat", "/api/v1/datasets/{datasetRid}/files", "get", "response")
    path = join_pointer("paths", "/api/v1/datasets/{datasetRid}/files", "get", "responses", "200")
    broken = json.loads(json.dumps(example))
    broken["data"][0]["sizeBytes"] = 74930  # a long is a string on the wire
    doc.data["paths"]["/api/v1/datasets/{datasetRid}/files"]["get"]["responses"]["200"]["content"]["application/json"][
        "examples"
    ]["docs"]["value"] = broken
    problems = check_examples(doc)
    assert any("sizeBytes" in p.pointer and p.pointer.startswith(path) for p in problems)

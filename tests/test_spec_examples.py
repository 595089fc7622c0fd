"""Every request and response example of the vendor docs (../shared/seeds) is in the spec, verbatim, and validates."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from generator.openapi.diagnostics import join_pointer
from generator.openapi.load import load_spec
from generator.validate.examples import check_examples
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SPECS = {name: load_spec(ROOT / "spec" / f"{name}.yaml") for name in ("karat", "unicat")}
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the vendor docs (../shared/seeds) are not beside the repo")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def first_json(text: str, start: int) -> Any:
    """The JSON value that starts at the first `{` or `[` at or after `start`."""
    index = min(i for i in (text.find("{", start), text.find("[", start)) if i >= 0)
    value, _ = json.JSONDecoder().raw_decode(text, index)
    return value


def balanced(text: str, start: int) -> str:
    """The text of the bracketed block that opens at `start` (brackets inside strings ignored)."""
    depth, in_string = 0, False
    for index in range(start, len(text)):
        char = text[index]
        if char == '"' and text[index - 1] != "\\":
            in_string = not in_string
        elif not in_string and char in "{[":
            depth += 1
        elif not in_string and char in "}]":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
    raise ValueError("unbalanced example")


def pseudo_json(text: str) -> Any:
    """Unicat's docs write JSON with placeholders (<gid-1>) and trailing commas; read it as JSON."""
    text = re.sub(r'(?<!")(<[^<>"]+>)(?!")', r'"\1"', text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


def docs_example(spec: str, path: str, method: str, where: str) -> Any:
    operation = SPECS[spec].data["paths"][path][method]
    holder = operation["requestBody"] if where == "request" else operation["responses"]["200"]
    examples = holder["content"]["application/json"]["examples"]
    assert "docs" in examples, (
        f"the docs' example of {method.upper()} {path} ({where}) was removed from spec/{spec}.yaml"
    )
    return examples["docs"]["value"]


KARAT = [
    ("000", "/api/v2/checkpoints/records/getBatch", "post"),
    ("001", "/api/v2/checkpoints/records/search", "post"),
    ("004", "/api/v1/datasets/{datasetRid}/files", "get"),
]


@pytest.mark.parametrize(("prefix", "path", "method"), KARAT, ids=[k[0] for k in KARAT])
def test_karat_docs_examples_are_in_the_spec(prefix: str, path: str, method: str) -> None:
    text = seed(prefix)
    response = first_json(text, text.index("\nResponse\n"))
    assert docs_example("karat", path, method, "response") == response
    if method == "post":
        request = json.loads(re.search(r"-d '(.+?)'", text).group(1))  # type: ignore[union-attr]
        assert docs_example("karat", path, method, "request") == request


def test_karat_list_files_parameter_examples_match_the_curl_example() -> None:
    url = re.search(r'"https://\$HOSTNAME/api/v1/datasets/([^/]+)/files\?([^"]+)"', seed("004"))
    assert url is not None
    expected = {"datasetRid": url.group(1), **dict(p.split("=", 1) for p in url.group(2).split("&"))}
    operation = SPECS["karat"].data["paths"]["/api/v1/datasets/{datasetRid}/files"]["get"]
    found = {}
    for param in operation["parameters"]:
        if "$ref" in param:
            continue
        if "example" in param:
            found[param["name"]] = param["example"]
    assert found == expected


UNICAT = [
    ("002", "/api/p/{project_gid}/records/bulk/get", "records"),
    ("003", "/api/p/{project_gid}/schema/bulk/get", "schema_items"),
]


@pytest.mark.parametrize(("prefix", "path", "items"), UNICAT, ids=[u[0] for u in UNICAT])
def test_unicat_docs_examples_are_in_the_spec(prefix: str, path: str, items: str) -> None:
    text = seed(prefix)
    request = pseudo_json(balanced(text, text.index("{", text.index("Authorization: Bearer <JWT>"))))
    assert docs_example("unicat", path, "post", "request") == request
    response = docs_example("unicat", path, "post", "response")
    listed = re.findall(
        r'"([0-9a-f-]{36})"', text[text.index('"result"') : text.index('"data"', text.index('"result"'))]
    )
    assert listed, "no gid found in the docs' response example"
    shown = json.dumps(response["result"][items])
    assert all(gid in shown for gid in listed)
    assert response["result"][f"{items}.size"] == 17
    assert response["success"] is True


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

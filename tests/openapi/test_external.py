"""Multi-file documents (tests/multifile/): references to other files read as one document, every place kept."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from generator.openapi.diagnostics import GenerationError
from generator.openapi.external import bundle
from generator.openapi.load import load_spec
from generator.openapi.refs import iter_refs, ref_cycles
from generator.publish.bundle import bundle_file
from tests.conftest import ROOT, run_generator

FOLDER = ROOT / "tests" / "multifile"
API = FOLDER / "api.yaml"


def test_the_document_is_one_document_with_every_file_brought_in() -> None:
    doc = load_spec(API)
    assert doc.problems == ()
    refs = dict(iter_refs(doc.data))
    assert refs and all(ref.startswith("#/") for ref in refs.values()), refs  # only local references are left
    schemas = doc.data["components"]["schemas"]
    assert {"droplet", "region", "backup_window", "pagination", "tree_node", "tree_children", "error"} <= set(schemas)
    listing = doc.data["paths"]["/v2/droplets"]["get"]  # an operation written in its own file, inlined
    assert listing["operationId"] == "droplets_list"
    assert [p["name"] for p in listing["parameters"]] == ["per_page", "page", "tag_name"]
    assert listing["responses"]["401"] == {"$ref": "#/components/responses/unauthorized"}
    assert schemas["tree_children"]["items"] == {"$ref": "#/components/schemas/tree_node"}  # the cycle, as $refs
    assert ref_cycles(doc.data) == []


def test_every_value_keeps_the_file_line_and_column_it_was_written_at() -> None:
    doc = load_spec(API)
    assert doc.place("/components/schemas/region/properties/slug") == (
        6,
        13,
        "tests/multifile/shared/models/region.json",
        "/properties/slug",
    )
    listing = "/paths/~1v2~1droplets/get"
    assert doc.place(listing + "/summary")[:3] == (2, 10, "tests/multifile/resources/droplets/droplets_list.yml")
    assert doc.place("/paths/~1v2~1trees~1{tree_id}/get")[:3] == (23, 7, "tests/multifile/api.yaml")
    warning = doc.diagnostic(listing + "/responses/200/description", "a message", "warning")
    assert warning.format() == (
        "tests/multifile/resources/droplets/responses/all_droplets.yml:1:14: warning: a message [#/description]"
    )


@pytest.fixture(scope="module")
def droplets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("multifile") / "out"
    result = run_generator("generate", "--spec", str(API), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert ": error:" not in result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("droplet_cloud_sdk")
    finally:
        sys.path.remove(str(out))


def test_it_generates_a_package_that_type_checks(droplets: ModuleType) -> None:
    assert droplets.__file__ is not None  # narrows str | None (a package imported from a file has one)
    package = Path(droplets.__file__).parent
    models = (package / "models.py").read_text(encoding="utf-8")
    for name in ("class Droplet(", "class Region(", "class TreeNode(", "class Error(", "class DropletCreate("):
        assert name in models
    check = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(package)],
        capture_output=True,
        text=True,
        check=False,
        cwd=package.parent,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_its_methods_call_the_api(droplets: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        droplet = {"id": 1, "name": "web", "status": "active", "region": {"slug": "nyc3"}}
        if request.url.path == "/v2/trees/7":
            return httpx.Response(200, json={"id": 7, "children": [{"id": 8, "children": []}]})
        return httpx.Response(200, json={"droplets": [droplet], "links": {"next": None}})

    client = droplets.DropletCloudClient(
        base_url="http://cloud.test", token="t", http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )
    with client:
        page = client.droplets.droplets_list(per_page=5, tag_name="web")
        tree = client.trees.trees_get(7)
    assert page.droplets[0].region.slug == "nyc3"
    assert tree.children[0].id == 8
    assert seen[0].url.params["per_page"] == "5"


def test_a_broken_ref_is_reported_at_its_file_line_and_column() -> None:
    result = run_generator("validate", "tests/multifile/broken.yaml")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "tests/multifile/resources/droplets/droplet_actions.yml:14:19: error: cannot read "
        "'tests/multifile/resources/droplets/models/droplet_action.yml' (a file this $ref names): "
        "No such file or directory [#/get/responses/200/content/application~1json/schema/$ref]"
    ]


def files(tmp_path: Path, **texts: str) -> Path:
    for name, text in texts.items():
        path = tmp_path / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "api.yaml"


ROOT_DOC = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"


def problems(path: Path) -> list[str]:
    return [d.format() for d in load_spec(path).problems]


def test_every_problem_with_the_files_is_located_and_reported_at_once(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    api = files(
        tmp_path,
        **{
            "api.yaml": ROOT_DOC
            + "    A: {$ref: 'https://example.com/a.yaml'}\n"
            + "    B: {$ref: 'b.yaml#/nothing'}\n"
            + "    C: {$ref: 'sub/c.yaml'}\n"
            + "    D: {$ref: 'b.yaml#no-pointer'}\n"
            + "    E: {properties: {x: {$ref: gone.yaml}, y: {$ref: gone.yaml}}}\n",
            "b.yaml": "something: {type: string}\n",
            "sub__c.yaml": "type: object\nproperties:\n  x: [unclosed\n",
        },
    )
    assert problems(api) == [
        "api.yaml:6:15: error: $ref 'https://example.com/a.yaml' is a remote URL, and nothing is fetched over the "
        "network: save that document beside this one and refer to it by a relative path [#/components/schemas/A/$ref]",
        "api.yaml:7:15: error: unresolved $ref: b.yaml has no /nothing; did you mean 'b.yaml#/something'? "
        "[#/components/schemas/B/$ref]",
        "sub/c.yaml:4:1: error: YAML syntax error: did not find expected ',' or ']' [#]",
        "api.yaml:9:15: error: $ref 'b.yaml#no-pointer': the part after # must be a JSON pointer (#/...) "
        "[#/components/schemas/D/$ref]",
        "api.yaml:10:32: error: cannot read 'gone.yaml' (a file this $ref names): No such file or directory "
        "[#/components/schemas/E/properties/x/$ref]",
        "api.yaml:10:54: error: cannot read 'gone.yaml' (a file this $ref names): No such file or directory "
        "[#/components/schemas/E/properties/y/$ref]",
    ]
    result = run_generator("validate", "api.yaml", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.count(": error: ") == 6, result.stderr


def test_a_cycle_across_files_through_something_else_than_a_schema_is_an_error(tmp_path: Path) -> None:
    api = files(
        tmp_path,
        **{
            "api.yaml": "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: 'a.yaml'}\n",
            "a.yaml": "get: {$ref: 'b.yaml'}\n",
            "b.yaml": "responses: {'200': {$ref: 'a.yaml#/get'}}\n",
        },
    )
    (message,) = problems(api)
    assert message == (
        "a.yaml:1:13: error: $ref cycle across files through something that is not a schema: "
        "a.yaml# -> b.yaml# -> a.yaml#/get -> b.yaml# [#/get/$ref]"
    )


def test_references_back_to_the_root_and_within_a_file_stay_local(tmp_path: Path) -> None:
    api = files(
        tmp_path,
        **{
            "api.yaml": ROOT_DOC + "    Name: {type: string}\n    Pet: {$ref: 'models/pet.yaml#/Pet'}\n",
            "models__pet.yaml": "Pet:\n  type: object\n  properties:\n    name: {$ref: '../api.yaml#/components/"
            "schemas/Name'}\n    tag: {$ref: '#/Tag'}\nTag: {type: string}\n",
        },
    )
    schemas = load_spec(api).data["components"]["schemas"]
    assert schemas["Pet"]["properties"] == {
        "name": {"$ref": "#/components/schemas/Name"},
        "tag": {"$ref": "#/components/schemas/Tag"},
    }
    assert schemas["Tag"] == {"type": "string"}


def test_a_name_taken_by_another_file_gets_a_number(tmp_path: Path) -> None:
    api = files(
        tmp_path,
        **{
            "api.yaml": ROOT_DOC
            + "    pet: {type: string}\n    A: {properties: {x: {$ref: 'one/pet.yaml'}, y: {$ref: 'two/pet.yaml'}}}\n",
            "one__pet.yaml": "type: integer\n",
            "two__pet.yaml": "type: boolean\n",
        },
    )
    schemas = load_spec(api).data["components"]["schemas"]
    assert schemas["A"]["properties"] == {
        "x": {"$ref": "#/components/schemas/pet2"},
        "y": {"$ref": "#/components/schemas/pet3"},
    }
    assert (schemas["pet2"], schemas["pet3"]) == ({"type": "integer"}, {"type": "boolean"})


def test_the_published_bundle_is_one_document(tmp_path: Path) -> None:
    data = bundle_file(API)
    assert all(ref.startswith("#/") for _, ref in iter_refs(data))
    assert data == load_spec(API).data
    assert json.loads(json.dumps(data)) == data
    with pytest.raises(GenerationError, match="droplet_action.yml"):
        bundle_file(FOLDER / "broken.yaml")
    texts = {"api.yaml": ROOT_DOC + "    A: {$ref: 'b.yaml'}\n", "b.yaml": "type: string\n"}
    assert bundle("api.yaml", texts.__getitem__)["components"]["schemas"]["A"] == {"type": "string"}

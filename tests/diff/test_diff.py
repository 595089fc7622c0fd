"""Spec diff: every kind of change on a pair of small specs, judged breaking or not; CLI exit codes; git revisions."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.codegen.manifest import recorded_spec_hashes
from generator.diff.changelog import since_last_generation
from generator.diff.changes import diff_documents
from generator.openapi.load import read_yaml
from tests.conftest import ROOT

GIT_DIR = str(Path(shutil.which("git") or "/usr/bin/git").parent)


def run_generator(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it, with git on the PATH (for revisions)."""
    env = {"PYTHONPATH": str(ROOT), "PATH": f"{Path(sys.executable).parent}:{GIT_DIR}", "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


S = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": S + name}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Items", "version": "1.0.0"},
    "servers": [{"url": "https://items.example"}],
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "description": "Lists items.",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                    {"name": "color", "in": "query", "schema": ref("Color")},
                ],
                "responses": {
                    "200": {"description": "A page.", "content": json_body(ref("ItemPage"))},
                    "404": {"description": "Not found.", "content": json_body(ref("Error"))},
                },
            },
            "post": {
                "operationId": "createItem",
                "requestBody": {"required": True, "content": json_body(ref("NewItem"))},
                "responses": {"200": {"description": "The item.", "content": json_body(ref("Item"))}},
            },
        },
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The item.", "content": json_body(ref("Item"))}},
            }
        },
    },
    "components": {
        "schemas": {
            "Color": {"type": "string", "enum": ["red", "green"]},
            "Status": {"type": "string", "enum": ["active", "archived"]},
            "Kind": {"type": "string", "enum": ["a", "b"], "x-open-enum": True},
            "Item": {
                "type": "object",
                "description": "An item.",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "status": ref("Status"),
                    "kind": ref("Kind"),
                    "createdAt": {"type": "string", "format": "date-time"},
                    "shape": ref("Shape"),
                },
            },
            "ItemPage": {
                "type": "object",
                "required": ["data"],
                "properties": {"data": {"type": "array", "items": ref("Item")}, "next": {"type": "string"}},
            },
            "NewItem": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 50},
                    "color": ref("Color"),
                    "note": {"type": "string"},
                    "size": {"type": "integer", "default": 1},
                    "filter": ref("Filter"),
                },
            },
            "Shape": {
                "oneOf": [ref("Circle"), ref("Square")],
                "discriminator": {"propertyName": "type", "mapping": {"circle": S + "Circle", "square": S + "Square"}},
            },
            "Circle": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"const": "circle"}, "r": {"type": "number"}},
            },
            "Square": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"const": "square"}, "side": {"type": "number"}},
            },
            "Filter": {
                "oneOf": [ref("ByName"), ref("ById")],
                "discriminator": {"propertyName": "by", "mapping": {"name": S + "ByName", "id": S + "ById"}},
            },
            "ByName": {
                "type": "object",
                "required": ["by"],
                "properties": {"by": {"const": "name"}, "name": {"type": "string"}},
            },
            "ById": {
                "type": "object",
                "required": ["by"],
                "properties": {"by": {"const": "id"}, "id": {"type": "string"}},
            },
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        }
    },
}

# A change made in place to (old, new); what it returns (a popped value, a tuple of steps) is not used.
Mutation = Callable[[dict[str, Any], dict[str, Any]], object]


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"]
    return found


def list_params(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = doc["paths"]["/items"]["get"]["parameters"]
    return found


def add_variant(doc: dict[str, Any], union: str, name: str, tag_key: str, tag: str) -> None:
    schemas(doc)[name] = {"type": "object", "required": [tag_key], "properties": {tag_key: {"const": tag}}}
    schemas(doc)[union]["oneOf"].append(ref(name))
    schemas(doc)[union]["discriminator"]["mapping"][tag] = S + name


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [c.format() for c in diff_documents(old, new)]


# The cases below whose steps all return None (as statements, not a lambda's tuple of values).
def sdk_package_renamed(o: dict[str, Any], n: dict[str, Any]) -> None:
    o["x-sdk"] = {"package": "items_sdk"}
    n["x-sdk"] = {"package": "goods_sdk"}


def parameter_became_optional(o: dict[str, Any], n: dict[str, Any]) -> None:
    list_params(o)[0]["required"] = True
    list_params(n)[0]["required"] = False


def open_response_union_variant_added(o: dict[str, Any], n: dict[str, Any]) -> None:
    schemas(o)["Shape"]["x-open-union"] = True
    schemas(n)["Shape"]["x-open-union"] = True
    add_variant(n, "Shape", "Star", "type", "star")


def component_renamed_to_the_same_schema(o: dict[str, Any], n: dict[str, Any]) -> None:
    schemas(n)["Problem"] = schemas(n).pop("Error")
    n["paths"]["/items"]["get"]["responses"]["404"]["content"]["application/json"]["schema"] = ref("Problem")


# Each case: a change made to a copy of BASE (old, new are both copies) and the exact changelog expected.
BREAKING: dict[str, tuple[Mutation, list[str]]] = {
    "operation removed": (
        lambda o, n: n["paths"]["/items/{id}"].pop("get"),
        ["GET /items/{id}: operation removed (breaking)"],
    ),
    "operation moved to another path": (
        lambda o, n: n["paths"].__setitem__("/things/{id}", n["paths"].pop("/items/{id}")),
        ["GET /things/{id}: moved from GET /items/{id} (breaking)"],
    ),
    "operation moved to another method": (
        lambda o, n: n["paths"]["/items/{id}"].__setitem__("put", n["paths"]["/items/{id}"].pop("get")),
        ["PUT /items/{id}: moved from GET /items/{id} (breaking)"],
    ),
    "path parameter renamed": (
        lambda o, n: (
            n["paths"].__setitem__("/items/{itemId}", n["paths"].pop("/items/{id}")),
            n["paths"]["/items/{itemId}"]["get"]["parameters"][0].__setitem__("name", "itemId"),
        ),
        [
            "GET /items/{itemId}: path parameters renamed: was /items/{id} (breaking)",
            "GET /items/{itemId}: path parameter id removed (breaking)",
            "GET /items/{itemId}: required path parameter itemId added (breaking)",
        ],
    ),
    "request body became required": (
        lambda o, n: (
            o["paths"]["/items"]["post"]["requestBody"].__setitem__("required", False),
            n["paths"]["/items"]["post"]["requestBody"].__setitem__("required", True),
        ),
        ["POST /items: request body became required (breaking)"],
    ),
    "operationId changed": (
        lambda o, n: n["paths"]["/items/{id}"]["get"].__setitem__("operationId", "fetchItem"),
        ["GET /items/{id}: operationId changed from getItem to fetchItem (the SDK method name) (breaking)"],
    ),
    "required parameter added": (
        lambda o, n: list_params(n).append(
            {"name": "shop", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        ["GET /items: required query parameter shop added (breaking)"],
    ),
    "parameter became required": (
        lambda o, n: list_params(n)[0].__setitem__("required", True),
        ["GET /items: query parameter limit: became required (breaking)"],
    ),
    "parameter removed": (
        lambda o, n: list_params(n).pop(0),
        ["GET /items: query parameter limit removed (breaking)"],
    ),
    "parameter type narrowed": (
        lambda o, n: list_params(n)[0].__setitem__("schema", {"type": "integer", "maximum": 10}),
        ["GET /items: query parameter limit: maximum changed from 100 to 10 (breaking)"],
    ),
    "new required request field": (
        lambda o, n: (
            schemas(n)["NewItem"]["properties"].__setitem__("owner", {"type": "string"}),
            schemas(n)["NewItem"]["required"].append("owner"),
        ),
        ["components/schemas/NewItem: required field owner added (breaking)"],
    ),
    "request field became required": (
        lambda o, n: schemas(n)["NewItem"]["required"].append("note"),
        ["components/schemas/NewItem: field note became required (breaking)"],
    ),
    "request field type narrowed": (
        lambda o, n: schemas(n)["NewItem"]["properties"].__setitem__("note", {"type": "string", "format": "uuid"}),
        ["components/schemas/NewItem: field note: format uuid added (breaking)"],
    ),
    "request enum value removed": (
        lambda o, n: schemas(n)["Color"]["enum"].remove("green"),
        ["components/schemas/Color: enum value removed: green (breaking)"],
    ),
    "request string shortened": (
        lambda o, n: schemas(n)["NewItem"]["properties"]["name"].__setitem__("maxLength", 20),
        ["components/schemas/NewItem: field name: maxLength changed from 50 to 20 (breaking)"],
    ),
    "response field removed": (
        lambda o, n: schemas(n)["Item"]["properties"].pop("createdAt"),
        ["components/schemas/Item: field createdAt removed (breaking)"],
    ),
    "response field renamed": (
        lambda o, n: schemas(n)["Item"]["properties"].__setitem__(
            "created", schemas(n)["Item"]["properties"].pop("createdAt")
        ),
        ["components/schemas/Item: field createdAt renamed to created (breaking)"],
    ),
    "response field became optional": (
        lambda o, n: schemas(n)["Item"]["required"].remove("status"),
        ["components/schemas/Item: field status became optional (breaking)"],
    ),
    "response type widened": (
        lambda o, n: schemas(n)["Item"]["properties"]["name"].__setitem__("type", ["string", "null"]),
        ["components/schemas/Item: field name: type changed from string to null | string (breaking)"],
    ),
    "response type changed": (
        lambda o, n: schemas(n)["Item"]["properties"].__setitem__("id", {"type": "integer"}),
        ["components/schemas/Item: field id: type changed from string to integer (breaking)"],
    ),
    "closed response enum value added": (
        lambda o, n: schemas(n)["Status"]["enum"].append("deleted"),
        ["components/schemas/Status: enum value added: deleted (breaking)"],
    ),
    "union variant removed": (
        lambda o, n: (
            schemas(n)["Shape"]["oneOf"].pop(),
            schemas(n)["Shape"]["discriminator"]["mapping"].pop("square"),
        ),
        ["components/schemas/Shape: union variant Square removed (breaking)"],
    ),
    "closed response union variant added": (
        lambda o, n: add_variant(n, "Shape", "Star", "type", "star"),
        [
            "components/schemas/Shape: union variant Star added (breaking)",
            "components/schemas/Star: schema added (non-breaking)",
        ],
    ),
    "discriminator value changed": (
        lambda o, n: n["components"]["schemas"]["Shape"]["discriminator"]["mapping"].__setitem__(
            "round", n["components"]["schemas"]["Shape"]["discriminator"]["mapping"].pop("circle")
        ),
        ["components/schemas/Shape: discriminator value of Circle changed from circle to round (breaking)"],
    ),
    "response format changed": (
        lambda o, n: schemas(n)["Item"]["properties"]["createdAt"].__setitem__("format", "date"),
        ["components/schemas/Item: field createdAt: format changed from date-time to date (breaking)"],
    ),
    "field type became another component": (
        lambda o, n: schemas(n)["Item"]["properties"].__setitem__("kind", ref("Status")),
        ["components/schemas/Item: field kind: type changed from Kind to Status (breaking)"],
    ),
    "success response removed": (
        lambda o, n: n["paths"]["/items/{id}"]["get"]["responses"].__setitem__(
            "201", n["paths"]["/items/{id}"]["get"]["responses"].pop("200")
        ),
        ["GET /items/{id}: response 200 removed (breaking)", "GET /items/{id}: response 201 added (non-breaking)"],
    ),
    "schema removed": (
        lambda o, n: (schemas(n)["Item"]["properties"].pop("shape"), schemas(n).pop("Shape")),
        [
            "components/schemas/Item: field shape removed (breaking)",
            "components/schemas/Shape: schema removed (breaking)",
        ],
    ),
    "sdk package renamed": (
        sdk_package_renamed,
        ["x-sdk: package changed from items_sdk to goods_sdk (breaking)"],
    ),
    "security requirement replaced": (
        lambda o, n: (
            o["paths"]["/items"]["post"].__setitem__("security", [{"key": []}]),
            n["paths"]["/items"]["post"].__setitem__("security", [{"oauth": ["items:write"]}]),
        ),
        ["POST /items: security requirements changed (breaking)"],
    ),
    "server removed": (
        lambda o, n: n.__setitem__("servers", [{"url": "https://api.items.example"}]),
        [
            "servers: server https://items.example removed (breaking)",
            "servers: server https://api.items.example added (non-breaking)",
        ],
    ),
}

NON_BREAKING: dict[str, tuple[Mutation, list[str]]] = {
    "operation added": (
        lambda o, n: n["paths"]["/items/{id}"].__setitem__(
            "delete", {"operationId": "deleteItem", "responses": {"204": {"description": "Gone."}}}
        ),
        ["DELETE /items/{id}: operation added (non-breaking)"],
    ),
    "optional parameter added": (
        lambda o, n: list_params(n).append({"name": "q", "in": "query", "schema": {"type": "string"}}),
        ["GET /items: query parameter q added (non-breaking)"],
    ),
    "parameter became optional": (
        parameter_became_optional,
        ["GET /items: query parameter limit: became optional (non-breaking)"],
    ),
    "request type widened": (
        lambda o, n: list_params(n)[0].__setitem__("schema", {"type": "number", "maximum": 100}),
        ["GET /items: query parameter limit: type changed from integer to number (non-breaking)"],
    ),
    "optional request field added": (
        lambda o, n: schemas(n)["NewItem"]["properties"].__setitem__(
            "tags", {"type": "array", "items": {"type": "string"}}
        ),
        ["components/schemas/NewItem: field tags added (non-breaking)"],
    ),
    "request field became optional": (
        lambda o, n: schemas(n)["NewItem"]["required"].remove("name"),
        ["components/schemas/NewItem: field name became optional (non-breaking)"],
    ),
    "request enum value added": (
        lambda o, n: schemas(n)["Color"]["enum"].append("blue"),
        ["components/schemas/Color: enum value added: blue (non-breaking)"],
    ),
    "request string lengthened": (
        lambda o, n: schemas(n)["NewItem"]["properties"]["name"].__setitem__("maxLength", 80),
        ["components/schemas/NewItem: field name: maxLength changed from 50 to 80 (non-breaking)"],
    ),
    "request default changed": (
        lambda o, n: schemas(n)["NewItem"]["properties"]["size"].__setitem__("default", 2),
        ["components/schemas/NewItem: field size: default changed from 1 to 2 (non-breaking)"],
    ),
    "request union variant added": (
        lambda o, n: add_variant(n, "Filter", "ByTag", "by", "tag"),
        [
            "components/schemas/ByTag: schema added (non-breaking)",
            "components/schemas/Filter: union variant ByTag added (non-breaking)",
        ],
    ),
    "response field added": (
        lambda o, n: schemas(n)["Item"]["properties"].__setitem__("price", {"type": "number"}),
        ["components/schemas/Item: field price added (non-breaking)"],
    ),
    "response field became required": (
        lambda o, n: schemas(n)["Item"]["required"].append("name"),
        ["components/schemas/Item: field name became required (non-breaking)"],
    ),
    "open response enum value added": (
        lambda o, n: schemas(n)["Kind"]["enum"].append("c"),
        ["components/schemas/Kind: enum value added: c (x-open-enum) (non-breaking)"],
    ),
    "response enum value removed": (
        lambda o, n: schemas(n)["Status"]["enum"].remove("archived"),
        ["components/schemas/Status: enum value removed: archived (non-breaking)"],
    ),
    "open response union variant added": (
        open_response_union_variant_added,
        [
            "components/schemas/Shape: union variant Star added (x-open-union) (non-breaking)",
            "components/schemas/Star: schema added (non-breaking)",
        ],
    ),
    "response type narrowed": (
        lambda o, n: schemas(n)["Item"]["properties"]["name"].__setitem__("maxLength", 10),
        ["components/schemas/Item: field name: maxLength 10 added (non-breaking)"],
    ),
    "error response added": (
        lambda o, n: n["paths"]["/items/{id}"]["get"]["responses"].__setitem__(
            "404", {"description": "Not found.", "content": json_body(ref("Error"))}
        ),
        ["GET /items/{id}: response 404 added (non-breaking)"],
    ),
    "component renamed to the same schema": (
        component_renamed_to_the_same_schema,
        [
            "GET /items: response 404: type changed from Error to Problem (the same schema) (non-breaking)",
            "components/schemas/Error: schema removed (breaking)",
            "components/schemas/Problem: schema added (non-breaking)",
        ],
    ),
    "operation deprecated": (
        lambda o, n: n["paths"]["/items/{id}"]["get"].__setitem__("deprecated", True),
        ["GET /items/{id}: deprecated (non-breaking)"],
    ),
    "version changed": (
        lambda o, n: n["info"].__setitem__("version", "1.1.0"),
        ["info: version changed from 1.0.0 to 1.1.0 (non-breaking)"],
    ),
}


def apply(mutate: Mutation) -> tuple[dict[str, Any], dict[str, Any]]:
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    mutate(old, new)
    return old, new


@pytest.mark.parametrize("case", sorted(BREAKING))
def test_breaking_change(case: str) -> None:
    mutate, expected = BREAKING[case]
    assert changes(*apply(mutate)) == expected
    assert any(c.breaking for c in diff_documents(*apply(mutate)))


@pytest.mark.parametrize("case", sorted(NON_BREAKING))
def test_non_breaking_change(case: str) -> None:
    mutate, expected = NON_BREAKING[case]
    assert changes(*apply(mutate)) == expected
    if case != "component renamed to the same schema":  # dropping the old component is breaking on its own
        assert not any(c.breaking for c in diff_documents(*apply(mutate)))


def test_identical_specs_give_an_empty_changelog() -> None:
    assert diff_documents(BASE, copy.deepcopy(BASE)) == []


def test_documentation_only_changes_are_not_api_changes() -> None:
    old, new = apply(
        lambda o, n: (
            schemas(n)["Item"].__setitem__("description", "Something else."),
            n["paths"]["/items"]["get"].__setitem__("description", "Lists all the items."),
            n["paths"]["/items"]["get"].__setitem__("summary", "List"),
        )
    )
    assert diff_documents(old, new) == []


def test_a_change_in_a_shared_component_is_reported_once_at_the_component() -> None:
    # Item is used by three operations (directly and through ItemPage); the change is listed once.
    old, new = apply(lambda o, n: schemas(n)["Item"]["properties"].pop("createdAt"))
    found = diff_documents(old, new)
    assert [(c.where, c.message, c.breaking) for c in found] == [
        ("components/schemas/Item", "field createdAt removed", True)
    ]


def test_a_schema_used_both_ways_is_judged_both_ways() -> None:
    # Color is sent (request); adding a value is fine for a request, but once a response carries it too,
    # a closed enum that grows breaks the clients that read it.
    def mutate(o: dict[str, Any], n: dict[str, Any]) -> None:
        for doc in (o, n):
            schemas(doc)["Item"]["properties"]["color"] = ref("Color")
        schemas(n)["Color"]["enum"].append("blue")

    assert changes(*apply(mutate)) == ["components/schemas/Color: enum value added: blue (breaking)"]


FILES = "/api/v1/datasets/{datasetRid}/files"
SCHEMA_BULK = "/api/p/{project_gid}/schema/bulk/get"
# Changes made to the real specs, as a release could make them, and the changelog each must give.
REAL_CHANGES: dict[str, tuple[str, Mutation, list[str]]] = {
    "karat: a query parameter and a response field removed, a request enum grown": (
        "karat",
        lambda o, n: (
            n["paths"][FILES]["get"].__setitem__(
                "parameters", [p for p in n["paths"][FILES]["get"]["parameters"] if p["name"] != "branchId"]
            ),
            schemas(n)["File"]["properties"].pop("sizeBytes"),
            schemas(n)["SortDirection"]["enum"].append("RANDOM"),
        ),
        [
            f"GET {FILES}: query parameter branchId removed (breaking)",
            "components/schemas/File: field sizeBytes removed (breaking)",
            "components/schemas/SortDirection: enum value added: RANDOM (non-breaking)",
        ],
    ),
    "unicat: an operation removed, a request field added": (
        "unicat",
        lambda o, n: (
            n["paths"][SCHEMA_BULK].pop("post"),
            schemas(n)["RecordsBulkGetRequest"]["properties"].__setitem__("extra", {"type": "string"}),
        ),
        [
            f"POST {SCHEMA_BULK}: operation removed (breaking)",
            "components/schemas/RecordsBulkGetRequest: field extra added (non-breaking)",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(REAL_CHANGES))
def test_changes_to_the_real_specs(case: str) -> None:
    from generator.publish.bundle import bundle_file

    name, mutate, expected = REAL_CHANGES[case]
    data = bundle_file(ROOT / "spec" / f"{name}.yaml")
    old, new = copy.deepcopy(data), copy.deepcopy(data)
    mutate(old, new)
    assert diff_documents(data, old) == []  # the unchanged side is the spec as it is
    assert changes(old, new) == expected
    assert [c.format() for c in diff_documents(new, old)] != []  # and back again is a change too


# ----------------------------------------------------------------------------------------- command line


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_cli_exit_codes(tmp_path: Path) -> None:
    base = write(tmp_path / "old.yaml", BASE)
    same = write(tmp_path / "same.yaml", BASE)
    breaking = write(tmp_path / "breaking.yaml", apply(BREAKING["response field removed"][0])[1])
    additive = write(tmp_path / "additive.yaml", apply(NON_BREAKING["response field added"][0])[1])

    result = run_generator("diff", str(base), str(same), "--fail-on-breaking")
    assert (result.returncode, result.stdout) == (0, "same: no API changes\n")

    result = run_generator("diff", str(base), str(breaking))
    assert result.returncode == 0, result.stderr
    assert "components/schemas/Item: field createdAt removed (breaking)" in result.stdout
    assert result.stdout.startswith("breaking: 1 change, 1 breaking\n")

    result = run_generator("diff", str(base), str(breaking), "--fail-on-breaking")
    assert result.returncode == 3
    assert "1 breaking change(s)" in result.stderr

    result = run_generator("diff", str(base), str(additive), "--fail-on-breaking")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "field price added (non-breaking)" in result.stdout


def test_cli_bad_arguments(tmp_path: Path) -> None:
    result = run_generator("diff", str(tmp_path / "missing.yaml"), str(tmp_path / "other.yaml"), cwd=tmp_path)
    assert result.returncode == 2
    assert "is not a spec file, a folder of specs, nor a git revision" in result.stderr


def test_cli_reports_yaml_errors_with_where(tmp_path: Path) -> None:
    good = write(tmp_path / "good.yaml", BASE)
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\npaths: {\n", encoding="utf-8")
    result = run_generator("diff", str(good), str(bad))
    assert result.returncode == 1
    assert "bad.yaml:3:1: error: YAML syntax error" in result.stderr


def git(repo: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(repo), "PATH": GIT_DIR}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path / "spec" / "items.yaml", BASE)
    write(tmp_path / "spec" / "gone.yaml", BASE)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "one")
    write(tmp_path / "spec" / "items.yaml", apply(BREAKING["response field removed"][0])[1])
    write(tmp_path / "spec" / "added.yaml", BASE)
    (tmp_path / "spec" / "gone.yaml").unlink()
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "two")
    return tmp_path


def test_git_revisions_compare_every_spec_of_either_side(repo: Path) -> None:
    result = run_generator("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "added: spec added (HEAD:spec/added.yaml) (non-breaking)",
        "gone: spec removed (HEAD~1:spec/gone.yaml) (breaking)",
        "items: 1 change, 1 breaking",
        "  components/schemas/Item: field createdAt removed (breaking)",
    ]
    assert run_generator("diff", "HEAD~1", "HEAD", "--fail-on-breaking", cwd=repo).returncode == 3


def test_git_revision_against_the_working_tree(repo: Path) -> None:
    # `make changelog`: the committed spec against the folder being edited.
    assert run_generator("diff", "HEAD", "spec", cwd=repo).stdout.splitlines() == [
        "added: no API changes",
        "items: no API changes",
    ]
    write(repo / "spec" / "items.yaml", apply(NON_BREAKING["response field added"][0])[1])
    result = run_generator("diff", "HEAD", "spec", "--fail-on-breaking", cwd=repo)
    assert result.returncode == 0
    assert "  components/schemas/Item: field createdAt added (non-breaking)" in result.stdout.splitlines()
    single = run_generator("diff", "HEAD~1:spec/items.yaml", "spec/items.yaml", cwd=repo)
    assert single.stdout.splitlines()[0] == "items: 1 change, 0 breaking"


def test_generate_summary_finds_the_last_generated_spec_in_git(repo: Path) -> None:
    spec = repo / "spec" / "items.yaml"
    committed = hashlib.sha256(spec.read_bytes()).hexdigest()
    output = repo / "generated"
    output.mkdir()
    (output / "MANIFEST").write_text(f"# header\ninput {committed} spec/items.yaml\ntool x==1\n", encoding="utf-8")
    recorded = recorded_spec_hashes(output)
    assert recorded == {"spec/items.yaml": committed}
    assert since_last_generation(recorded, [spec]) == []  # nothing changed

    data = read_yaml(spec.read_text(encoding="utf-8"))
    schemas(data)["Color"]["enum"].append("blue")
    write(spec, data)
    assert since_last_generation(recorded, [spec]) == [
        "API changes since the last generation:",
        "spec/items.yaml: 1 change, 0 breaking",
        "  components/schemas/Color: enum value added: blue (non-breaking)",
    ]

    unknown = {"spec/items.yaml": "0" * 64}
    assert "is not in git" in since_last_generation(unknown, [spec])[1]


def test_generate_prints_the_changelog(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    source = (ROOT / "tests" / "golden" / "pagination" / "spec.yaml").read_text(encoding="utf-8")
    (spec_dir / "widgets.yaml").write_text(source, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "spec")
    args = ("generate", "--spec-dir", "spec", "--templates", str(ROOT / "templates"), "--output", "out")
    first = run_generator(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "API changes" not in first.stdout
    data = read_yaml(source)
    data["paths"]["/widgets/{shelfId}"]["get"]["parameters"][1]["schema"]["maximum"] = 50
    (spec_dir / "widgets.yaml").write_text(json.dumps(data), encoding="utf-8")
    second = run_generator(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert lines[1] == "API changes since the last generation:"
    assert lines[2:] == [
        "spec/widgets.yaml: 1 change, 1 breaking",
        "  GET /widgets/{shelfId}: query parameter pageSize: maximum 50 added (breaking)",
    ]

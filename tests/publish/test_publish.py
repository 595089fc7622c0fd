"""Publish: dist/ holds each spec bundled (YAML, JSON) with its hash, an offline HTML reference, a wheel and an sdist."""

from __future__ import annotations

import ast
import collections.abc
import dataclasses
import hashlib
import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import typing
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from generator.codegen.pipeline import Layout, spec_files
from generator.openapi.diagnostics import GenerationError
from generator.openapi.load import load_spec, parse_text
from generator.publish.bundle import bundle, bundle_file, canonical_json, to_json, to_yaml
from generator.publish.dist import dependencies, next_breaking, publish
from generator.publish.reference import render_reference, without_extensions
from tests.conftest import ROOT, TEMPLATES, run_generator

SERVICES = {"karat": "karat_sdk", "unicat": "unicat_sdk"}


def layout() -> Layout:
    return Layout(spec_files(ROOT / "spec"), TEMPLATES, ROOT / "generated")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("publish") / "dist"
    publish(layout(), target, ROOT / "requirements.lock")
    return target


def test_dist_layout(dist: Path) -> None:
    for service, module in SERVICES.items():
        assert sorted(p.name for p in (dist / service).iterdir()) == sorted(
            [
                "SHA256SUMS",
                "metadata.json",
                "openapi.json",
                "openapi.yaml",
                "reference.html",
                "reference.openapi.json",
                f"{module}-1.0.0-py3-none-any.whl",
                f"{module}-1.0.0.tar.gz",
            ]
        )


def test_bundled_spec_is_the_spec_in_yaml_and_json(dist: Path) -> None:
    for service in SERVICES:
        source = load_spec(ROOT / "spec" / f"{service}.yaml").data
        from_yaml = parse_text((dist / service / "openapi.yaml").read_text(encoding="utf-8"), "openapi.yaml").data
        from_json = json.loads((dist / service / "openapi.json").read_text(encoding="utf-8"))
        assert from_yaml == source  # today's specs have only internal $refs: bundling keeps them as they are
        assert from_json == source


def test_version_and_hashes(dist: Path) -> None:
    for service in SERVICES:
        folder = dist / service
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        spec = load_spec(ROOT / "spec" / f"{service}.yaml").data
        assert meta["version"] == spec["info"]["version"] == meta["package"]["version"]
        assert meta["spec_sha256"] == hashlib.sha256(canonical_json(spec)).hexdigest()
        for name, digest in meta["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
        lines = (folder / "SHA256SUMS").read_text().splitlines()
        sums = {name: digest for digest, name in (line.split("  ") for line in lines)}
        assert set(sums) == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
        assert all(hashlib.sha256((folder / n).read_bytes()).hexdigest() == d for n, d in sums.items())


def test_publish_is_reproducible(dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    again = tmp_path / "dist"
    publish(layout(), again, ROOT / "requirements.lock")
    for service in SERVICES:
        for path in sorted((dist / service).iterdir()):
            assert path.read_bytes() == (again / service / path.name).read_bytes(), path.name
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    dated = tmp_path / "dated"
    publish(layout(), dated, ROOT / "requirements.lock")
    with zipfile.ZipFile(dated / "karat" / "karat_sdk-1.0.0-py3-none-any.whl") as wheel:
        assert {info.date_time for info in wheel.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    with tarfile.open(dated / "karat" / "karat_sdk-1.0.0.tar.gz") as sdist:
        assert {member.mtime for member in sdist.getmembers()} == {1700000000}


def test_wheel_contents(dist: Path) -> None:
    wheel_path = dist / "karat" / "karat_sdk-1.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel_path) as wheel:
        names = wheel.namelist()
        generated = sorted(
            f"karat_sdk/{p.relative_to(ROOT / 'generated' / 'karat_sdk').as_posix()}"
            for p in (ROOT / "generated" / "karat_sdk").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        )
        assert sorted(n for n in names if n.startswith("karat_sdk/")) == generated
        assert "karat_sdk/py.typed" in names
        metadata = wheel.read("karat_sdk-1.0.0.dist-info/METADATA").decode()
        record = wheel.read("karat_sdk-1.0.0.dist-info/RECORD").decode().splitlines()
    assert "Name: karat-sdk\nVersion: 1.0.0\n" in metadata
    pins = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line)
    assert f"Requires-Dist: httpx>={pins['httpx']},<0.{int(pins['httpx'].split('.')[1]) + 1}\n" in metadata
    assert f"Requires-Dist: pydantic>={pins['pydantic']},<{int(pins['pydantic'].split('.')[0]) + 1}\n" in metadata
    assert f"Requires-Dist: sniffio>={pins['sniffio']},<{int(pins['sniffio'].split('.')[0]) + 1}\n" in metadata
    assert (
        "Classifier: Typing :: Typed\n" in metadata
        and "Classifier: Programming Language :: Python :: 3.11\n" in metadata
    )
    readme = metadata.split("\n\n", 1)[1]
    usage = readme.split("```python\n", 1)[1].split("```", 1)[0]
    compile(usage, "README usage", "exec")
    assert "with KaratClient() as client:" in usage and "KARAT_BASE_URL" in readme
    assert len(record) == len(names)


def test_the_wheels_and_sdists_carry_the_apache_license(dist: Path) -> None:
    import tomllib

    for service, module in SERVICES.items():
        with zipfile.ZipFile(dist / service / f"{module}-1.0.0-py3-none-any.whl") as wheel:
            metadata = wheel.read(f"{module}-1.0.0.dist-info/METADATA").decode()
        assert metadata.startswith("Metadata-Version: 2.4\n") and "\nLicense-Expression: Apache-2.0\n" in metadata
        with tarfile.open(dist / service / f"{module}-1.0.0.tar.gz") as sdist:
            member = sdist.extractfile(f"{module}-1.0.0/pyproject.toml")
            assert member is not None
            assert tomllib.loads(member.read().decode())["project"]["license"] == "Apache-2.0"
        assert json.loads((dist / service / "metadata.json").read_text())["package"]["license"] == "Apache-2.0"


def test_next_breaking_release() -> None:
    assert [next_breaking(v) for v in ("2.14.3", "0.28.1", "1.3.1", "4")] == ["3", "0.29", "2", "5"]


def test_dependencies_need_pins(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("httpx==0.28.1\n", encoding="utf-8")
    with pytest.raises(GenerationError, match="no pinned version of pydantic, sniffio, typing-extensions"):
        dependencies(lock)


def test_publish_refuses_a_stale_generated_folder(tmp_path: Path) -> None:
    stale = Layout(spec_files(ROOT / "spec"), TEMPLATES, tmp_path / "generated")
    with pytest.raises(GenerationError, match="run `make generate` first"):
        publish(stale, tmp_path / "dist", ROOT / "requirements.lock")
    assert not (tmp_path / "dist").exists()


def test_cli_publish_help() -> None:
    result = run_generator("publish", "--help")
    assert result.returncode == 0
    assert "--dist" in result.stdout


# ------------------------------------------------------------------------------------------- reference


def _extensions(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        found.update(k for k in node if k.startswith("x-"))
        for key, value in node.items():
            if key not in ("example", "examples", "default", "const", "enum"):
                _extensions(value, found)
    elif isinstance(node, list):
        for item in node:
            _extensions(item, found)
    return found


def test_reference_is_redoc_offline_with_a_python_sample_per_operation(dist: Path) -> None:
    """The headless-browser check (make interop) renders it; here: what the page was built from."""
    for service, module in SERVICES.items():
        html = (dist / service / "reference.html").read_text(encoding="utf-8")
        assert "cdn.redoc.ly" not in html and not re.search(r"<(script|link)\b[^>]*\b(src|href)=\"https?:", html)
        faithful = json.loads((dist / service / "openapi.json").read_text(encoding="utf-8"))
        docs = json.loads((dist / service / "reference.openapi.json").read_text(encoding="utf-8"))
        assert {"x-sdk", "x-error"} <= _extensions(faithful, set())  # the published spec keeps ours
        assert _extensions(docs, set()) == {"x-codeSamples"}  # the docs bundle only the renderer's
        for path, item in faithful["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    (sample,) = docs["paths"][path][method]["x-codeSamples"]
                    assert sample["lang"] == "Python"
                    assert sample["source"].startswith(f"from {module} import ")
                    compile(sample["source"], operation["operationId"], "exec")
                    assert operation["operationId"] in html


def test_docs_bundle_keeps_data_and_property_names() -> None:
    schema = {
        "type": "object",
        "x-open-enum": True,
        "properties": {"x-id": {"type": "string", "x-internal": 1}},
        "examples": [{"x-id": "kept"}],
    }
    assert without_extensions({"x-sdk": {}, "components": {"schemas": {"S": schema}}, "x-codeSamples": []}) == {
        "components": {
            "schemas": {
                "S": {"type": "object", "properties": {"x-id": {"type": "string"}}, "examples": [{"x-id": "kept"}]}
            }
        },
        "x-codeSamples": [],
    }


def test_reference_keeps_hostile_text_inert() -> None:
    """Redoc prerenders the page: the spec's text must come out escaped, never as markup."""
    hostile = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"
    data: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": hostile, "version": "1<2", "description": hostile + " [x](javascript:alert(3))"},
        "paths": {
            "/a/{b}": {
                "get": {
                    "operationId": "op<1>",
                    "summary": hostile,
                    "parameters": [{"name": "b\"'>", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": hostile}},
                }
            }
        },
        "components": {"schemas": {"X": {"type": "string", "enum": [hostile], "description": hostile}}},
    }
    html = render_reference(data, hostile)
    assert "<script>alert(1)" not in html and "<img src=x" not in html and 'href="javascript' not in html


# --------------------------------------------------------------------------------------------- bundle


def test_bundle_inlines_external_refs_and_keeps_internal_ones(tmp_path: Path) -> None:
    (tmp_path / "common").mkdir()
    (tmp_path / "api.yaml").write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "info": {"title": "A", "version": "1"},
                "paths": {
                    "/x": {
                        "get": {
                            "parameters": [{"$ref": "common/params.yaml#/Limit"}],
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}},
                                },
                                "404": {"$ref": "common/errors.yaml#/components/responses/NotFound"},
                            },
                        }
                    }
                },
                "components": {
                    "schemas": {
                        "Page": {
                            "type": "object",
                            "properties": {"error": {"$ref": "common/errors.yaml#/components/schemas/Error"}},
                        }
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "common" / "params.yaml").write_text(
        yaml.safe_dump({"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}), encoding="utf-8"
    )
    (tmp_path / "common" / "errors.yaml").write_text(
        yaml.safe_dump(
            {
                "components": {
                    "responses": {
                        "NotFound": {
                            "description": "nf",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        }
                    },
                    "schemas": {
                        "Error": {"type": "object", "properties": {"code": {"$ref": "#/components/schemas/Code"}}},
                        "Code": {"type": "integer", "examples": [{"$ref": "not a reference, an example"}]},
                    },
                }
            }
        ),
        encoding="utf-8",
    )
    data = bundle_file(tmp_path / "api.yaml")
    operation = data["paths"]["/x"]["get"]
    assert operation["parameters"] == [{"name": "limit", "in": "query", "schema": {"type": "integer"}}]  # inlined
    assert operation["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}  # hoisted component
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Page"
    }
    schemas = data["components"]["schemas"]
    assert list(schemas) == ["Page", "Error", "Code"]
    assert schemas["Page"]["properties"]["error"] == {"$ref": "#/components/schemas/Error"}
    assert schemas["Error"]["properties"]["code"] == {"$ref": "#/components/schemas/Code"}
    assert schemas["Code"]["examples"] == [{"$ref": "not a reference, an example"}]  # examples are data
    assert data["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert yaml.safe_load(to_yaml(data)) == data == json.loads(to_json(data))


def test_bundle_errors_say_where(tmp_path: Path) -> None:
    def reader(files: dict[str, str]) -> Any:
        return lambda name: files[name]

    root = "openapi: 3.1.0\ncomponents:\n  schemas:\n    A:\n      $ref: 'other.yaml#/components/schemas/B'\n"
    with pytest.raises(GenerationError, match=r"unresolved \$ref: other.yaml has no /components/schemas/B") as caught:
        bundle("api.yaml", reader({"api.yaml": root, "other.yaml": "components: {schemas: {A: {type: string}}}"}))
    assert caught.value.diagnostics[0].format().startswith("api.yaml:5:13:")

    missing = "openapi: 3.1.0\npaths:\n  /a: {$ref: 'nowhere.yaml#/P'}\n"
    with pytest.raises(GenerationError, match="cannot read 'nowhere.yaml' \\(a file this \\$ref names\\)"):
        bundle("api.yaml", reader({"api.yaml": missing}))

    loop = "openapi: 3.1.0\nx-a: {$ref: 'b.yaml#/B'}\n"
    with pytest.raises(GenerationError, match="\\$ref cycle across files through something that is not a schema"):
        bundle("api.yaml", reader({"api.yaml": loop, "b.yaml": "B: {x: {$ref: '#/B'}}"}))

    remote = "openapi: 3.1.0\nx-a: {$ref: 'https://example.com/a.yaml#/A'}\n"
    with pytest.raises(GenerationError, match="is a remote URL, and nothing is fetched over the network"):
        bundle("api.yaml", reader({"api.yaml": remote}))


# ----------------------------------------------------------------------------------- clean environment


def _pip(venv: Path, *args: str) -> None:
    command = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"


@pytest.mark.network
def test_wheels_install_into_a_fresh_venv_and_the_sdist_builds_the_same_package(dist: Path, tmp_path: Path) -> None:
    """Needs the package index (PyPI) for httpx and pydantic (pinned by requirements.lock) and flit_core.

    Marked `network`: offline, `pytest -m "not network"` leaves it out (it fails rather than skips without
    the index, so a run that needs it cannot pass silently).
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheels = [str(dist / s / f"{m}-1.0.0-py3-none-any.whl") for s, m in SERVICES.items()]
    _pip(venv, "install", "--constraint", str(ROOT / "requirements.lock"), *wheels)
    code = (
        "import karat_sdk, unicat_sdk\n"
        "from karat_sdk import models\n"
        "assert karat_sdk.__version__ == unicat_sdk.__version__ == '1.0.0'\n"
        "client = karat_sdk.KaratClient(base_url='https://example.karat.dev', token='t')\n"
        "client.close()\n"
        "print(models.SortDirection.ASC.value, unicat_sdk.UnicatClient.__name__, karat_sdk.__file__)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ASC UnicatClient ")
    assert str(venv) in result.stdout  # imported from the venv, not from generated/

    built = tmp_path / "from-sdist"
    _pip(venv, "wheel", "--no-deps", "--wheel-dir", str(built), str(dist / "karat" / "karat_sdk-1.0.0.tar.gz"))
    ours = zipfile.ZipFile(dist / "karat" / "karat_sdk-1.0.0-py3-none-any.whl")
    theirs = zipfile.ZipFile(next(built.glob("*.whl")))
    package = sorted(n for n in ours.namelist() if n.startswith("karat_sdk/"))
    assert package == sorted(n for n in theirs.namelist() if n.startswith("karat_sdk/"))
    assert all(ours.read(n) == theirs.read(n) for n in package)


def test_license_and_project_urls_reach_metadata_and_pyproject() -> None:
    import tomllib

    from packaging.metadata import Metadata

    from generator.publish.wheel import PackageMeta, metadata, pyproject

    meta = PackageMeta(
        "demo-sdk",
        "demo_sdk",
        "1.2.0",
        "Demo.",
        ">=3.11",
        ("httpx>=0.28.1,<0.29",),
        "# demo-sdk\n",
        ("Typing :: Typed",),
        "Apache-2.0 OR MIT",
        (("Documentation", "https://demo.example/docs"), ("Source", "https://demo.example/src")),
    )
    parsed = Metadata.from_email(metadata(meta), validate=True)  # raises on any invalid field
    assert str(parsed.license_expression) == "Apache-2.0 OR MIT"
    assert parsed.project_urls == {"Documentation": "https://demo.example/docs", "Source": "https://demo.example/src"}
    assert parsed.classifiers == ["Typing :: Typed"] and [str(r) for r in parsed.requires_dist or []] == [
        "httpx<0.29,>=0.28.1"
    ]
    project = tomllib.loads(pyproject(meta))["project"]
    assert project["license"] == "Apache-2.0 OR MIT"
    assert project["urls"] == {"Documentation": "https://demo.example/docs", "Source": "https://demo.example/src"}
    assert project["dependencies"] == ["httpx>=0.28.1,<0.29"] and project["classifiers"] == ["Typing :: Typed"]
    unlicensed = metadata(dataclasses.replace(meta, license=None, urls=()))
    assert unlicensed.startswith("Metadata-Version: 2.1\n") and "License" not in unlicensed.split("\n\n")[0]
    assert Metadata.from_email(unlicensed, validate=True).name == "demo-sdk"


def _bind_call(call: ast.Call, function: Any, namespace: dict[str, Any]) -> None:
    """Bind a call's arguments to the function's signature; a literal argument must validate as its annotation."""
    signature = inspect.signature(function)
    placeholders = [ast.unparse(a) for a in call.args]
    named = {k.arg: ast.unparse(k.value) for k in call.keywords if k.arg is not None}
    bound = signature.bind(*(["self"] if "self" in signature.parameters else []), *placeholders, **named)
    values = dict(zip([p for p in signature.parameters if p != "self"], call.args, strict=False))
    values.update({k.arg: k.value for k in call.keywords if k.arg is not None})
    for name, node in values.items():
        assert name in bound.arguments
        try:
            value = ast.literal_eval(node)
        except ValueError:
            continue  # an expression (models.X.model_validate(...)): the functional tests run those
        if re.search(r"<[^<>]+>", repr(value)):
            continue  # a `<name>` stand-in where the spec has no example: for the reader to fill in
        annotation = signature.parameters[name].annotation  # a string (postponed annotations)
        hint = eval(annotation, {**vars(collections.abc), **vars(typing), **namespace})  # noqa: S307 - the golden SDK's
        TypeAdapter(hint).validate_python(value)


@pytest.mark.parametrize("case", sorted(p.parent.name for p in (ROOT / "tests" / "golden").glob("*/spec.yaml")))
def test_code_samples_call_methods_the_sdk_has(case: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every golden spec's samples compile, and their calls bind to the generated SDK's signatures."""
    from generator.codegen.pipeline import build_ir, load_and_validate
    from generator.publish.code_samples import SampleWriter
    from generator.publish.reference import docs_bundle

    spec = ROOT / "tests" / "golden" / case / "spec.yaml"
    (doc,) = load_and_validate([spec])
    docs = docs_bundle(bundle_file(spec))
    SampleWriter(build_ir(doc), docs).add_samples()
    name = doc.data["x-sdk"]["package"]
    shutil.copytree(ROOT / "tests" / "golden" / case / "expected" / name, tmp_path / name)
    shutil.copytree(ROOT / "generator" / "runtime", tmp_path / name / "_core")  # as the pipeline copies it
    monkeypatch.syspath_prepend(str(tmp_path))
    package = importlib.import_module(name)
    operations = [op for item in docs["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert operations
    for operation in operations:
        (sample,) = operation["x-codeSamples"]
        tree = ast.parse(sample["source"])
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
        (call,) = [c for c in calls if ast.unparse(c.func).startswith("client.")]
        (client_call,) = [n for n in ast.walk(tree) if isinstance(n, ast.withitem)]
        assert isinstance(client_call.context_expr, ast.Call)
        client_class = getattr(package, ast.unparse(client_call.context_expr.func))
        _bind_call(client_call.context_expr, client_class.__init__, vars(package))
        _, resource, method = ast.unparse(call.func).split(".")
        resources = typing.get_type_hints(client_class)
        function = getattr(resources[resource], method)
        _bind_call(call, function, vars(importlib.import_module(function.__module__)))

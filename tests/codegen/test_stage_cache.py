"""generator/openapi/cache.py: a stored stage result is taken only when everything it depends on is as it was."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.codegen import render_models
from generator.codegen.ir_builder import build_service
from generator.openapi import cache
from generator.openapi.load import load_spec
from generator.openapi.pointer import resolve_pointer
from generator.validate import examples, meta_checks, openapi_schema, verdicts
from tests.conftest import ROOT, TEMPLATES

SPEC = ROOT / "tests" / "golden" / "files" / "spec.yaml"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_store_is_off_when_asked_and_keys_do_not_collide(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.root() == store
    cache.put("kind", cache.key("a"), b"value")
    assert cache.get("kind", cache.key("a")) == b"value"
    assert cache.get("kind", cache.key("b")) is None
    assert cache.key("ab", "c") != cache.key("a", "bc")
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.root() is None
    assert cache.get("kind", cache.key("a")) is None


def _models(spec: Path, templates: Path, work: Path, runs: list[int]) -> str:
    service, _ = build_service(load_spec(spec))
    return render_models.render_models(service, templates / "models", work)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the models backend really ran."""
    runs: list[int] = []
    real = render_models._run_backend

    def run(*args: Any) -> str:
        runs.append(1)
        return real(*args)

    monkeypatch.setattr(render_models, "_run_backend", run)
    return runs


def test_stored_models_are_taken_only_for_the_same_backend_input(
    store: Path, counted: list[int], tmp_path: Path
) -> None:
    spec, templates = tmp_path / "spec.yaml", tmp_path / "templates"
    shutil.copy(SPEC, spec)
    shutil.copytree(TEMPLATES, templates)
    first = _models(spec, templates, tmp_path / "w1", counted)
    assert len(counted) == 1
    assert _models(spec, templates, tmp_path / "w2", counted) == first  # the same input: stored, not run
    assert len(counted) == 1

    text = spec.read_text()
    summary = next(line for line in text.splitlines() if line.strip().startswith("summary:"))
    spec.write_text(text.replace(summary, summary + " (edited)", 1))  # an operation's text: no model changes
    assert _models(spec, templates, tmp_path / "w3", counted) == first
    assert len(counted) == 1

    template = next(p for p in sorted((templates / "models").rglob("*")) if p.is_file())
    template.write_text(template.read_text() + "\n")  # a template edit: the backend runs again
    _models(spec, templates, tmp_path / "w4", counted)
    assert len(counted) == 2


def test_a_schema_edit_or_another_backend_version_runs_the_backend(
    store: Path, counted: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "spec.yaml"
    shutil.copy(SPEC, spec)
    first = _models(spec, TEMPLATES, tmp_path / "w1", counted)
    text = spec.read_text()
    assert "schemas:" in text
    spec.write_text(
        text.replace(
            "schemas:", "schemas:\n    Extra:\n      type: object\n      properties:\n        a: {type: string}", 1
        )
    )
    changed = _models(spec, TEMPLATES, tmp_path / "w2", counted)
    assert len(counted) == 2 and "class Extra" in changed and "class Extra" not in first

    spec.write_text(text)
    real = cache.versions
    monkeypatch.setattr(cache, "versions", lambda *names: real(*names) + ",a-new-release")
    assert _models(spec, TEMPLATES, tmp_path / "w3", counted) == first
    assert len(counted) == 3


def test_a_schema_that_fails_the_meta_schema_check_is_reported_every_time(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a passed check is remembered; the failure is the validator's own, run after run."""
    monkeypatch.setattr(meta_checks, "PASSED", set())
    doc = load_spec(SPEC)
    schemas = doc.data["components"]["schemas"]
    name = next(iter(schemas))
    schemas[name] = {**schemas[name], "minLength": "three"}
    first = [v.message for v in openapi_schema.violations(doc)]
    assert first and any("three" in message for message in first)
    assert [v.message for v in openapi_schema.violations(doc)] == first
    passed = set(meta_checks.PASSED)
    assert passed  # the other schemas passed, and are remembered
    monkeypatch.setattr(meta_checks, "PASSED", set())  # a new process: the store remembers them
    assert [v.message for v in openapi_schema.violations(doc)] == first
    assert list((store / meta_checks.META).rglob("*")) != []


def test_checks_run_ahead_in_workers_find_what_the_validator_finds(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = load_spec(ROOT / "spec" / "karat.yaml")
    schemas = doc.data["components"]["schemas"]
    name = next(iter(schemas))
    schemas[name] = {**schemas[name], "minLength": "three"}
    monkeypatch.setattr(meta_checks, "PASSED", set())
    monkeypatch.setattr(meta_checks, "AHEAD_MIN", 10**9)  # never ahead
    alone = [(v.pointer, v.message) for v in openapi_schema.violations(doc)]
    checked_alone = set(meta_checks.PASSED)

    shutil.rmtree(store, ignore_errors=True)
    monkeypatch.setattr(meta_checks, "PASSED", set())
    monkeypatch.setattr(meta_checks, "AHEAD_MIN", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # the os module meta_checks asks
    ahead: list[str] = []
    real = meta_checks.run_ahead

    def spy(validator: Any, data: dict[str, Any]) -> None:
        real(validator, data)
        ahead.extend(meta_checks.PASSED)

    monkeypatch.setattr(openapi_schema, "run_ahead", spy)
    assert [(v.pointer, v.message) for v in openapi_schema.violations(doc)] == alone
    assert checked_alone and checked_alone <= set(ahead)  # every check the walk passed was done ahead, in workers


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per run of the meta-schema check itself (not answered from the store of verdicts)."""
    found: list[int] = []
    real = openapi_schema._violations

    def counted(doc: Any) -> list[openapi_schema.Violation]:
        found.append(1)
        return real(doc)

    monkeypatch.setattr(openapi_schema, "_violations", counted)
    return found


def test_a_clean_document_is_not_checked_again_after_a_summary_edit_only(store: Path, runs: list[int]) -> None:
    """The document's clean verdict is kept (verdicts.py): an operation's text summary is not in its key."""
    doc = load_spec(SPEC)
    assert openapi_schema.violations(doc) == []
    operation = next(o for item in doc.data["paths"].values() for m, o in item.items() if m == "get")
    operation["summary"] = "edited"
    assert openapi_schema.violations(doc) == [] and len(runs) == 1
    operation["summary"] = 7  # not text: in the key, checked again, and reported
    assert openapi_schema.violations(doc) != [] and len(runs) == 2
    assert openapi_schema.violations(doc) != [] and len(runs) == 3  # a failure is never kept


def test_examples_found_clean_are_not_checked_again_after_a_summary_edit_only(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples' clean verdict is kept as the meta-schema check's is (verdicts.py); an edited example is checked."""
    runs: list[int] = []
    real = examples.example_problems

    def counted(doc: Any) -> list[tuple[str, str]]:
        runs.append(1)
        return real(doc)

    monkeypatch.setattr(examples, "example_problems", counted)
    doc = load_spec(ROOT / "spec" / "karat.yaml")
    assert examples.check_examples(doc) == [] and len(runs) == 1
    operation = next(o for item in doc.data["paths"].values() for m, o in item.items() if m == "get")
    operation["summary"] = "edited"
    assert examples.check_examples(doc) == [] and len(runs) == 1
    holder = next(iter(examples.iter_examples(doc)))[0]  # the first example outside schemas: made a wrong type
    parent, _, last = holder.rpartition("/")
    resolve_pointer(doc.data, parent)[last] = [[["not what any schema of this spec wants"]]]
    assert examples.check_examples(doc) != [] and len(runs) == 2
    assert examples.check_examples(doc) != [] and len(runs) == 3  # a failure is never kept


def test_a_clean_document_is_not_checked_again_after_a_schema_description_edit_only(
    store: Path, runs: list[int]
) -> None:
    """A schema's text description is not in the key either: the commonest vendor-docs edit runs no check again."""
    doc = load_spec(ROOT / "spec" / "karat.yaml")
    assert openapi_schema.violations(doc) == [] and len(runs) == 1
    schema = next(s for s in doc.data["components"]["schemas"].values() if "properties" in s)
    prop = next(iter(schema["properties"].values()))
    schema["description"] = "edited"
    prop["description"] = "edited as well"
    assert openapi_schema.violations(doc) == [] and len(runs) == 1
    schema["properties"]["description"] = "a name in a map is never prose"  # not a schema: checked, reported
    assert openapi_schema.violations(doc) != [] and len(runs) == 2


def test_without_prose_keeps_data_names_and_non_text() -> None:
    """Only text `summary`/`description` of objects goes; examples, defaults, enums, mappings, extensions and the
    names of a map (a property called `description`) stay, so editing any of them checks the document again."""
    data = {
        "info": {"title": "T", "description": "prose", "x-logo": {"description": "an extension's data"}},
        "paths": {"/a": {"summary": "prose", "get": {"description": "prose", "summary": 7}}},
        "components": {
            "schemas": {
                "description": {  # a schema named description
                    "description": "prose",
                    "properties": {"description": {"type": "string", "description": "prose"}},
                    "example": {"description": "data"},
                    "default": {"description": "data"},
                    "enum": [{"description": "data"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"description": "#/x"}},
                },
            },
            "callbacks": {"hook": {"{$request.body#/url}": {"post": {"description": "prose"}}}},
        },
    }
    assert verdicts.without_prose(data) == {
        "info": {"title": "T", "x-logo": {"description": "an extension's data"}},
        "paths": {"/a": {"get": {"summary": 7}}},
        "components": {
            "schemas": {
                "description": {
                    "properties": {"description": {"type": "string"}},
                    "example": {"description": "data"},
                    "default": {"description": "data"},
                    "enum": [{"description": "data"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"description": "#/x"}},
                },
            },
            "callbacks": {"hook": {"{$request.body#/url}": {"post": {}}}},
        },
    }

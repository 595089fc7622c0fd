"""The models backend run ahead in a worker: its models are used only when they are the parent's, byte for byte."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest

from generator.codegen import models_ahead
from generator.codegen.compare import tree_files
from generator.codegen.ir import Service
from generator.codegen.models_ahead import ModelsAhead
from generator.codegen.pipeline import Layout, generate
from generator.openapi.diagnostics import GenerationError
from generator.openapi.load import SpecDocument
from tests.conftest import ROOT, TEMPLATES, generate_into

pytestmark = pytest.mark.skipif(not ModelsAhead.available(), reason="needs two cores and the fork start method")


# Valid as to structure (so the worker starts after the first round), but two operations share an operationId.
DUPLICATE_OPERATION_ID = """\
openapi: 3.1.0
info: {title: Broken, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: pets
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /dogs:
    get:
      operationId: listPets
      responses:
        "200": {description: dogs}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
"""


@pytest.fixture(autouse=True)
def every_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker for documents of any size (this project's specs are below models_ahead.MIN_SCHEMAS)."""
    monkeypatch.setattr(models_ahead, "MIN_SCHEMAS", 0)


# A stand-in for the service: only the tests' own render (as text) and entry_of (not at all) look at it.
SERVICE = cast(Service, "service")


def _doc(name: str = "api.yaml", data: dict[str, Any] | None = None) -> SpecDocument:
    """A document as read, with what the workers look at: its path and data."""
    return SpecDocument(path=Path(name), display_name=name, data={} if data is None else data, text="")


def _ahead(render: Callable[[Service, Path], tuple[str | None, str]], entry: str = "key") -> ModelsAhead:
    return ModelsAhead(lambda doc: SERVICE, render, lambda service: entry)


def test_a_workers_models_are_taken_when_its_key_is_the_parents() -> None:
    ahead = _ahead(lambda service, work: ("key", f"models of {service}\n"))
    ahead.start(_doc())
    assert ahead.models(_doc(), SERVICE) == "models of service\n"
    assert not multiprocessing.active_children()


def test_a_worker_that_rendered_other_inputs_or_failed_is_not_used() -> None:
    other = _ahead(lambda service, work: ("another key", "stale models\n"))
    other.start(_doc())
    assert other.models(_doc(), SERVICE) is None

    def fail(service: Service, work: Path) -> tuple[str, str]:
        raise RuntimeError("the backend failed")

    failed = _ahead(fail)
    failed.start(_doc())
    assert failed.models(_doc(), SERVICE) is None
    assert _ahead(fail).models(_doc(), SERVICE) is None  # none started


def test_a_later_start_replaces_the_worker_and_close_ends_every_worker() -> None:
    def slow(service: Service, work: Path) -> tuple[str, str]:
        time.sleep(60)
        return "key", "late\n"

    ahead = _ahead(slow)
    ahead.start(_doc("a.yaml"))
    first = ahead.workers[Path("a.yaml")].process
    ahead.start(_doc("a.yaml"))
    assert not first.is_alive()
    ahead.start(_doc("b.yaml"))
    ahead.close()
    assert not ahead.workers
    assert not multiprocessing.active_children()


def test_generated_with_workers_is_byte_identical_to_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDK_PIPELINE_CACHE", "off")
    taken: list[bool] = []
    models = ModelsAhead.models

    def spy(self: ModelsAhead, doc: SpecDocument, service: Service) -> str | None:
        found = models(self, doc, service)
        taken.append(found is not None)
        return found

    monkeypatch.setattr(ModelsAhead, "models", spy)
    generate_into(ROOT / "spec", tmp_path / "ahead")
    assert taken == [True, True]  # both specs' models came from their workers

    monkeypatch.setattr(ModelsAhead, "available", staticmethod(lambda: False))
    generate_into(ROOT / "spec", tmp_path / "alone")
    assert tree_files(tmp_path / "ahead") == tree_files(tmp_path / "alone")


def test_a_document_with_an_error_ends_its_worker_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDK_PIPELINE_CACHE", "off")
    started: list[Path] = []
    start = ModelsAhead.start

    def spy(self: ModelsAhead, doc: SpecDocument) -> None:
        started.append(doc.path)
        start(self, doc)

    monkeypatch.setattr(ModelsAhead, "start", spy)
    spec = tmp_path / "broken.yaml"
    spec.write_text(DUPLICATE_OPERATION_ID, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(GenerationError):
        generate(Layout([spec], TEMPLATES, out), force=True)
    assert started == [spec]  # the worker ran ahead of the error
    assert not out.exists()
    assert not multiprocessing.active_children()


def test_a_small_document_has_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models_ahead, "MIN_SCHEMAS", 2)
    ahead = _ahead(lambda service, work: ("key", "models\n"))
    ahead.start(_doc("small.yaml", {"components": {"schemas": {"A": {}}}}))
    assert not ahead.workers
    ahead.start(_doc("large.yaml", {"components": {"schemas": {"A": {}, "B": {}}}}))
    assert list(ahead.workers) == [Path("large.yaml")]
    ahead.close()

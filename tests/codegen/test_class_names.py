"""Component names become class names the models backend keeps, and a backend failure is our bug, located."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from generator.codegen.ir_builder import build_service
from generator.codegen.ir_models import class_names
from generator.codegen.render_models import render_models
from generator.openapi.diagnostics import GenerationError
from generator.openapi.load import parse_text
from tests.conftest import TEMPLATES


def test_class_names_are_pascal_case_unique_and_keep_usable_names() -> None:
    names = ["twilio.v1.message", "Twilio.V1.Message", "Foo_bar", "2things", "Field", "class", "user", "User"]
    assert class_names(names) == {
        "twilio.v1.message": "TwilioV1Message",
        "Twilio.V1.Message": "TwilioV1Message1",
        "Foo_bar": "FooBar",
        "2things": "M2things",
        "Field": "FieldModel",
        "class": "Class",
        "user": "User1",
        "User": "User",
    }


DOC = """{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
"components": {"schemas": {"twilio.v1.message": {"type": "object", "properties": {"a": {"type": "string"}}}}}}"""


def test_dotted_component_names_render_into_one_module() -> None:
    service, _ = build_service(parse_text(DOC, "dotted.json"))
    with tempfile.TemporaryDirectory() as work:
        models = render_models(service, TEMPLATES / "models", Path(work))
    assert "class TwilioV1Message(BaseModel):" in models


def test_a_backend_failure_is_an_internal_error_at_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import datamodel_code_generator.__main__ as backend

    def broken(args: list[str]) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(backend, "main", broken)
    monkeypatch.setenv("SDK_PIPELINE_CACHE", "off")  # the backend runs (no models stored by an earlier test)
    service, _ = build_service(parse_text(DOC, "dotted.json"))
    with tempfile.TemporaryDirectory() as work, pytest.raises(GenerationError) as raised:
        render_models(service, TEMPLATES / "models", Path(work))
    [problem] = raised.value.diagnostics
    assert (problem.file, problem.line, problem.pointer) == ("dotted.json", 2, "/components/schemas")
    assert problem.message.startswith("internal error: the models backend")
    assert "bug of the generator" in problem.message and "RuntimeError: boom" in problem.message

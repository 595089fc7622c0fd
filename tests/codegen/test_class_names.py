"""Component names become class names the models backend keeps, and a backend failure is our bug, located."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from generator.codegen.ir_builder import build_service
from generator.codegen.ir_models import class_names, field_names
from generator.codegen.render_models import render_models
from generator.openapi.diagnostics import GenerationError
from generator.openapi.load import parse_text
from tests.codegen.test_formats import checked_module
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


def test_a_property_whose_wire_key_is_a_field_name_keeps_it() -> None:
    """Trello's `prefs/background` and `prefs_background`: no field is named as another's wire key."""
    assert field_names(["prefs/background", "prefs_background", "class", "Class_", "class_"]) == {
        "prefs/background": "prefs_background_1",
        "prefs_background": "prefs_background",
        "class": "class__1",
        "Class_": "class__2",
        "class_": "class_",
    }


TRELLO = """{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {
"boards": {"type": "object", "additionalProperties": false,
           "properties": {"prefs/background": {"type": "string"}, "prefs_background": {"type": "string"}}}}}}"""


def test_a_body_built_by_field_names_sends_each_under_its_own_key(tmp_path: Path) -> None:
    """The client builds a flattened body as `Model.model_validate({field name: value})`: with the other naming,
    the key `prefs_background` was one field's name and the other's wire key."""
    service, _ = build_service(parse_text(TRELLO, "trello.json"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    with checked_module(models, tmp_path / "check", "trello_models") as module:
        body = module.Boards.model_validate({"prefs_background_1": "blue", "prefs_background": "red"})
    assert body.model_dump(by_alias=True) == {"prefs/background": "blue", "prefs_background": "red"}

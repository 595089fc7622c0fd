"""A field named as a builtin type its own annotation uses (`list: list[...]`, `int: int`): the models backend names
it with a trailing `_`, and so must the IR, whose names the methods build bodies by. Clickmeter's `List` was `list_`
in the model and `list` in the method, which could never be called (`extra_forbidden`)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.codegen.ir_builder import build_service
from generator.codegen.render_models import render_models
from generator.openapi.load import parse_text
from tests.conftest import TEMPLATES

TYPES = {
    "Dates": "{type: array, items: {type: string, format: date}}",
    "Counts": "{type: object, additionalProperties: {type: integer}}",
    "Text": "{type: string}",
    "Whole": "{type: integer}",
    "Wholes": "{type: array, items: {type: integer}}",
    "Real": "{type: [number, 'null']}",
    "Raw": "{type: string, format: binary}",
    "Flag": "{type: boolean}",
}
NAMES = ("list", "str", "int", "float", "bool", "bytes", "set", "tuple", "type")


def test_the_ir_names_each_field_as_the_models_backend_does(tmp_path: Path) -> None:
    schemas = "".join(
        f"    {name}:\n      type: object\n      properties:\n" + "".join(f"        {n}: {t}\n" for n in NAMES)
        for name, t in TYPES.items()
    )
    doc = f'openapi: 3.1.0\ninfo: {{title: t, version: "1"}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}'
    service, _ = build_service(parse_text(doc, "builtins.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    for model in service.models:
        body = models[models.index(f"class {model.class_name}(") :].split("\n\n\n")[0]
        assert [f.python_name for f in model.fields or ()] == re.findall(r"^    (\w+): ", body, re.M), model
    renamed = {
        m.class_name: [f.python_name for f in m.fields or () if f.python_name.endswith("_")] for m in service.models
    }
    assert renamed == {
        "Dates": ["list_"],
        "Counts": ["int_"],
        "Text": ["str_"],
        "Whole": ["int_"],
        "Wholes": ["list_", "int_"],
        "Real": ["float_"],
        "Raw": ["bytes_"],
        "Flag": ["bool_"],
    }

"""The generated packages import, pass mypy --strict and ruff, and their models round-trip the docs' examples."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from generator.codegen.finalize import RUFF_OPTIONS
from tests.conftest import ROOT, mypy_strict

GENERATED = ROOT / "generated"


def test_packages_import_and_expose_their_clients() -> None:
    import karat_sdk
    import unicat_sdk

    assert karat_sdk.KaratClient.__name__ == "KaratClient"
    assert karat_sdk.AsyncKaratClient.__name__ == "AsyncKaratClient"
    assert unicat_sdk.UnicatClient.__name__ == "UnicatClient"
    assert (GENERATED / "karat_sdk" / "py.typed").exists()
    assert (GENERATED / "unicat_sdk" / "py.typed").exists()


def test_every_generated_python_file_starts_with_the_header_saying_where_it_comes_from() -> None:
    from generator.codegen.finalize import HEADER, RUNTIME_HEADER

    files = sorted(GENERATED.rglob("*.py"))
    runtime = [f for f in files if "_core" in f.relative_to(GENERATED).parts]
    assert len(files) > 20 and len(runtime) > 10
    assert [f for f in files if f not in runtime and not f.read_text().startswith(HEADER)] == []
    assert [f for f in runtime if not f.read_text().startswith(RUNTIME_HEADER)] == []


@pytest.mark.parametrize("package", ["karat_sdk", "unicat_sdk"])
def test_every_method_docstring_raises_the_errors_its_operation_declares(package: str) -> None:
    import importlib
    import inspect
    import re

    operations = importlib.import_module(f"{package}._operations")
    resources = importlib.import_module(f"{package}.resources")
    checked = 0
    for resource in vars(resources).values():
        if not inspect.isclass(resource):
            continue
        for name, method in inspect.getmembers(resource, inspect.isfunction):
            if name.startswith("_"):
                continue
            operation = getattr(operations, re.findall(r"_ops\.([A-Z0-9_]+)", inspect.getsource(method))[0])
            raises = (method.__doc__ or "").split("Raises:")[1]
            listed = re.findall(r"^ +(\w+): ", raises, re.M)
            declared = [error.__name__ for error in operation.errors.values()]
            assert listed == [*declared, "ApiError", "SdkError"], f"{resource.__name__}.{name}"
            checked += 1
    assert checked >= 4


def test_mypy_strict_passes_on_the_generated_packages(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", f"--cache-dir={tmp_path}", "-p", "karat_sdk", "-p", "unicat_sdk"],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A user's calls: any sequence where a list argument is expected (a list of a narrower item type, a tuple, a deque),
# and a bare string refused where a list of strings is (lines ending `# error`).
COVARIANT_CALLER = """
from collections import deque

from karat_sdk import KaratClient
from unicat_sdk import UnicatClient, models


def calls(unicat: UnicatClient, karat: KaratClient, gids: list[str], languages: tuple[str, ...]) -> None:
    unicat.records.bulk_get(gids, languages=languages)
    unicat.records.bulk_get((gids[0], models.ChildrenSelector(children=gids[1])), languages=deque(["en"]))
    unicat.schema.bulk_get(tuple(gids))
    karat.records.get_batch(tuple(gids))
    unicat.records.bulk_get(gids, languages="en")  # error
    unicat.records.bulk_get("96ec02b2-fb8d-4fb4-b952-fad0c4b88a74")  # error
    karat.records.get_batch("ri.checkpoints.main.checkpoint.1")  # error
"""


def test_list_arguments_take_any_sequence_but_a_bare_string(tmp_path: Path) -> None:
    """Arguments are covariant (`Sequence`, `SequenceNotStr`), as a user's `mypy --strict` checks a call."""
    (tmp_path / "caller.py").write_text(COVARIANT_CALLER, encoding="utf-8")
    result = mypy_strict(tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    lines = COVARIANT_CALLER.splitlines()
    assert [int(e.split(":")[1]) for e in errors] == [n for n, text in enumerate(lines, 1) if text.endswith("# error")]
    assert all('"str"' in e and "SequenceNotStr" in e for e in errors), result.stdout


def test_ruff_check_passes_on_the_generated_packages() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *RUFF_OPTIONS, str(GENERATED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _normalize(value: Any) -> Any:
    """Datetimes compared as instants: the wire writes `.000Z`, pydantic writes `Z`."""
    if isinstance(value, dict):
        return {k: _normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def _media_examples(spec: str) -> list[tuple[str, str, Any]]:
    from generator.openapi.load import load_spec
    from generator.openapi.pointer import resolve_pointer
    from generator.validate.examples import iter_examples

    doc = load_spec(ROOT / "spec" / f"{spec}.yaml")
    found = []
    for example_pointer, schema_pointer, value in iter_examples(doc):
        ref = resolve_pointer(doc.data, schema_pointer).get("$ref", "")
        if "/content/" in example_pointer and ref.startswith("#/components/schemas/"):
            found.append((example_pointer, ref.rsplit("/", 1)[1], value))
    return found


EXAMPLES = [(spec, *example) for spec in ("karat", "unicat") for example in _media_examples(spec)]


@pytest.mark.parametrize(
    ("spec", "pointer", "component", "value"),
    EXAMPLES,
    ids=[f"{e[0]}:{e[2]}:{e[1].rsplit('/', 3)[-2]}" for e in EXAMPLES],
)
def test_models_round_trip_the_examples(spec: str, pointer: str, component: str, value: Any) -> None:
    models = __import__(f"{spec}_sdk.models", fromlist=["models"])
    model = getattr(models, component, None) or getattr(models, component + "Model")  # `Field` becomes `FieldModel`
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    parsed = adapter.validate_python(value)
    dumped = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
    assert _normalize(dumped) == _normalize(value)


def test_there_are_examples_to_round_trip() -> None:
    assert len([e for e in EXAMPLES if e[0] == "karat"]) >= 6
    assert len([e for e in EXAMPLES if e[0] == "unicat"]) >= 5

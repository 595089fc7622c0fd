"""Method docstrings tell the SDK's truth: the flags it sends itself, the argument names it takes."""

from __future__ import annotations

import inspect
import re

import karat_sdk
import pytest
import unicat_sdk
from karat_sdk.resources.records import RecordsResource

from generator.codegen.docstrings import sdk_operation
from generator.codegen.ir import Operation, Param, ParamLocation
from generator.codegen.ir_extensions import Preview
from generator.codegen.ir_types import Scalar

RESOURCES = [
    cls
    for package in (karat_sdk, unicat_sdk)
    for module in vars(package.resources).values()
    if inspect.ismodule(module)
    for cls in vars(module).values()
    if inspect.isclass(cls) and cls.__module__ == module.__name__
]


def operation(description: str, *params: Param, constant_query: dict[str, str] | None = None) -> Operation:
    return Operation(
        operation_id="op",
        method_name="op",
        http_method="GET",
        path="/op",
        summary="",
        description=description,
        params=params,
        safe_to_retry=True,
        preview=Preview(*next(iter(constant_query.items()))) if constant_query else None,
        error_classes=(),
    )


def test_the_preview_note_says_the_sdk_sends_the_flag() -> None:
    description = (RecordsResource.search.__doc__ or "").split("Args:")[0]  # the Raises section describes errors
    assert "The SDK sends `preview=true` on every call." in description
    assert "add `preview=true`" not in description


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_method_names_its_parameters_as_it_takes_them(resource: type) -> None:
    methods = [m for name, m in vars(resource).items() if inspect.isfunction(m) and not name.startswith("_")]
    assert methods
    for method in methods:
        arguments = set(inspect.signature(method).parameters)
        quoted = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)[`.=\[]", method.__doc__ or ""))
        camel = {name for name in quoted if re.search(r"[a-z][A-Z]", name)}
        snake = {re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower() for name in camel}
        assert not snake & arguments, f"{resource.__name__}.{method.__name__} names {sorted(camel)} by wire name"


def test_a_sentence_asking_for_the_flag_is_replaced_and_a_missing_one_is_added() -> None:
    asked = operation(
        "Lists things. This is a preview. To use it,\nadd `preview=true` to the query. Then more.",
        constant_query={"preview": "true"},
    )
    assert sdk_operation(asked).description == (
        "Lists things. This is a preview.\nThe SDK sends `preview=true` on every call. Then more."
    )
    silent = operation("Lists things.", constant_query={"preview": "true"})
    assert sdk_operation(silent).description == "Lists things.\n\nThe SDK sends `preview=true` on every call."


def test_wire_names_in_backquotes_become_argument_names_and_nothing_else_changes() -> None:
    body = ParamLocation.BODY
    sort = Param(
        "sort_direction", "sortDirection", body, Scalar("string"), False, "Unlike `sortDirection=ASC`, `sort`."
    )
    size = Param("page_size", "page.size", body, Scalar("integer"), False)
    op = operation("Set `sortDirection`, `page.size` or `sortDirectionX`; sortDirection stays.", sort, size)
    rewritten = sdk_operation(op)
    assert rewritten.description == "Set `sort_direction`, `page_size` or `sortDirectionX`; sortDirection stays."
    assert rewritten.params[0].description == "Unlike `sort_direction=ASC`, `sort`."

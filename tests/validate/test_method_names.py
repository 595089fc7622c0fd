"""Two operations named from method and path alike (HERE's `GET /aliases/v2/{trackingId}` and `.../trackingId`):
someone else's document names the templated one `by` its parameter and keeps both; spec/ and `--strict` refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.codegen.ir_builder import build_service
from generator.openapi.load import load_spec
from generator.validate.lint import Lint
from generator.validate.structure import validate_document

DOC = """
openapi: 3.1.0
info: {title: Aliases, version: "1"}
paths:
  /aliases/v2/{trackingId}:
    get:
      tags: [aliases]
      parameters: [{name: trackingId, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: done}}
  /aliases/v2/trackingId:
    get:
      tags: [aliases]
      responses: {"204": {description: done}}
"""


def validated(tmp_path: Path, lint: Lint, text: str = DOC) -> list[str]:
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    doc, found = validate_document(load_spec(path), lint)
    if not any(d.level == "error" for d in found):
        service, _ = build_service(doc)
        methods = [f"{op.http_method} {op.path}: {op.method_name}" for r in service.resources for op in r.operations]
        return methods + [d.message for d in found]
    return [f"{d.level}: {d.message}" for d in found]


def test_someone_elses_document_keeps_both_naming_the_templated_one_by_its_parameter(tmp_path: Path) -> None:
    assert validated(tmp_path, Lint(default="off", levels={"broken-operation": "warning"})) == [
        "GET /aliases/v2/{trackingId}: get_aliases_v2_by_tracking_id",
        "GET /aliases/v2/trackingId: get_aliases_v2_tracking_id",
        "method 'get_aliases_v2_tracking_id' of resource 'aliases' is also GET /aliases/v2/trackingId's: this one is "
        "named 'get_aliases_v2_by_tracking_id' (lint rule broken-operation)",
    ]


@pytest.mark.parametrize(
    "lint", [Lint(default="off", levels={"broken-operation": "error"}), Lint(default="off", strict=True)]
)
def test_the_projects_specs_and_strict_refuse_the_clash(tmp_path: Path, lint: Lint) -> None:
    found = validated(tmp_path, lint)
    assert found == [
        "error: method 'get_aliases_v2_tracking_id' of resource 'aliases' is also generated for "
        "/paths/~1aliases~1v2~1{trackingId}/get; give one of them an x-sdk-name"
    ]


RULES = """
openapi: 3.1.0
info: {title: Rules, version: "1"}
paths:
  /automations/fax/receipts:
    get: {operationId: List Rules, tags: [rules], responses: {"204": {description: done}}}
  /automations/sms/inbound:
    get: {operationId: List rules, tags: [rules], responses: {"204": {description: done}}}
  /automations/sms/receipts:
    get: {operationId: list-rules, tags: [rules], responses: {"204": {description: done}}}
"""


def test_a_later_operation_id_of_the_same_method_name_is_named_by_method_and_path(tmp_path: Path) -> None:
    """ClickSend's `List Rules` and `List rules` (two valid operationIds, one method name): one was left out."""
    assert validated(tmp_path, Lint(default="off", levels={"broken-operation": "warning"}), RULES) == [
        "GET /automations/sms/inbound: get_automations_sms_inbound",
        "GET /automations/sms/receipts: get_automations_sms_receipts",
        "GET /automations/fax/receipts: list_rules",
        "method 'list_rules' of resource 'rules' is also GET /automations/fax/receipts, GET "
        "/automations/sms/receipts's: this one is named 'get_automations_sms_inbound' (lint rule broken-operation)",
        "method 'list_rules' of resource 'rules' is also GET /automations/fax/receipts, GET "
        "/automations/sms/inbound's: this one is named 'get_automations_sms_receipts' (lint rule broken-operation)",
    ]
    assert validated(tmp_path, Lint(default="off", strict=True), RULES)[0].startswith("error: method 'list_rules'")


USERS = """
openapi: 3.1.0
info: {title: Users, version: "1"}
paths:
  /users:
    get: {tags: [users], responses: {"204": {description: done}}}
  /users/~:
    get: {tags: [users], responses: {"204": {description: done}}}
"""


def test_a_name_still_taken_is_numbered(tmp_path: Path) -> None:
    """DaniWeb's `GET /users/~` (the caller) beside `GET /users`: both `get_users`, no parameter to name it by; the
    later one was left out."""
    assert validated(tmp_path, Lint(default="off", levels={"broken-operation": "warning"}), USERS) == [
        "GET /users: get_users",
        "GET /users/~: get_users_2",
        "method 'get_users' of resource 'users' is also GET /users's: this one is named 'get_users_2' (lint rule "
        "broken-operation)",
    ]

"""schemathesis against the mock server, from our specs: the server and the spec agree.

Every operation gets up to 25 generated requests per phase (examples, coverage, fuzzing), positive
and negative, with a fixed seed; all of schemathesis' response checks run, and the server
self-checks every answer too. One built-in check is replaced by a stricter-where-it-can version:
`positive_data_acceptance` would flag schema-valid requests that the API rejects for reasons a
schema cannot express (a page token the server never issued, a missing `preview=true` on a preview
endpoint, a cursor from nowhere). `documented_rejections_only` accepts exactly those, by error name
and the request that caused it, and fails on any other rejection of valid data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import CheckContext, CheckFunction, Response
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.schemas import OpenApiSchema

from mockserver import MockServer
from tests.conftest import ROOT
from tests.e2e.conftest import BASE

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase  # a type alias, defined for type checkers only

ST_TOKEN = "schemathesis-token-81c2"
ACCEPTED = {401, 403, 404, 409, 429}
UUID_LIKE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


@pytest.fixture(scope="module")
def st_server() -> Iterator[MockServer]:
    # Only one token is valid, so schemathesis' `ignored_auth` check sees a 401 for any other.
    with MockServer(BASE, tokens=(ST_TOKEN,), renew_every=0) as running:
        yield running


def _schema(name: str) -> OpenApiSchema:
    config = SchemathesisConfig.from_dict(
        {
            "seed": 20240601,
            "cache": {"enabled": False},
            "generation": {"max-examples": 25, "mode": "all", "database": "none"},
            "suppress-health-check": ["all"],
            "headers": {"Authorization": f"Bearer {ST_TOKEN}"},
        }
    )
    schema = schemathesis.openapi.from_path(ROOT / "spec" / name, config=config)
    if name == "unicat.yaml":  # the client-wide path parameter: the server's project
        schema.config.update(parameters={"project_gid": BASE.project_gid})
    return schema


def _sent(case: OpenApiCase, name: str) -> Any:
    for holder in (case.query, case.body):
        if isinstance(holder, dict) and name in holder:
            return holder[name]
    return None


def _selection(case: OpenApiCase) -> list[Any]:
    """The selection list of a Unicat bulk request's body (the only requests the 422 rejections below come from)."""
    body: Any = case.body  # JSON generated from the spec (schemathesis types it as any JSON, bytes or not set)
    selection: list[Any] = body["selection"]
    return selection


def _documented_rejection(case: OpenApiCase, status: int, body: Any) -> bool:
    """Whether a rejection of schema-valid data is one the spec documents for a condition no schema can state."""
    if not isinstance(body, dict):
        return False
    name = body.get("errorName")
    if status == 400 and name == "ApiFeaturePreviewUsageOnly":
        return _sent(case, "preview") in (None, False, "false")
    if status == 400 and name == "InvalidPageToken":
        return _sent(case, "pageToken") is not None  # opaque: only tokens the server issued are valid
    if status == 400 and name == "InvalidBranchId":
        branch = str(_sent(case, "branchId"))
        return not branch.strip() or branch.startswith("ri.") or bool(UUID_LIKE.match(branch))
    if status == 400 and name == "InvalidParameterCombination":
        return _sent(case, "startTransactionRid") is not None and _sent(case, "endTransactionRid") is None
    code = (body.get("result") or {}).get("code") if body.get("success") is False else None
    if status == 422 and code == 1006:
        # a cursor that no earlier page returned, or the children of a record that does not exist
        return _sent(case, "page.cursor") is not None or any(
            isinstance(i, dict) and "children" in i for i in _selection(case)
        )
    if status == 422 and code == 1001:
        return _sent(case, "language") is not None or bool(_sent(case, "languages"))  # not a project language
    return (
        status == 422
        and code == 1002
        and any(isinstance(i, dict) and "filter" in i.get("search", {}) for i in _selection(case))
    )


def documented_rejections_only(ctx: CheckContext, response: Response, case: OpenApiCase) -> bool | None:
    """Schema-valid requests are accepted, unless rejected with a documented error for a reason no schema can state."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status < 400 or status >= 500 or status in ACCEPTED:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    assert _documented_rejection(case, status, body), f"schema-valid request rejected: {status} {response.text[:500]}"
    return None


EXCLUDED_CHECKS: list[CheckFunction] = [positive_data_acceptance]
ADDITIONAL_CHECKS: list[CheckFunction] = [documented_rejections_only]
SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
karat = _schema("karat.yaml")
unicat = _schema("unicat.yaml")
ServerTest = Callable[["OpenApiCase", MockServer], None]


def parametrize(schema: OpenApiSchema) -> Callable[[ServerTest], ServerTest]:
    """`schema.parametrize()`, typed (schemathesis declares it a bare Callable): one test per generated case."""
    decorator: Callable[[ServerTest], ServerTest] = schema.parametrize()
    return decorator


def _call_and_check(case: OpenApiCase, server: MockServer) -> None:
    """One case: schemathesis' checks on the answer, and the server's own check of it (each case on its own)."""
    before = len(server.requests)
    case.call_and_validate(base_url=server.url, excluded_checks=EXCLUDED_CHECKS, additional_checks=ADDITIONAL_CHECKS)
    assert len(server.requests) > before, "the request did not reach the server"
    assert server.violations == [], server.violations


@parametrize(karat)
@SETTINGS
def test_karat_server_agrees_with_the_spec(case: OpenApiCase, st_server: MockServer) -> None:
    _call_and_check(case, st_server)


@parametrize(unicat)
@SETTINGS
def test_unicat_server_agrees_with_the_spec(case: OpenApiCase, st_server: MockServer) -> None:
    _call_and_check(case, st_server)

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
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from mockserver import MockServer
from tests.conftest import ROOT
from tests.e2e.conftest import BASE

ST_TOKEN = "schemathesis-token-81c2"
ACCEPTED = {401, 403, 404, 409, 429}
UUID_LIKE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


@pytest.fixture(scope="module")
def st_server() -> Iterator[MockServer]:
    # Only one token is valid, so schemathesis' `ignored_auth` check sees a 401 for any other.
    with MockServer(BASE, tokens=(ST_TOKEN,), renew_every=0) as running:
        yield running


def _schema(name: str) -> Any:
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


def _sent(case: Any, name: str) -> Any:
    for holder in (case.query, case.body):
        if isinstance(holder, dict) and name in holder:
            return holder[name]
    return None


def _documented_rejection(case: Any, status: int, body: Any) -> bool:
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
            isinstance(i, dict) and "children" in i for i in case.body["selection"]
        )
    if status == 422 and code == 1001:
        return _sent(case, "language") is not None or bool(_sent(case, "languages"))  # not a project language
    return (
        status == 422
        and code == 1002
        and any(isinstance(i, dict) and "filter" in i.get("search", {}) for i in case.body["selection"])
    )


def documented_rejections_only(ctx: Any, response: Any, case: Any) -> bool | None:
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


CHECK_ARGS = {"excluded_checks": [positive_data_acceptance], "additional_checks": [documented_rejections_only]}
SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
karat = _schema("karat.yaml")
unicat = _schema("unicat.yaml")


def _call_and_check(case: Any, server: MockServer) -> None:
    """One case: schemathesis' checks on the answer, and the server's own check of it (each case on its own)."""
    before = len(server.requests)
    case.call_and_validate(base_url=server.url, **CHECK_ARGS)
    assert len(server.requests) > before, "the request did not reach the server"
    assert server.violations == [], server.violations


@karat.parametrize()
@SETTINGS
def test_karat_server_agrees_with_the_spec(case: Any, st_server: MockServer) -> None:
    _call_and_check(case, st_server)


@unicat.parametrize()
@SETTINGS
def test_unicat_server_agrees_with_the_spec(case: Any, st_server: MockServer) -> None:
    _call_and_check(case, st_server)

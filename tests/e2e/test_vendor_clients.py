"""An outside check: the vendors' own Python clients against the local server, not only our spec's SDKs.

The end-to-end tests are otherwise a closed loop (the spec, a server written from it, an SDK generated from
it). Palantir's `foundry-platform-sdk` (Karat's endpoints are Foundry's) and the `unicat` client, pinned in
tests/vendor/requirements.lock and run in their own venv, must accept every reply of the five endpoints:
every page of every listing, batch gets, and errors as their typed classes where the client has them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mockserver import MockServer
from mockserver.karat_ops import DEFAULT_BRANCH
from tests.e2e.conftest import BASE
from tests.vendor import venv

VENDOR = Path(__file__).resolve().parents[1] / "vendor"
TOKEN = "vendor-token-3b9e"
MISSING_RID = "ri.checkpoints.main.checkpoint.00000000-0000-4000-8000-000000000000"
MISSING_GID = "00000000-0000-4000-8000-000000000000"
PAGE = 37  # pages smaller than the data, so every listing has several

pytestmark = pytest.mark.network  # the vendor venv is installed from the package index on first use


def run_vendor(script: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Run a vendor script in the vendor venv; what it printed, as JSON."""
    result = subprocess.run(
        [str(venv.ensure()), str(VENDOR / script)],
        input=json.dumps(settings),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="module")
def foundry(server: MockServer) -> dict[str, Any]:
    datasets = server.karat.datasets
    largest = max(datasets, key=lambda rid: len(datasets[rid].view(datasets[rid].branches[DEFAULT_BRANCH])))
    settings = {
        "hostname": server.url.removeprefix("http://"),
        "token": TOKEN,
        "record_rids": [r["rid"] for r in server.karat.records[:5]] + [MISSING_RID],
        "dataset": largest,
        "page": PAGE,
    }
    return {"settings": settings, "report": run_vendor("foundry_client.py", settings)}


@pytest.fixture(scope="module")
def unicat(server: MockServer) -> dict[str, Any]:
    settings = {
        "base_url": server.url,
        "token": TOKEN,
        "project_gid": BASE.project_gid,
        "record_gids": list(server.unicat.records)[:4] + [MISSING_GID],
        "limit": PAGE,
    }
    return {"settings": settings, "report": run_vendor("unicat_client.py", settings)}


def test_foundry_sdk_lists_every_record_across_pages(foundry: dict[str, Any], server: MockServer) -> None:
    searched = foundry["report"]["searched"]
    assert len(searched) == len(set(searched)) == len(server.karat.records) > PAGE
    assert set(searched) == {r["rid"] for r in server.karat.records}


def test_foundry_sdk_batch_get_returns_the_known_records_only(foundry: dict[str, Any]) -> None:
    known = foundry["settings"]["record_rids"][:-1]
    assert foundry["report"]["batch"] == {rid: rid for rid in known}


def test_foundry_sdk_lists_every_file_sync_and_async(foundry: dict[str, Any], server: MockServer) -> None:
    dataset = server.karat.datasets[foundry["settings"]["dataset"]]
    expected = [f["path"] for f in dataset.view(dataset.branches[DEFAULT_BRANCH])]
    assert len(expected) > PAGE
    assert foundry["report"]["files"] == expected
    assert foundry["report"]["async_files"] == expected


def test_foundry_sdk_raises_its_typed_errors(foundry: dict[str, Any]) -> None:
    report, dataset = foundry["report"], foundry["settings"]["dataset"]
    assert report["branch_not_found"] == {
        "type": "foundry_sdk.v1.datasets.errors.BranchNotFound",
        "name": "BranchNotFound",
        "parameters": {"datasetRid": dataset, "branchId": "no-such-branch"},
    }
    # The SDK has no class of its own for these two on this endpoint: its BadRequestError, with the error's name.
    assert report["invalid_page_token"] == {
        "type": "foundry_sdk._errors.palantir_rpc_exception.BadRequestError",
        "name": "InvalidPageToken",
        "parameters": {"pageToken": "not-issued"},
    }
    assert report["preview_needed"]["name"] == "ApiFeaturePreviewUsageOnly"


def test_unicat_client_walks_every_schema_item(unicat: dict[str, Any], server: MockServer) -> None:
    data = server.unicat
    kinds = {
        **dict.fromkeys(data.definitions, "UnicatDefinition"),
        **dict.fromkeys(data.classes, "UnicatClass"),
        **dict.fromkeys(data.fields, "UnicatField"),
    }
    schema = unicat["report"]["schema"]
    assert {gid: kind for _, gid, kind in schema} == kinds
    assert len(schema) == len(kinds) and {total for total, _, _ in schema} == {len(kinds)}


def test_unicat_client_walks_every_record_across_pages(unicat: dict[str, Any], server: MockServer) -> None:
    records = unicat["report"]["records"]
    assert [gid for _, gid in records] == list(server.unicat.records)  # tree order, as the server keeps them
    assert {total for total, _ in records} == {len(server.unicat.records)}
    assert len(unicat["report"]["limited"]) == PAGE


def test_unicat_client_batch_get_returns_the_known_records(unicat: dict[str, Any], server: MockServer) -> None:
    known = unicat["settings"]["record_gids"][:-1]
    assert unicat["report"]["batch"] == known
    assert unicat["report"]["titles"] == {gid: server.unicat.records[gid]["title"] for gid in known}


def test_unicat_client_raises_its_error_class(unicat: dict[str, Any]) -> None:
    assert unicat["report"]["error"] == {
        "type": "UnicatError",
        "code": 1002,
        "info": {"filter": ["no_such_property", "is", 1], "reason": "unknown property 'no_such_property'"},
    }

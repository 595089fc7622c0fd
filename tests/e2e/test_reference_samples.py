"""The Python sample the HTML reference shows for each operation runs against the local server, unchanged.

Each sample prints what it gets; the test takes those objects (its own `print`) and checks them against the
server's data: the identifiers the sample asks for come back, a listing gives every item the server holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from generator.codegen.pipeline import Layout, build_ir, load_and_validate, spec_files
from generator.publish.bundle import bundle_file
from generator.publish.code_samples import SampleWriter
from generator.publish.reference import docs_bundle
from mockserver import MockServer
from mockserver.karat_ops import DEFAULT_BRANCH
from tests.conftest import ROOT, TEMPLATES

IDENTIFIER = re.compile(r'"((?:ri\.[\w.-]+)|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"')


def samples() -> list[tuple[str, str, str]]:
    layout = Layout(spec_files(ROOT / "spec"), TEMPLATES, ROOT / "generated")
    found = []
    for doc in load_and_validate(layout.specs):
        docs = docs_bundle(bundle_file(doc.path))
        SampleWriter(build_ir(doc), docs, layout.output).add_samples()
        for item in docs["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict) and "x-codeSamples" in operation:
                    found.append(
                        (
                            doc.data["x-sdk"]["env-prefix"],
                            operation["operationId"],
                            operation["x-codeSamples"][0]["source"],
                        )
                    )
    return found


def _asked(source: str) -> list[str]:
    """The identifiers (rids, gids) a sample passes, in order; the client's project gid is not one of them."""
    call = source.split(" as client:", 1)[1]
    return IDENTIFIER.findall(call)


def _records_by_gid(server: MockServer, source: str, printed: list[Any]) -> None:
    assert [str(item.gid) for item in printed] == _asked(source)
    assert all(str(item.gid) in server.unicat.records for item in printed)


def _schema_by_gid(server: MockServer, source: str, printed: list[Any]) -> None:
    assert [str(item.gid) for item in printed] == _asked(source)
    assert all(server.unicat.schema_item(str(item.gid)) is not None for item in printed)


def _batch(server: MockServer, source: str, printed: list[Any]) -> None:
    ((found,),) = [printed]
    assert list(found) == _asked(source) and all(found[rid].rid == rid for rid in found)
    assert all(rid in server.karat.records_by_rid for rid in found)


def _search(server: MockServer, source: str, printed: list[Any]) -> None:
    wanted = re.search(r'\bvalue"?\s*[:=]\s*"(\w+)"', source)  # {"value": "X"} or value="X"
    assert wanted is not None
    expected = {r["rid"] for r in server.karat.records if r["type"] == wanted.group(1)}
    assert expected and {item.rid for item in printed} == expected


def _files(server: MockServer, source: str, printed: list[Any]) -> None:
    (dataset_rid,) = _asked(source)
    dataset = server.karat.datasets[dataset_rid]
    expected = [f["path"] for f in dataset.view(dataset.branches[DEFAULT_BRANCH])]
    assert expected and [item.path for item in printed] == expected


CHECKS: dict[str, Callable[[MockServer, str, list[Any]], None]] = {
    "getRecordsBatch": _batch,
    "searchRecords": _search,
    "listFiles": _files,
    "getRecordsBulk": _records_by_gid,
    "getSchemaBulk": _schema_by_gid,
}


def test_every_sample_has_a_check() -> None:
    assert sorted(operation_id for _, operation_id, _ in samples()) == sorted(CHECKS)


@pytest.mark.parametrize(("prefix", "operation_id", "source"), samples())
def test_sample_runs_and_gets_what_it_asks_for(
    server: MockServer, monkeypatch: pytest.MonkeyPatch, prefix: str, operation_id: str, source: str
) -> None:
    monkeypatch.setenv(f"{prefix}_BASE_URL", server.url)
    monkeypatch.setenv(f"{prefix}_TOKEN", "sample-token")
    printed: list[Any] = []
    exec(compile(source, operation_id, "exec"), {"print": printed.append})  # noqa: S102 - our generated sample
    assert printed, f"{operation_id}: the sample got nothing"
    CHECKS[operation_id](server, source, printed)

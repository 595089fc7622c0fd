"""The Python sample the HTML reference shows for each operation runs against the local server, unchanged."""

from __future__ import annotations

import contextlib
import io

import pytest

from generator.codegen.pipeline import Layout, build_ir, load_and_validate, spec_files
from generator.publish.bundle import bundle_file
from generator.publish.code_samples import SampleWriter
from generator.publish.reference import docs_bundle
from mockserver import MockServer
from tests.conftest import ROOT, TEMPLATES


def samples() -> list[tuple[str, str, str]]:
    layout = Layout(spec_files(ROOT / "spec"), TEMPLATES, ROOT / "generated")
    found = []
    for doc in load_and_validate(layout.specs):
        docs = docs_bundle(bundle_file(doc.path))
        SampleWriter(build_ir(doc), docs).add_samples()
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


@pytest.mark.parametrize(("prefix", "operation_id", "source"), samples())
def test_sample_runs(
    server: MockServer, monkeypatch: pytest.MonkeyPatch, prefix: str, operation_id: str, source: str
) -> None:
    monkeypatch.setenv(f"{prefix}_BASE_URL", server.url)
    monkeypatch.setenv(f"{prefix}_TOKEN", "sample-token")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(source, operation_id, "exec"), {})  # noqa: S102 - our generated sample; raises on any error

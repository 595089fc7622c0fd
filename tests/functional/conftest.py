"""Functional tests: generate each golden case's SDK into a temporary folder, import it, call it.

Every call goes through `httpx.MockTransport`, so a test sees exactly the request the
generated method sent and decides the response it gets back.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, generate_into

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="session")
def golden_sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each golden case generated (runtime core included) into its own folder, importable."""
    root = tmp_path_factory.mktemp("golden-sdks")
    outputs = {}
    for case in CASES:
        spec_dir = root / f"spec-{case}"
        spec_dir.mkdir()
        (spec_dir / "spec.yaml").write_bytes((GOLDEN / case / "spec.yaml").read_bytes())
        outputs[case] = root / f"out-{case}"
        generate_into(spec_dir, outputs[case])
        sys.path.insert(0, str(outputs[case]))
    yield outputs
    for output in outputs.values():
        sys.path.remove(str(output))


def sdk(golden_sdks: dict[str, Path], package: str) -> ModuleType:
    """Import a generated package by name (its case must be among the golden ones)."""
    return importlib.import_module(package)


class Recorder:
    """A MockTransport handler that answers from a function and keeps every request (body read)."""

    def __init__(self, answer: Handler) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def clients(
    module: ModuleType, client: str, answer: Handler, credentials: dict[str, Any] | None = None, **options: Any
) -> tuple[Any, Any, Recorder]:
    """A sync and an async client of a generated package over one recording MockTransport.

    `credentials`: the client's credential arguments (default: `token="tok"`, for a bearer scheme).
    """
    recorder = Recorder(answer)
    settings = {"token": "tok"} if credentials is None else credentials
    options = {"base_url": "https://api.test/api"} | options
    sync = getattr(module, f"{client}Client")(
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        **settings,
        **options,
    )
    asynchronous = getattr(module, f"Async{client}Client")(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)),
        **settings,
        **options,
    )
    return sync, asynchronous, recorder

"""Every golden case's SDK (runtime core included) passes `mypy --strict` and ruff, and the cases without
their own functional test file are called here, sync and async."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.functional.conftest import CASES, clients, sdk


def _packages(golden_sdks: dict[str, Path]) -> list[str]:
    return [str(p) for output in golden_sdks.values() for p in output.iterdir() if p.is_dir()]


def test_there_is_a_sdk_per_golden_case(golden_sdks: dict[str, Path]) -> None:
    assert len(_packages(golden_sdks)) == len(CASES) >= 4


def test_every_golden_sdk_type_checks_strictly(golden_sdks: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *_packages(golden_sdks)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_golden_sdk_lints_clean(golden_sdks: dict[str, Path]) -> None:
    lint = [sys.executable, "-m", "ruff", "check", "--isolated", "--line-length=120", "--target-version=py311"]
    result = subprocess.run([*lint, *_packages(golden_sdks)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _widgets(request: httpx.Request) -> httpx.Response:
    if request.method == "GET":
        token = request.url.params.get("pageToken")
        if token is None:
            return httpx.Response(200, json={"data": [{"id": "w1", "size.cm": 3}], "nextPageToken": "p2"})
        return httpx.Response(200, json={"data": [{"id": "w2"}]})
    body = json.loads(request.content)
    if "page.cursor" not in body:
        return httpx.Response(200, json={"result": {"widgets": [{"id": "s1"}], "page.cursor": 2}})
    return httpx.Response(200, json={"result": {"widgets": [{"id": "s2"}], "page.cursor": None}})


def test_pagination_sdk_sync_and_async(golden_sdks: dict[str, Path]) -> None:
    sync, asynchronous, seen = clients(sdk(golden_sdks, "widgets_sdk"), "Widgets", _widgets)
    assert [w.id for w in sync.widgets.list_widgets("shelf-1", page_size=1)] == ["w1", "w2"]
    assert [w.id for w in sync.widgets.search_widgets("q")] == ["s1", "s2"]

    async def main() -> tuple[list[str], list[str]]:
        listed = [w.id async for w in asynchronous.widgets.list_widgets("shelf-1")]
        found = [w.id async for w in asynchronous.widgets.search_widgets("q", page_size=5)]
        return listed, found

    assert asyncio.run(main()) == (["w1", "w2"], ["s1", "s2"])
    assert json.loads(seen.last.content) == {"query": "q", "page.size": 5, "page.cursor": 2}


def _shapes(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/filter"):
        return httpx.Response(200, json={"data": {"a": {"type": "circle", "radius": 1}}})
    wanted = [element["shapeId"] for element in json.loads(request.content)]
    return httpx.Response(200, json={"success": True, "data": {k: {"type": "hexagon", "n": 6} for k in wanted}})


def test_unions_sdk_sync_and_async(golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "shapes_sdk")
    models = module.models
    sync, asynchronous, seen = clients(module, "Shapes", _shapes)
    where: Any = models.NotFilter(type="not", filter=models.ColorFilter(type="color", color=models.Color.RED))
    filtered = sync.shapes.filter_shapes(where)
    assert type(filtered.data["a"]).__name__ == "Circle"
    assert json.loads(seen.last.content) == {"type": "not", "filter": {"type": "color", "color": "RED"}}
    batch = sync.shapes.get_batch(["x", "y", "z"])
    assert sorted(batch) == ["x", "y", "z"]

    async def main() -> Any:
        return await asynchronous.shapes.filter_shapes(where), await asynchronous.shapes.get_batch(["q"])

    filtered_async, batch_async = asyncio.run(main())
    assert filtered_async == filtered
    assert list(batch_async) == ["q"]

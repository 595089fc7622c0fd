"""The `responses` golden case's SDK, sync and async: success responses that differ, text, `+json`, event streams."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.conftest import Recorder, clients, sdk

TICKS = b'event: tick\ndata: {"n": 1}\nid: 1\n\ndata: {"n": 2}\n\n'


def answer(request: httpx.Request) -> httpx.Response:
    """The server of the test: one answer per path and method."""
    path, method = request.url.path, request.method
    if path == "/api/items/none":
        return httpx.Response(204)
    if path == "/api/items/gone":
        problem = {
            "type": "https://responses.example/gone",
            "title": "Gone",
            "status": 404,
            "detail": "It went.",
            "at": 3,
        }
        return httpx.Response(404, json=problem, headers={"Content-Type": "application/problem+json"})
    if path.startswith("/api/items/") and method == "PATCH":
        body = json.loads(request.content)
        return httpx.Response(200, json={"id": "i1", **body}, headers={"Content-Type": "application/vnd.items+json"})
    if path.startswith("/api/items/"):
        return httpx.Response(200, json={"id": "i1", "name": "First"})
    if path == "/api/jobs":
        later = request.headers.get("X-Test-Later") == "1"
        return httpx.Response(202, json={"jobId": "j1"}) if later else httpx.Response(200, json={"id": "i2"})
    if path == "/api/readme":
        return httpx.Response(
            200, content="café".encode("latin-1"), headers={"Content-Type": "text/plain; charset=latin-1"}
        )
    if path == "/api/ticks":
        return httpx.Response(200, content=TICKS, headers={"Content-Type": "text/event-stream"})
    if path == "/api/log":
        return httpx.Response(200, content=b"data: one\n\ndata: two\n\n", headers={"Content-Type": "text/event-stream"})
    return httpx.Response(404, json={"error": "nope"})


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def api(golden_sdks: dict[str, Path]) -> tuple[Any, Any, Recorder]:
    return clients(sdk(golden_sdks, "responses_sdk"), "Responses", answer)


def call(mode: str, api: tuple[Any, Any, Recorder], method: str, *args: Any, **kwargs: Any) -> Any:
    sync, asynchronous, _ = api
    if mode == "sync":
        return getattr(sync.items, method)(*args, **kwargs)
    return asyncio.run(getattr(asynchronous.items, method)(*args, **kwargs))


def test_a_body_or_none_by_status(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    found = call(mode, api, "find_item", "i1")
    assert isinstance(found, module.models.Item) and found.name == "First"
    assert call(mode, api, "find_item", "none") is None
    assert api[2].last.url.path == "/api/items/none"


def test_different_bodies_by_status_give_the_union(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    done = call(mode, api, "start_job")
    assert isinstance(done, module.models.Item) and done.id == "i2"
    later = call(mode, api, "start_job", options=module.RequestOptions(extra_headers={"X-Test-Later": "1"}))
    assert isinstance(later, module.models.Job) and later.job_id == "j1"
    assert api[2].last.method == "POST"


def test_text_is_str_in_its_charset(mode: str, api: Any) -> None:
    assert call(mode, api, "get_readme") == "café"
    assert api[2].last.headers["Accept"] == "text/plain"


def test_plus_json_in_and_out(mode: str, api: Any) -> None:
    item = call(mode, api, "patch_item", "i1", name="New")
    assert (item.id, item.name) == ("i1", "New")
    sent = api[2].last
    assert sent.headers["Content-Type"] == "application/vnd.items+json"
    assert sent.headers["Accept"] == "application/vnd.items+json"
    assert json.loads(sent.content) == {"name": "New"}


def events(mode: str, api: Any, method: str) -> list[Any]:
    sync, asynchronous, _ = api
    if mode == "sync":
        with getattr(sync.items, method)() as stream:
            return list(stream)

    async def collect() -> list[Any]:
        return [event async for event in getattr(asynchronous.items, method)()]

    return asyncio.run(collect())


def test_event_stream_typed_by_its_schema(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    ticks = events(mode, api, "watch_ticks")
    assert [t.data for t in ticks] == [module.models.Tick(n=1), module.models.Tick(n=2)]
    assert (ticks[0].event, ticks[0].id) == ("tick", "1")
    assert api[2].last.headers["Accept"] == "text/event-stream"


def test_event_stream_of_text(mode: str, api: Any) -> None:
    assert [e.data for e in events(mode, api, "tail_log")] == ["one", "two"]


def test_problem_json_error_is_typed_with_its_problem(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    with pytest.raises(module.errors.NotFoundError) as raised:
        call(mode, api, "find_item", "gone")
    problem = raised.value.problem
    assert (problem.type, problem.title, problem.status, problem.detail) == (
        "https://responses.example/gone",
        "Gone",
        404,
        "It went.",
    )
    assert problem.extensions == {"at": 3}
    assert "It went." in str(raised.value)

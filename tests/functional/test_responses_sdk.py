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
# every field of the event-stream format, CRLF and CR line ends, a comment, a multi-line data, a retry
LOG = (
    b": the server says hello\r\n"
    b"event: line\r\nid: 7\r\nretry: 1500\r\ndata: first\r\ndata:  second\r\n\r\n"
    b": keep-alive\n\n"
    b"data: third\rdata\nid\nevent: bare\n\n"
    b"data: unfinished"
)
PROBLEM = {
    "type": "https://responses.example/problems/no-item",
    "title": "No such item",
    "status": 404,
    "detail": "Item i9 does not exist.",
    "instance": "/items/i9/report",
    "itemId": "i9",
}


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
    if path == "/api/items/i9/report":
        return httpx.Response(404, json=PROBLEM, headers={"Content-Type": "application/problem+json"})
    if path == "/api/items/boom/report":
        failed = {"type": "about:blank", "title": "Report failed", "status": 502}
        return httpx.Response(502, json=failed, headers={"Content-Type": "application/problem+json; charset=utf-8"})
    if path.endswith("/report"):
        if request.headers["Accept"] == "text/csv":
            return httpx.Response(200, content=b"id,name\ni1,\xc3\x89t\xc3\xa9\n", headers={"Content-Type": "text/csv"})
        return httpx.Response(200, json={"id": "i1", "name": "Été"})
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
        return httpx.Response(200, content=LOG, headers={"Content-Type": "text/event-stream"})
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


def test_event_stream_of_text_every_field(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    got = events(mode, api, "tail_log")
    assert all(isinstance(e, module.ServerSentEvent) for e in got)
    # comments ignored; data lines joined with \n (one leading space dropped); id persists; retry per event;
    # a bare `data` is an empty line, a bare `id` clears it; the unfinished last event is dropped
    assert [tuple(e) for e in got] == [
        ("first\n second", "line", "7", 1500),
        ("third\n", "bare", "", None),
    ]


def test_text_without_a_charset_is_utf8_and_the_charset_wins(golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "responses_sdk")
    for content_type, body in (
        ("text/plain", "Grüße".encode()),
        ("text/plain; charset=utf-16", "Grüße".encode("utf-16")),
    ):
        reply = httpx.Response(200, content=body, headers={"Content-Type": content_type})

        def answer(request: httpx.Request, reply: httpx.Response = reply) -> httpx.Response:
            return reply

        sync, _, _ = clients(module, "Responses", answer)
        assert sync.items.get_readme() == "Grüße"


def test_another_media_type_of_the_same_status(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    report = call(mode, api, "get_report", "i1")
    assert isinstance(report, module.models.Item) and report.name == "Été"
    assert api[2].last.headers["Accept"] == "application/json, text/csv"
    csv = module.RequestOptions(extra_headers={"Accept": "text/csv"})
    assert call(mode, api, "get_report", "i1", options=csv) == "id,name\ni1,Été\n"


def raw_report(mode: str, api: Any, **kwargs: Any) -> tuple[int, str, bytes]:
    sync, asynchronous, _ = api
    if mode == "sync":
        with sync.items.get_report_stream("i1", **kwargs) as response:
            return response.status_code, response.content_type, b"".join(response.iter_bytes())

    async def run() -> tuple[int, str, bytes]:
        async with asynchronous.items.get_report_stream("i1", **kwargs) as response:
            return response.status_code, response.content_type, await response.read()

    return asyncio.run(run())


def test_the_raw_response_of_either_media_type(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    status, media, body = raw_report(mode, api, options=module.RequestOptions(extra_headers={"Accept": "text/csv"}))
    assert (status, media, body) == (200, "text/csv", "id,name\ni1,Été\n".encode())
    status, media, body = raw_report(mode, api)
    assert (status, media, json.loads(body)) == (200, "application/json", {"id": "i1", "name": "Été"})


def test_documented_problem_json_error_carries_every_member(mode: str, api: Any) -> None:
    module = sdk({}, "responses_sdk")
    with pytest.raises(module.errors.NotFoundError) as raised:
        call(mode, api, "get_report", "i9")
    error = raised.value
    problem = error.problem
    assert isinstance(problem, module.ProblemDetails)
    assert (problem.type, problem.title, problem.status, problem.detail, problem.instance) == (
        "https://responses.example/problems/no-item",
        "No such item",
        404,
        "Item i9 does not exist.",
        "/items/i9/report",
    )
    assert problem.extensions == {"itemId": "i9"}
    assert (error.status_code, error.message) == (404, "Item i9 does not exist.")
    assert str(error) == "No such item (404) on getReport: Item i9 does not exist."
    with pytest.raises(module.errors.InternalServerError) as failed:  # 5XX, a charset parameter: still a problem
        call(mode, api, "get_report", "boom")
    assert failed.value.problem.title == "Report failed" and failed.value.problem.detail is None
    assert str(failed.value).startswith("Report failed (502) on getReport")


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

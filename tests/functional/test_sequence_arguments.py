"""Any sequence (a tuple, a deque, a user's own) where a list argument is expected, and any mapping where a map is,
sends exactly the request a list and a dict send, with no warning: parameters in the query, a header, a cookie and
the path; a body model's fields, a whole JSON body and a merge patch; an urlencoded form and a multipart body."""

from __future__ import annotations

import re
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import httpx

from tests.functional.conftest import Recorder, clients, sdk

Kind = Callable[[Iterable[Any]], Sequence[Any]]
Sent = tuple[str, str, tuple[tuple[str, str], ...], bytes]


class Items(Sequence[Any]):
    """A sequence of the user's own: neither a list, a tuple nor a deque."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = list(items)

    def __getitem__(self, index: Any) -> Any:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)


KINDS: list[Kind] = [tuple, deque, Items]


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path in ("/api/items", "/api/items/import") and request.method == "POST":
        return httpx.Response(201, json={"id": "new", "name": "n", "jobId": "j1"})
    if request.url.path.startswith("/api/notes/"):
        return httpx.Response(200, json={"id": "n1", "createdTime": "2024-05-01T10:00:00Z", "title": "T"})
    return httpx.Response(204)


def sent(request: httpx.Request) -> Sent:
    """What went over the wire: method, URL, headers and body (a multipart boundary, random, as `BOUNDARY`)."""
    found = re.search(r"boundary=([^;]+)", request.headers.get("Content-Type", ""))
    boundary = found.group(1) if found else "\0"
    headers = tuple((k, v.replace(boundary, "BOUNDARY")) for k, v in request.headers.items())
    return request.method, str(request.url), headers, request.content.replace(boundary.encode(), b"BOUNDARY")


def mapping(kind: Kind, value: dict[str, Any]) -> Mapping[str, Any]:
    """The dict itself alongside lists, a read-only mapping alongside other sequences."""
    return value if kind is list else MappingProxyType(value)


def requests_by_kind(calls: Callable[[Kind], None], recorder: Recorder) -> dict[str, list[Sent]]:
    """The requests `calls` sends with lists, then with each other kind of sequence; a warning fails."""
    found = {}
    for kind in [list, *KINDS]:
        recorder.requests.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            calls(kind)
        found[kind.__name__] = [sent(r) for r in recorder.requests]
    return found


def assert_same_as_lists(found: dict[str, list[Sent]], count: int) -> None:
    assert len(found["list"]) == count
    assert {name: requests for name, requests in found.items() if requests != found["list"]} == {}


def test_parameters_in_query_header_cookie_and_path(golden_sdks: dict[str, Path]) -> None:
    module = sdk(golden_sdks, "params_sdk")
    client, _, recorder = clients(module, "Params", answer)
    color = module.models.Color(R=100, G=200)

    def calls(kind: Kind) -> None:
        client.styles.query_styles(
            arr=kind([1, 2]),
            arrc=kind([3, 4]),
            spaced=kind(["a", "b c"]),
            piped=kind(["d", "e"]),
            objx=mapping(kind, {"R": "100"}),
            metadata=mapping(kind, {"k": "v"}),
        )
        client.styles.header_styles(x_arr=kind(["a", "b"]))
        client.styles.cookie_styles(arr=kind(["a", "b"]), arrx=kind(["c", "d"]))
        client.styles.path_matrix("x", kind(["a", "b"]), kind(["c", "d"]), color, color)

    found = requests_by_kind(calls, recorder)
    assert_same_as_lists(found, 4)
    assert "arr=1&arr=2" in found["list"][0][1] and ";arrx=c;arrx=d" in found["list"][3][1]


def test_json_bodies_model_fields_whole_body_and_merge_patch(golden_sdks: dict[str, Path]) -> None:
    ops = sdk(golden_sdks, "ops_sdk")
    items, _, item_recorder = clients(ops, "Ops", answer)
    notes, _, note_recorder = clients(sdk(golden_sdks, "bodies_sdk"), "Bodies", answer)

    def item_calls(kind: Kind) -> None:
        items.items.create_item("Made", tags=kind(["t", "u"]))
        items.items.import_items(kind([ops.models.NewItem(name="a", tags=kind(["x"])), ops.models.NewItem(name="b")]))

    found = requests_by_kind(item_calls, item_recorder)
    assert_same_as_lists(found, 2)
    assert found["list"][0][3] == b'{"name":"Made","tags":["t","u"]}'
    assert found["list"][1][3] == b'[{"name":"a","tags":["x"]},{"name":"b"}]'

    found = requests_by_kind(lambda kind: notes.notes.update_note("n1", tags=kind(["a"])), note_recorder)
    assert_same_as_lists(found, 1)
    assert found["list"][0][3] == b'{"tags":["a"]}'


def test_form_and_multipart_fields(golden_sdks: dict[str, Path]) -> None:
    client, _, recorder = clients(sdk(golden_sdks, "bodies_sdk"), "Bodies", answer)

    def calls(kind: Kind) -> None:
        client.uploads.save_search("s", tags=kind(["a", "b c"]), ids=kind([1, 2]))
        client.uploads.upload_attachment("folder-1", b"\x89PNG", labels=kind(["x", "y"]))

    found = requests_by_kind(calls, recorder)
    assert_same_as_lists(found, 2)
    assert found["list"][0][3] == b"name=s&tags=a,b%20c&ids=1|2" and found["list"][1][3].count(b'name="labels"') == 2

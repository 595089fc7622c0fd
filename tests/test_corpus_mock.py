"""The corpus mock answers each operation where the SDK sends it: the base URL, or the operation's own server."""

from __future__ import annotations

import httpx

from corpus.mock import SpecResponder

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer", "example": 7}}}}}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Uploads", "version": "1"},
    "servers": [{"url": "https://api.example/2.0"}],
    "paths": {
        "/files": {"get": {"responses": OK}},
        "/files/content": {
            "post": {"servers": [{"url": "https://{host}.example/api/2.0", "variables": {"host": {"default": "up"}}}]}
            | {"responses": OK}
        },
    },
}


def status(method: str, url: str) -> int:
    return SpecResponder(DOCUMENT)(httpx.Request(method, url)).status_code


def test_an_operation_on_its_own_server_is_answered_at_that_servers_path() -> None:
    assert status("POST", "https://up.example/api/2.0/files/content") == 200  # Box's uploads
    assert status("POST", "http://mock/files/content") == 200  # the base URL, as the exerciser sets it
    assert status("GET", "http://mock/files") == 200
    assert status("GET", "http://mock/api/2.0/files") == 404  # only the operation's own server's path
    assert status("POST", "http://mock/api/2.1/files/content") == 404


def test_a_path_parameter_holding_a_slash_is_one_segment() -> None:
    """Azure's `metrics/{metricId}` with `requests/count`, which the SDK sends as `requests%2Fcount`."""
    assert status("GET", "http://mock/files/a%2Fb") == 404  # no `/files/{id}` in this document
    document = {**DOCUMENT, "paths": {"/metrics/{id}": {"get": {"responses": OK}}}}
    assert SpecResponder(document)(httpx.Request("GET", "http://mock/metrics/requests%2Fcount")).status_code == 200

"""The corpus mock answers each operation where the SDK sends it: the base URL, or the operation's own server."""

from __future__ import annotations

from typing import Any

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


def rpc(target: str, example: int) -> dict[str, Any]:
    header = {"name": "X-Amz-Target", "in": "header", "required": True, "schema": {"type": "string", "enum": [target]}}
    schema = {"type": "integer", "example": example}
    reply = {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    return {"post": {"parameters": [header], "responses": reply}}


def test_operations_on_one_path_are_told_apart_by_the_header_each_fixes() -> None:
    """AWS's JSON APIs: every operation a POST to `/` (`/#X-Amz-Target=Svc.A`, the fragment never sent)."""
    document = {**DOCUMENT, "paths": {"/#X-Amz-Target=Svc.A": rpc("Svc.A", 1), "/#X-Amz-Target=Svc.B": rpc("Svc.B", 2)}}
    responder = SpecResponder(document)
    for target, body in (("Svc.A", b"1"), ("Svc.B", b"2")):
        answered = responder(httpx.Request("POST", "http://mock/", headers={"X-Amz-Target": target}))
        assert (answered.status_code, answered.content) == (200, body)
    assert responder(httpx.Request("POST", "http://mock/", headers={"X-Amz-Target": "Svc.C"})).status_code == 404


def reply(example: int) -> dict[str, Any]:
    content = {"application/json": {"schema": {"type": "integer", "example": example}}}
    return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}


def test_the_most_specific_template_answers_a_request_two_match() -> None:
    """Gitea's `/commits/{sha}.{diffType}` after `/commits/{sha}`, which `x.diff` matches as well; Codat's literal
    `.../accounts/categories` after `.../{dataType}/categories`: a server's router takes the more literal one."""
    paths = {"/commits/{sha}": reply(1), "/commits/{sha}.{kind}": reply(2), "/{kind}/categories": reply(3)}
    responder = SpecResponder({**DOCUMENT, "paths": paths | {"/accounts/categories": reply(4)}})
    for path, body in (("/commits/x.diff", b"2"), ("/commits/x", b"1"), ("/accounts/categories", b"4")):
        assert responder(httpx.Request("GET", f"http://mock{path}")).content == body
    assert responder(httpx.Request("GET", "http://mock/other/categories")).content == b"3"


def test_a_json_reply_is_answered_before_another_type_that_names_json() -> None:
    """Zuora's charge metrics: `application/json-seq` (an example, no schema) before `application/json`."""
    content = {
        "application/json-seq": {"example": "x"},
        "application/json; charset=utf-8": {"schema": {"type": "integer", "example": 5}},
    }
    paths = {"/metrics": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}}
    answered = SpecResponder({**DOCUMENT, "paths": paths})(httpx.Request("GET", "http://mock/metrics"))
    assert answered.content == b"5"


def test_a_query_in_the_template_names_the_operation() -> None:
    """Flickr's `/rest?method=flickr.photosets.getPhotos` (one path, the method in the query): the request's query
    picks the operation; a `/rest` without it is none of them."""
    paths = {"/rest?method=a.get": reply(1), "/rest?method=b.get": reply(2), "/other": reply(3)}
    responder = SpecResponder({**DOCUMENT, "paths": paths})
    for query, body in (("method=b.get&api_key=k", b"2"), ("api_key=k&method=a.get", b"1")):
        assert responder(httpx.Request("GET", f"http://mock/rest?{query}")).content == body
    assert responder(httpx.Request("GET", "http://mock/rest?method=c.get")).status_code == 404
    # ClickSend's `/fax/history?date_from={date_from}` (path parameters in the query): any value
    templated = SpecResponder({**DOCUMENT, "paths": {"/fax/history?date_from={date_from}": reply(4)}})
    assert templated(httpx.Request("GET", "http://mock/fax/history?date_from=17")).content == b"4"
    assert templated(httpx.Request("GET", "http://mock/fax/history")).status_code == 404

"""Bodies that cannot be decoded (nested 10,000 deep, numbers too large, not JSON) are ApiDecodeError, never a crash."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    ApiDecodeError,
    AsyncApiClient,
    BatchSpec,
    Call,
    ErrorEnvelope,
    NotFoundError,
    Operation,
    PaginationSpec,
    SyncApiClient,
)
from tests.runtime.test_runtime_pagination import BULK_GET, FILES_PAGES, LIST_FILES, RECORD_PAGES, Record

DEEP = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
HUGE_NUMBER = b'{"data": [' + b"9" * 5_000 + b"]}"
GET_BATCH = Operation(operation_id="getRecordsBatch", method="POST", path="/batch", safe_to_retry=True)
BATCH = BatchSpec(max_size=10, item_key="rid", merge="/data")
GET = Operation(operation_id="getThing", method="GET", path="/things/1", safe_to_retry=True)
PAGES = PaginationSpec(cursor_param="c", cursor_in="query", next_cursor="/next", items="/data")


class Thing(BaseModel):
    rid: str


def answering(status: int, body: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _: httpx.Response(status, content=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    "body",
    [b'{"data": ' + DEEP + b', "nextPageToken": null}', DEEP, HUGE_NUMBER, b'{"data": [1, 2'],
    ids=["deep-items", "deep-body", "huge-number", "truncated"],
)
def test_an_undecodable_listing_page_is_a_decode_error_quoting_its_start(
    body: bytes, make_client: Callable[..., SyncApiClient]
) -> None:
    pager = make_client(answering(200, body)).paginate(
        LIST_FILES, FILES_PAGES, Call(path_params={"datasetRid": "ri.x"}), item_type=str
    )
    with pytest.raises(ApiDecodeError) as caught:
        list(pager)
    assert caught.value.status_code == 200 and caught.value.operation_id == "listFiles"
    assert caught.value.body_start == body[:200].decode()
    assert repr(body[:40].decode())[:-1] in str(caught.value) and len(str(caught.value)) < 400


def test_a_deep_batch_body_is_a_decode_error(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(answering(200, b'{"data": {"k": ' + DEEP + b"}}"))
    with pytest.raises(ApiDecodeError, match="recursion limit"):
        client.batch(GET_BATCH, BATCH, ["k"], value_type=Thing)


def test_a_deep_unicat_envelope_is_a_decode_error(
    make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    body = b'{"success": true, "result": ' + DEEP + b', "data": {}}'
    client = make_client(answering(200, body), envelope=unicat_envelope)
    pager = client.paginate(BULK_GET, RECORD_PAGES, Call(path_params={"project_gid": "p"}, json={}), item_type=Record)
    with pytest.raises(ApiDecodeError):
        list(pager)
    failed = b'{"success": false, "result": {"code": 404, "info": ' + DEEP + b"}}"
    with pytest.raises(ApiDecodeError):  # the envelope cannot be read: the body is undecodable, not a success
        make_client(answering(200, failed), envelope=unicat_envelope).request(GET).parse(Thing)


def test_a_deep_error_body_keeps_the_status_class(make_client: Callable[..., SyncApiClient]) -> None:
    with pytest.raises(NotFoundError) as caught:
        make_client(answering(404, b'{"errorName": "X", "parameters": ' + DEEP + b"}")).request(GET)
    assert caught.value.body is None and caught.value.raw_text.startswith('{"errorName": "X"')
    assert '\'{"errorName": "X", "parameters": {"a":{"a":' in str(caught.value)


async def test_async_listing_of_a_deep_page_is_a_decode_error(make_async_client: Callable[..., AsyncApiClient]) -> None:
    pager = make_async_client(answering(200, b'{"data": ' + DEEP + b"}")).paginate(GET, PAGES, item_type=str)
    with pytest.raises(ApiDecodeError):
        [item async for item in pager]

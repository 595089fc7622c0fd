"""Media kinds, response variants, event streams and live byte streams, sync and async over MockTransport."""

from __future__ import annotations

import asyncio
import gc
import pickle
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    ApiResponseValidationError,
    AsyncApiClient,
    Operation,
    PermissionDeniedError,
    ProblemDetails,
    ResponseVariant,
    ServerSentEvent,
    SyncApiClient,
    read_variant,
)
from generator.runtime._media import MediaKind, matches, media_kind
from generator.runtime._sse import EventDecoder

GET = Operation(operation_id="get", method="GET", path="/x")
EVENTS = Operation(operation_id="watch", method="GET", path="/events", accept="text/event-stream")
DOWNLOAD = Operation(operation_id="download", method="GET", path="/blob", accept="application/octet-stream")


class Thing(BaseModel):
    name: str


class Other(BaseModel):
    size: int


def both(
    make_client: Callable[..., SyncApiClient],
    make_async_client: Callable[..., AsyncApiClient],
    respond: Callable[[], httpx.Response],
    operation: Operation,
    variants: list[ResponseVariant],
) -> list[Any]:
    """The value the sync and then the async client read from one call answered by `respond()`."""

    def handler(request: httpx.Request) -> httpx.Response:
        return respond()

    sync = read_variant(make_client(handler).request(operation), variants)

    async def run() -> Any:
        return read_variant(await make_async_client(handler).request(operation), variants)

    return [sync, asyncio.run(run())]


def test_media_kinds() -> None:
    assert media_kind("application/json; charset=utf-8") is MediaKind.JSON
    assert media_kind("application/problem+json") is MediaKind.JSON
    assert media_kind("application/merge-patch+json") is MediaKind.JSON
    assert media_kind("Application/VND.acme.v2+JSON") is MediaKind.JSON
    assert media_kind("text/plain; charset=latin-1") is MediaKind.TEXT
    assert media_kind("text/event-stream") is MediaKind.EVENT_STREAM
    assert media_kind("image/png") is MediaKind.BINARY
    assert media_kind("multipart/form-data") is MediaKind.MULTIPART
    assert matches("text/*", "text/csv; charset=utf-8") and matches("*/*", None)
    assert not matches("application/json", "text/plain")


def test_text_honours_its_charset(make_client: Any, make_async_client: Any) -> None:
    def handler() -> httpx.Response:
        return httpx.Response(
            200, content="café".encode("latin-1"), headers={"Content-Type": "text/plain; charset=latin-1"}
        )

    assert both(make_client, make_async_client, handler, GET, [ResponseVariant("200", "text/plain")]) == ["café"] * 2


def test_vendor_json_is_parsed_into_its_type(make_client: Any, make_async_client: Any) -> None:
    def handler() -> httpx.Response:
        return httpx.Response(200, content=b'{"name": "a"}', headers={"Content-Type": "application/vnd.acme+json"})

    variants = [ResponseVariant("200", "application/vnd.acme+json", Thing)]
    assert both(make_client, make_async_client, handler, GET, variants) == [Thing(name="a")] * 2


OPTIONAL = [ResponseVariant("200", "application/json", Thing), ResponseVariant("204", None)]


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (lambda: httpx.Response(200, json={"name": "a"}), Thing(name="a")),
        (lambda: httpx.Response(204), None),
        (lambda: httpx.Response(202), None),  # undeclared and empty: None
    ],
)
def test_a_body_or_none(
    make_client: Any, make_async_client: Any, response: Callable[[], httpx.Response], expected: Any
) -> None:
    assert both(make_client, make_async_client, response, GET, OPTIONAL) == [expected] * 2


UNION = [
    ResponseVariant("200", "application/json", Thing),
    ResponseVariant("201", "application/json", Other),
    ResponseVariant("202", "text/plain"),
    ResponseVariant("2XX", "application/octet-stream"),
]


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (lambda: httpx.Response(200, json={"name": "a"}), Thing(name="a")),
        (lambda: httpx.Response(201, json={"size": 3}), Other(size=3)),
        (lambda: httpx.Response(202, text="queued"), "queued"),
        (
            lambda: httpx.Response(206, content=b"\x00\x01", headers={"Content-Type": "application/octet-stream"}),
            b"\x00\x01",
        ),
    ],
)
def test_several_bodies_by_status(
    make_client: Any, make_async_client: Any, response: Callable[[], httpx.Response], expected: Any
) -> None:
    assert both(make_client, make_async_client, response, GET, UNION) == [expected] * 2


def test_one_status_two_media_types(make_client: Any, make_async_client: Any) -> None:
    variants = [ResponseVariant("200", "application/json", Thing), ResponseVariant("200", "text/csv")]

    def as_csv() -> httpx.Response:
        return httpx.Response(200, content=b"a,b", headers={"Content-Type": "text/csv"})

    assert both(make_client, make_async_client, as_csv, GET, variants) == ["a,b"] * 2

    def as_json() -> httpx.Response:
        return httpx.Response(200, json={"name": "n"})

    assert both(make_client, make_async_client, as_json, GET, variants) == [Thing(name="n")] * 2


def decode(*chunks: bytes) -> list[ServerSentEvent[str]]:
    decoder = EventDecoder()
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def test_event_stream_parsing() -> None:
    stream = b': comment\ndata: a\ndata:b\n\nevent: tick\nid: 7\nretry: 300\ndata: {"n": 1}\n\ndata: same id\n\n'
    assert decode(stream) == [
        ServerSentEvent("a\nb"),
        ServerSentEvent('{"n": 1}', "tick", "7", 300),
        ServerSentEvent("same id", "message", "7"),
    ]
    split = [stream[i : i + 1] for i in range(len(stream))]  # one byte at a time
    assert decode(*split) == decode(stream)
    assert decode(b"\xef\xbb\xbfdata: x\r\n\r\ndata: y\r\rdata: z\r", b"\n\r\n") == [
        ServerSentEvent("x"),
        ServerSentEvent("y"),
        ServerSentEvent("z"),
    ]
    assert decode(b"event: only\n\ndata\n\ndata: unfinished") == [ServerSentEvent("")]
    assert decode("data: é".encode()[:-1], "data: é\n\n".encode()[-3:]) == [ServerSentEvent("é")]
    assert decode(b"retry: soon\ndata: q\nid: a\0b\n\n") == [ServerSentEvent("q")]


def test_event_stream_data_fields_by_name() -> None:
    """`data: x` loses one space, `data:x` none, `data` alone is an empty line; `datafoo` is another field."""
    stream = b"data:  two spaces\ndata:tight\ndata\ndatafoo: ignored\ndata: last\n\ndatafoo: x\n\ndata: \n\n"
    assert decode(stream) == [ServerSentEvent(" two spaces\ntight\n\nlast"), ServerSentEvent("")]
    many = b"".join(b"data: %d\n" % n for n in range(1000)) + b"\n"
    assert decode(many[:2500], many[2500:]) == [ServerSentEvent("\n".join(str(n) for n in range(1000)))]


def test_event_decoder_hands_events_over_one_at_a_time() -> None:
    decoder = EventDecoder()
    events = decoder.events(b"event: a\ndata: 1\n\nid: 9\ndata: 2\n\nevent: b\ndata: 3\ndata: 4")
    first = next(events)
    assert first == ServerSentEvent("1", "a")
    held_by = gc.get_referrers(first)  # this test, and the parser's frame until the next event: no list of them
    assert not [holder for holder in held_by if isinstance(holder, list)]
    assert list(events) == [ServerSentEvent("2", "message", "9")]
    assert decoder.feed(b"\n\n") == [ServerSentEvent("3\n4", "b", "9")]  # the unfinished event, finished


REGULAR_STREAMS = [
    b"".join(b"id: %d\ndata: line %d\n\n" % (n, n) for n in range(50)),
    b"".join(b'data: {"n":%d}\n\n' % n for n in range(50)),
    b"".join(b"event: tick\nid: %d\ndata: %d\n\n" % (n, n) for n in range(50)),
    b"".join(b"data: %d\nevent: e%d\n\n" % (n, n) for n in range(50)),  # any order, the same in every event
    b"id: \ndata: empty id\n\n" * 3,
]
IRREGULAR_STREAMS = [
    b"event: \ndata: empty name\n\n" * 3,  # an empty event name is `message`
    b"data: 1\n\n: ping\n\ndata: 2\n\n",  # a comment among events
    b"retry: 5\ndata: a\n\nretry: 6\ndata: b\n\n",
    b"id: a\0b\ndata: q\n\nid: c\ndata: r\n\n",  # an id with NUL is ignored
    b"data: a\ndata: b\n\ndata: c\ndata: d\n\n",  # two data lines
    b"data: a\n\nid: 1\ndata: b\n\n",  # events unlike each other
    b"data:tight\n\ndata:tight\n\n",
    b"data: a\n\n\n\ndata: b\n\n",  # an extra blank line
]


@pytest.mark.parametrize("stream", REGULAR_STREAMS + IRREGULAR_STREAMS)
def test_regular_events_are_read_as_the_field_by_field_reading_reads_them(stream: bytes) -> None:
    """Events written alike are read column by column; the result is what reading them block by block gives."""
    text = stream.decode()
    regular = EventDecoder()._regular(text)
    by_blocks = list(EventDecoder()._blocks(text))
    assert (regular is not None) == (stream in REGULAR_STREAMS)
    if regular is not None:
        assert list(regular) == by_blocks
    assert decode(stream) == by_blocks
    assert decode(*[stream[i : i + 7] for i in range(0, len(stream), 7)]) == by_blocks
    assert by_blocks  # every stream here has events


def test_regular_events_keep_the_last_id_across_chunks() -> None:
    assert decode(b"id: 4\ndata: a\n\n", b"data: b\n\ndata: c\n\n") == [
        ServerSentEvent("a", "message", "4"),
        ServerSentEvent("b", "message", "4"),
        ServerSentEvent("c", "message", "4"),
    ]
    assert decode(b"event: x\ndata: 1\n\n") == [ServerSentEvent("1", "x")]
    assert decode(b"data: a\n\ndata: b\n\n") == [ServerSentEvent("a"), ServerSentEvent("b")]


def sse_handler(pieces: list[bytes], sent: list[int]) -> Callable[[httpx.Request], httpx.Response]:
    """A response streamed piece by piece; `sent` counts the pieces the server has produced so far."""

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Accept"] == "text/event-stream"

        def produce() -> Iterator[bytes]:
            for piece in pieces:
                sent.append(1)
                yield piece

        async def produce_async() -> AsyncIterator[bytes]:
            for piece in produce():
                yield piece

        stream: Any = produce_async() if "async" in request.headers.get("X-Mode", "") else produce()
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=stream)

    return handler


PIECES = [b'data: {"name": "first"}\n\n', b'event: done\ndata: {"name": "last"}\n\n']


def test_events_arrive_one_by_one_and_typed_sync(make_client: Callable[..., SyncApiClient]) -> None:
    sent: list[int] = []
    client = make_client(sse_handler(PIECES, sent))
    seen: list[tuple[ServerSentEvent[Any], int]] = []
    with client.events(EVENTS, data_type=Thing) as events:
        for event in events:
            seen.append((event, len(sent)))
    assert seen == [(ServerSentEvent(Thing(name="first")), 1), (ServerSentEvent(Thing(name="last"), "done"), 2)]
    assert [e.data for e in client.events(EVENTS)] == ['{"name": "first"}', '{"name": "last"}']


def test_events_arrive_one_by_one_and_typed_async(make_async_client: Callable[..., AsyncApiClient]) -> None:
    from generator.runtime import Call

    sent: list[int] = []
    client = make_async_client(sse_handler(PIECES, sent))

    async def run() -> list[tuple[ServerSentEvent[Any], int]]:
        seen = []
        async with client.events(EVENTS, Call(headers={"X-Mode": "async"}), data_type=Thing) as events:
            async for event in events:
                seen.append((event, len(sent)))
        return seen

    assert asyncio.run(run()) == [
        (ServerSentEvent(Thing(name="first")), 1),
        (ServerSentEvent(Thing(name="last"), "done"), 2),
    ]


def test_an_event_that_does_not_match_its_type_is_a_validation_error(make_client: Any) -> None:
    client = make_client(sse_handler([b'data: {"size": 1}\n\n'], []))
    with pytest.raises(ApiResponseValidationError, match="Event 'message' of watch does not match Thing"):
        list(client.events(EVENTS, data_type=Thing))


def test_streamed_bytes_are_handed_over_as_they_arrive(
    make_client: Callable[..., SyncApiClient], make_async_client: Callable[..., AsyncApiClient]
) -> None:
    from generator.runtime import Call

    pieces = [b"a" * 10, b"b" * 3, b"c" * 7]
    sent: list[int] = []
    handler = sse_handler(pieces, sent)
    received: list[tuple[bytes, int]] = []
    with make_client(handler).stream(DOWNLOAD, Call(headers={"Accept": "text/event-stream"})) as response:
        received = [(chunk, len(sent)) for chunk in response.iter_bytes()]
    assert received == [(pieces[0], 1), (pieces[1], 2), (pieces[2], 3)]
    with make_client(sse_handler(pieces, [])).stream(
        DOWNLOAD, Call(headers={"Accept": "text/event-stream"})
    ) as response:
        assert list(response.iter_bytes(chunk_size=8)) == [b"a" * 8, b"aabbbccc", b"cccc"]

    async def run() -> list[bytes]:
        call = Call(headers={"Accept": "text/event-stream", "X-Mode": "async"})
        async with make_async_client(sse_handler(pieces, [])).stream(DOWNLOAD, call) as streamed:
            return [chunk async for chunk in streamed.iter_bytes()]

    assert asyncio.run(run()) == pieces


PROBLEM: dict[str, Any] = {
    "type": "https://example.com/probs/out-of-credit",
    "title": "You do not have enough credit.",
    "status": 403,
    "detail": "Your current balance is 30, but that costs 50.",
    "instance": "/account/12345/msgs/abc",
    "balance": 30,
}


def test_a_problem_json_error_carries_its_members_sync_and_async(
    make_client: Callable[..., SyncApiClient], make_async_client: Callable[..., AsyncApiClient]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json=PROBLEM, headers={"Content-Type": "application/problem+json"})

    async def call_async() -> None:
        await make_async_client(handler).request(GET)

    for call in (lambda: make_client(handler).request(GET), lambda: asyncio.run(call_async())):
        with pytest.raises(PermissionDeniedError) as info:
            call()
        problem = info.value.problem
        assert problem == ProblemDetails(
            type=PROBLEM["type"],
            title=PROBLEM["title"],
            status=403,
            detail=PROBLEM["detail"],
            instance=PROBLEM["instance"],
            extensions={"balance": 30},
        )
        assert str(info.value).startswith("You do not have enough credit. (403) on get: Your current balance is 30")
        assert pickle.loads(pickle.dumps(info.value)).problem == problem


def test_plain_json_errors_carry_no_problem(make_client: Callable[..., SyncApiClient]) -> None:
    with pytest.raises(PermissionDeniedError) as info:
        make_client(lambda r: httpx.Response(403, json=PROBLEM)).request(GET)
    assert info.value.problem is None

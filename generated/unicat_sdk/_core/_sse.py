# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Server-Sent Events (`text/event-stream`): parsed as the bytes arrive, handed over one event at a time.

Parsing follows the WHATWG event-stream rules: lines end with CRLF, LF or CR; a line starting with
`:` is a comment; `data` lines are joined with `\\n`; an empty line dispatches the event (one
without data is not dispatched); `id` persists until changed; `retry` is an integer of milliseconds;
an unfinished event at the end of the stream is dropped. With a `data_type`, each event's data
is parsed as JSON into it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, NamedTuple, Self, TypeVar

import httpx
from pydantic import ValidationError

from ._errors import ApiResponseValidationError
from ._response import type_adapter, validation_summary

T = TypeVar("T")
_ID_AND_DATA = re.compile("id: ([^\n\0]*)\ndata: ([^\n]*)").fullmatch  # the usual `id: 7` + `data: x` event


class ServerSentEvent(NamedTuple, Generic[T]):
    """One event: its type (`message` unless named), its data (text, or the declared type), id and retry."""

    data: T
    event: str = "message"
    id: str | None = None
    retry: int | None = None


class EventDecoder:
    """Turns chunks of bytes into events; keeps what an unfinished line or event needs between chunks."""

    def __init__(self) -> None:
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._tail = ""
        self._started = False
        self._data: str | None = None  # the first data line of the event being read
        self._more: list[str] = []  # its other data lines
        self._event = ""
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent[str]]:
        """The events completed by `chunk`."""
        return list(self.events(chunk))

    def events(self, chunk: bytes) -> Iterator[ServerSentEvent[str]]:
        """The events completed by `chunk`, one at a time: run it to its end before feeding the next chunk.

        Handed over one by one rather than as a list, each event can be dropped before the next is
        made: a chunk of thousands of small events then leaves nothing for the cyclic GC to walk.
        A consumer that stops early (the stream is being closed) drops the rest of the chunk.
        """
        text = self._tail + self._decode(chunk)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        held = ""
        if text.endswith("\r"):  # maybe the first half of a CRLF split across chunks
            text, held = text[:-1], "\r"
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        *blocks, rest = text.split("\n\n")  # each block: the lines of an event, then its blank line
        *lines, partial = rest.split("\n")  # after the last blank line: complete lines, then an unfinished one
        self._tail = partial + held
        new = tuple.__new__  # ServerSentEvent without its Python-level __new__: this loop is the hot path
        event, last_id, retry = self._event, self._last_id, self._retry
        continued = self._data is not None  # only the first block can go on with an event begun in an earlier chunk
        for block in blocks:
            # The usual events, `data: x` or `id: 7\ndata: x`, each in a few calls; anything else line by line.
            if not continued:
                if block.startswith("data: ") and "\n" not in block:
                    found = new(ServerSentEvent, (block[6:], event or "message", last_id, retry))
                    event, retry = "", None
                    yield found
                    continue
                if (simple := _ID_AND_DATA(block)) is not None:
                    last_id, data = simple.groups()
                    found = new(ServerSentEvent, (data, event or "message", last_id, retry))
                    event, retry = "", None
                    yield found
                    continue
            self._event, self._last_id, self._retry = event, last_id, retry
            yield from self._lines([*block.split("\n"), ""])
            event, last_id, retry = self._event, self._last_id, self._retry
            continued = False  # the block's blank line ended that event
        self._event, self._last_id, self._retry = event, last_id, retry
        if lines:
            yield from self._lines(lines)

    def _lines(self, lines: list[str]) -> Iterator[ServerSentEvent[str]]:
        """The events completed by complete lines, one at a time (the decoder's state kept up to date)."""
        new = tuple.__new__
        # The event's first data line apart, the others (rare) in `more`: the usual one-line event needs no list.
        data, more, event, last_id, retry = self._data, self._more, self._event, self._last_id, self._retry
        for line in lines:
            if not line:
                if data is not None:
                    if more:
                        data = "\n".join([data, *more])
                        more.clear()
                    found = new(ServerSentEvent, (data, event or "message", last_id, retry))
                    data, event, retry = None, "", None
                    self._data, self._event, self._last_id, self._retry = data, event, last_id, retry
                    yield found
                else:
                    event, retry = "", None
            elif line.startswith("data: "):
                if data is None:
                    data = line[6:]
                else:
                    more.append(line[6:])
            elif line.startswith("id: ") and "\0" not in line:
                last_id = line[4:]
            elif line.startswith("data"):  # `data:value` or `data`
                value = line[5:] if line.startswith("data:") else "" if line == "data" else None
                if value is None:  # another field whose name starts with `data`: ignored
                    continue
                if data is None:
                    data = value
                else:
                    more.append(value)
            elif line[0] != ":":
                event, last_id, retry = _field(line, event, last_id, retry)
        self._data, self._event, self._last_id, self._retry = data, event, last_id, retry


def _field(line: str, event: str, last_id: str | None, retry: int | None) -> tuple[str, str | None, int | None]:
    """The event type, last id and retry after one field line other than `data`."""
    name, colon, value = line.partition(":")
    if colon and value[:1] == " ":
        value = value[1:]
    if name == "event":
        event = value
    elif name == "id" and "\0" not in value:
        last_id = value
    elif name == "retry" and value.isascii() and value.isdigit():
        retry = int(value)
    return event, last_id, retry


def _typed(
    data_type: Any, operation_id: str, status: int
) -> Callable[[ServerSentEvent[str]], ServerSentEvent[Any]] | None:
    """What each event becomes: None (as it is) without a `data_type`, else its data parsed as JSON into it."""
    if data_type is None:
        return None
    adapter = type_adapter(data_type)

    def parse(event: ServerSentEvent[str]) -> ServerSentEvent[Any]:
        try:
            data = adapter.validate_json(event.data)
        except ValidationError as exc:
            name = getattr(data_type, "__name__", repr(data_type))
            summary = f"Event {event.event!r} of {operation_id} does not match {name}: {validation_summary(exc)}"
            errors = [dict(e) for e in exc.errors(include_url=False, include_input=False)]
            raise ApiResponseValidationError(
                summary, operation_id=operation_id, status_code=status, errors=errors
            ) from None
        return tuple.__new__(ServerSentEvent, (data, event.event, event.id, event.retry))  # as in `events`

    return parse


class EventStream(Generic[T]):
    """The events of one response: `with client.x(...) as events: for event in events: ...`.

    Iterating without `with` works too; the response is closed when the iteration ends or breaks
    off (exhausted, an exception, or the iterator closed).
    """

    def __init__(self, open_response: Callable[[], httpx.Response], data_type: Any, operation_id: str) -> None:
        self._open = open_response
        self._data_type = data_type
        self._operation_id = operation_id
        self._response: httpx.Response | None = None

    def __enter__(self) -> Self:
        if self._response is None:
            self._response = self._open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the response (the connection goes back to the pool or is dropped)."""
        if self._response is not None:
            self._response.close()
            self._response = None

    def __iter__(self) -> Iterator[ServerSentEvent[T]]:
        response = self.__enter__()._response
        assert response is not None
        convert = _typed(self._data_type, self._operation_id, response.status_code)
        decoder = EventDecoder()
        try:
            for chunk in response.iter_bytes():
                if convert is None:
                    yield from decoder.events(chunk)  # type: ignore[misc]  # untyped: the data is the text
                else:
                    for event in decoder.events(chunk):
                        yield convert(event)
        finally:
            self.close()


class AsyncEventStream(Generic[T]):
    """The async form of EventStream: `async with ... as events: async for event in events: ...`."""

    def __init__(
        self, open_response: Callable[[], Awaitable[httpx.Response]], data_type: Any, operation_id: str
    ) -> None:
        self._open = open_response
        self._data_type = data_type
        self._operation_id = operation_id
        self._response: httpx.Response | None = None

    async def __aenter__(self) -> Self:
        if self._response is None:
            self._response = await self._open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the response."""
        if self._response is not None:
            await self._response.aclose()
            self._response = None

    async def __aiter__(self) -> AsyncIterator[ServerSentEvent[T]]:
        response = (await self.__aenter__())._response
        assert response is not None
        convert = _typed(self._data_type, self._operation_id, response.status_code)
        decoder = EventDecoder()
        try:
            async for chunk in response.aiter_bytes():
                for event in decoder.events(chunk):
                    yield event if convert is None else convert(event)  # type: ignore[misc]  # untyped: text
        finally:
            await self.aclose()

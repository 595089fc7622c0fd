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
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, NamedTuple, Self, TypeVar

import httpx
from pydantic import ValidationError

from ._errors import ApiResponseValidationError
from ._response import type_adapter, validation_summary

T = TypeVar("T")


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
        self._data: list[str] = []
        self._event = ""
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent[str]]:
        """The events completed by `chunk`."""
        text = self._tail + self._decode(chunk)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        held = ""
        if text.endswith("\r"):  # maybe the first half of a CRLF split across chunks
            text, held = text[:-1], "\r"
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        self._tail = lines.pop() + held
        events: list[ServerSentEvent[str]] = []
        new = tuple.__new__  # ServerSentEvent without its Python-level __new__: this loop is the hot path
        data, event, last_id, retry = self._data, self._event, self._last_id, self._retry
        for line in lines:
            if not line:
                if data:
                    joined = data[0] if len(data) == 1 else "\n".join(data)
                    events.append(new(ServerSentEvent, (joined, event or "message", last_id, retry)))
                    data = []
                event, retry = "", None
            elif line.startswith("data:"):
                data.append(line[6:] if line.startswith(" ", 5) else line[5:])
            elif line.startswith("id: ") and "\0" not in line:
                last_id = line[4:]
            elif line == "data":
                data.append("")
            elif line[0] != ":":
                event, last_id, retry = _field(line, event, last_id, retry)
        self._data, self._event, self._last_id, self._retry = data, event, last_id, retry
        return events


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
        return ServerSentEvent(data, event.event, event.id, event.retry)

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
                    yield from decoder.feed(chunk)  # type: ignore[misc]  # untyped: the data is the text
                else:
                    for event in decoder.feed(chunk):
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
                for event in decoder.feed(chunk):
                    yield event if convert is None else convert(event)  # type: ignore[misc]  # untyped: text
        finally:
            await self.aclose()

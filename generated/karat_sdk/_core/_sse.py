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
import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from itertools import repeat
from types import TracebackType
from typing import Any, Generic, NamedTuple, Self, TypeVar

import httpx
from pydantic import ValidationError

from ._errors import ApiResponseValidationError
from ._response import type_adapter, validation_summary

T = TypeVar("T")
_ID_AND_DATA = re.compile("id: ([^\n\0]*)\ndata: ([^\n]*)").fullmatch  # the usual `id: 7` + `data: x` event
# The fields a text of regular events may have, one per line, in any fixed order (each with its one space).
_COLUMNS = ("data: ", "id: ", "event: ")


class ServerSentEvent(NamedTuple, Generic[T]):
    """One event: its type (`message` unless named), its data (text, or the declared type), id and retry."""

    data: T
    event: str = "message"
    id: str | None = None
    retry: int | None = None


class EventDecoder:
    """Turns chunks of bytes into events; keeps the text after the last blank line, and the last id, between chunks.

    An event is read only once its blank line has arrived, so every chunk's complete text starts a
    new event: the usual events are then read a chunk at a time, and the rest line by line.
    """

    def __init__(self) -> None:
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._pending: list[str] = []  # the text after the last blank line (an unfinished event), in pieces
        self._held = ""  # a final `\r`: maybe the first half of a CRLF split across chunks
        self._started = False
        self._last_id: str | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent[str]]:
        """The events completed by `chunk`."""
        return list(self.events(chunk))

    def stream(self, chunks: Iterable[bytes]) -> Iterator[ServerSentEvent[str]]:
        """The events of a stream of chunks, each handed over as soon as its blank line has arrived.

        Made one at a time as they are taken (not held in a list), each event can be dropped before the
        next is made: thousands of small events leave nothing for the cyclic GC to walk.
        """
        return itertools.chain.from_iterable(map(self.events, chunks))

    def events(self, chunk: bytes) -> Iterator[ServerSentEvent[str]]:
        """The events completed by `chunk`, one at a time: take them all before feeding the next chunk."""
        text = self._text(chunk)
        if text is None:
            return iter(())
        regular = self._regular(text)
        return regular if regular is not None else self._blocks(text)

    def _regular(self, text: str) -> Iterator[ServerSentEvent[str]] | None:
        """The events of `text` when each has the same fields in the same lines (`id: 7`, `data: x`, ...), else None.

        The common case (a server writes every event alike) is read column by column, and the events
        are made by C-level iterators: no Python code runs per event.
        """
        lines = text[:-1].split("\n")  # each event's lines, then its blank line
        period = lines.index("") + 1
        if len(lines) % period or any(lines[period - 1 :: period]) or "\0" in text:
            return None
        columns: dict[str, list[str]] = {}
        for at in range(period - 1):
            column = lines[at::period]
            name = next((name for name in _COLUMNS if column[0].startswith(name)), None)
            if name is None or name in columns or not all(map(str.startswith, column, repeat(name))):
                return None  # another field (retry, a comment), a field twice, or events unlike each other
            columns[name] = column
        if "data: " not in columns or "event: " in columns.get("event: ", ()):  # an empty event name is `message`
            return None
        data = map(str.removeprefix, columns["data: "], repeat("data: "))
        event: Iterator[str] = repeat("message")
        if "event: " in columns:
            event = map(str.removeprefix, columns["event: "], repeat("event: "))
        ids: Iterator[str | None] = repeat(self._last_id)
        if "id: " in columns:
            ids = map(str.removeprefix, columns["id: "], repeat("id: "))
            self._last_id = columns["id: "][-1][4:]
        return map(tuple.__new__, repeat(ServerSentEvent), zip(data, event, ids, repeat(None)))

    def _blocks(self, text: str) -> Iterator[ServerSentEvent[str]]:
        """The events of `text`, block by block: the usual `id` + `data` or `data` blocks at once, others by line."""
        new = tuple.__new__  # ServerSentEvent without its Python-level __new__
        for block in text.split("\n\n")[:-1]:
            if (simple := _ID_AND_DATA(block)) is not None:
                self._last_id, data = simple.groups()
                yield new(ServerSentEvent, (data, "message", self._last_id, None))
            elif block.startswith("data: ") and "\n" not in block:
                yield new(ServerSentEvent, (block[6:], "message", self._last_id, None))
            elif (found := self._block(block)) is not None:
                yield found

    def _text(self, chunk: bytes) -> str | None:
        """The complete events `chunk` finishes (ending with their blank line), or None if it finishes none."""
        text = self._held + self._decode(chunk)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        self._held = ""
        if text.endswith("\r"):
            text, self._held = text[:-1], "\r"
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        pending = self._pending
        if "\n\n" not in text and not (pending and pending[-1].endswith("\n") and text.startswith("\n")):
            if text:
                pending.append(text)
            return None
        if pending:
            text = "".join([*pending, text])
            pending.clear()
        end = text.rfind("\n\n") + 2
        if end < len(text):
            pending.append(text[end:])
        return text[:end]

    def _block(self, block: str) -> ServerSentEvent[str] | None:
        """The event of one block of field lines (None without data), read line by line."""
        data: list[str] = []
        event, retry = "", None
        for line in block.split("\n"):
            if line.startswith("data"):  # `data: x`, `data:x` or `data`; another name starting with `data` is ignored
                if line.startswith("data:"):
                    data.append(line[6:] if line[5:6] == " " else line[5:])
                elif line == "data":
                    data.append("")
            elif line and line[0] != ":":
                event, last_id, retry = _field(line, event, self._last_id, retry)
                self._last_id = last_id
        if not data:
            return None
        return tuple.__new__(ServerSentEvent, ("\n".join(data), event or "message", self._last_id, retry))


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
    off (exhausted, an exception, or the iterator dropped), or by `close()`.
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
        events = EventDecoder().stream(self._chunks(response))  # C-level iterators: no Python frame per event
        if convert is None:
            return events  # type: ignore[return-value]  # untyped: the data is the text
        return map(convert, events)

    def _chunks(self, response: httpx.Response) -> Iterator[bytes]:
        """The response's bytes as they arrive; the response is closed when they end or are dropped."""
        try:
            yield from response.iter_bytes()
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

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Streamed responses: a body handed over as it arrives or written to a file, never held whole in memory.

Chunks are passed on as the network delivers them (a reply streamed in small pieces reaches the
caller piece by piece); `chunk_size=N` re-chunks them to about N bytes when the caller asks.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import IO

import httpx

from ._response import drop_stream

Target = str | os.PathLike[str] | IO[bytes]


def _open_for_writing(path: str | os.PathLike[str]) -> IO[bytes]:
    return open(path, "wb")  # the caller's `with` closes it


class _StreamedBase:
    """What both streamed responses share: status, headers, and the operation they answer."""

    def __init__(self, http_response: httpx.Response, operation_id: str) -> None:
        self.http_response = http_response
        self.operation_id = operation_id

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def content_type(self) -> str | None:
        """The media type the server sent, if any."""
        value: str | None = self.http_response.headers.get("Content-Type")
        return value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code}] {self.operation_id}>"


class StreamedResponse(_StreamedBase):
    """A successful response whose body is read as it arrives; use it inside its `with` block."""

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """Yield the body as it arrives (content-encoding undone); `chunk_size`: in chunks of about that size."""
        yield from self.http_response.iter_bytes(chunk_size)

    def write_to(self, target: Target, chunk_size: int | None = None) -> int:
        """Write the body to a path or a binary file object, chunk by chunk; return the byte count."""
        if isinstance(target, (str, os.PathLike)):
            with open(target, "wb") as file:
                return self.write_to(file, chunk_size)
        written = 0
        for chunk in self.iter_bytes(chunk_size):
            target.write(chunk)
            written += len(chunk)
        return written

    def read(self) -> bytes:
        """The whole body (held in memory: for small bodies only)."""
        return self.http_response.read()


class AsyncStreamedResponse(_StreamedBase):
    """The async form of StreamedResponse; use it inside its `async with` block."""

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """Yield the body as it arrives (content-encoding undone); `chunk_size`: in chunks of about that size."""
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def write_to(self, target: Target, chunk_size: int | None = None) -> int:
        """Write the body to a path or a binary file object, chunk by chunk; return the byte count."""
        if isinstance(target, (str, os.PathLike)):
            with _open_for_writing(target) as file:  # local file writes: short, like the chunk writes below
                return await self.write_to(file, chunk_size)
        written = 0
        async for chunk in self.iter_bytes(chunk_size):
            target.write(chunk)
            written += len(chunk)
        return written

    async def read(self) -> bytes:
        """The whole body (held in memory: for small bodies only)."""
        return await self.http_response.aread()


class StreamContext:
    """`with client.x_stream(...) as stream:` sends the request on entry and closes the response on exit."""

    def __init__(self, open_response: Callable[[], StreamedResponse]) -> None:
        self._open = open_response
        self._response: StreamedResponse | None = None

    def __enter__(self) -> StreamedResponse:
        self._response = self._open()
        return self._response

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            self._response.http_response.close()
            drop_stream(self._response.http_response)
            self._response = None


class AsyncStreamContext:
    """`async with client.x_stream(...) as stream:`; the request is sent on entry, closed on exit."""

    def __init__(self, open_response: Callable[[], Awaitable[AsyncStreamedResponse]]) -> None:
        self._open = open_response
        self._response: AsyncStreamedResponse | None = None

    async def __aenter__(self) -> AsyncStreamedResponse:
        self._response = await self._open()
        return self._response

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            await self._response.http_response.aclose()
            drop_stream(self._response.http_response)
            self._response = None

"""Request bodies that are not JSON: raw bytes or streams, urlencoded forms and multipart forms."""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import IO, Any
from urllib.parse import urlencode

from pydantic import BaseModel

from ._media import is_json
from ._params import ParamStyle, query_fragments
from ._sequences import listed
from ._wire import wire_text

CHUNK_SIZE = 64 * 1024
_OCTETS = "application/octet-stream"


@dataclass(frozen=True)
class File:
    """A file part of a multipart body: its content, and optionally a file name and media type."""

    content: bytes | IO[bytes]
    filename: str | None = None
    content_type: str | None = None


FileInput = bytes | IO[bytes] | File
RawContent = bytes | IO[bytes] | Iterable[bytes] | AsyncIterable[bytes]


@dataclass(frozen=True)
class RawBody:
    """A body sent as it is, with the spec's media type: bytes, a file object or an iterator of chunks.

    A file object or an iterator is streamed, never read whole. Bytes and seekable files can be
    sent again on a retry; an iterator cannot, so a call with one is never retried.
    """

    content: RawContent
    content_type: str


@dataclass(frozen=True)
class PartEncoding:
    """The spec's `encoding` of one field of a form or multipart body.

    Multipart: `content_type` is the part's media type, or the spec's comma-separated list of those
    it allows (`image/*, application/pdf`; see `part_media`); a `+json` type sends the value as JSON,
    a file's own `File.content_type` still wins; `headers` go on the part. Urlencoded forms:
    `style` serializes the field like a query parameter (form, spaceDelimited, pipeDelimited,
    deepObject, with explode and allowReserved).
    """

    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    style: ParamStyle | None = None


@dataclass(frozen=True)
class FormBody:
    """An `application/x-www-form-urlencoded` body; None values are left out.

    A field with a `style` in `encoding` is serialized by it; any other field repeats its name
    for a list (form, explode) and is JSON text for an object.
    """

    fields: Mapping[str, Any]
    encoding: Mapping[str, PartEncoding] = field(default_factory=dict)


@dataclass(frozen=True)
class MultipartBody:
    """A `multipart/form-data` body: text fields (objects as JSON), file parts, and per-part `encoding`."""

    fields: Mapping[str, Any]
    files: Mapping[str, FileInput | None] = field(default_factory=dict)
    encoding: Mapping[str, PartEncoding] = field(default_factory=dict)


RequestBody = RawBody | FormBody | MultipartBody


def field_text(value: Any) -> str:
    """One form field as text: enums by value, booleans as true/false, models and containers as JSON."""
    if isinstance(value, BaseModel):
        return value.model_dump_json(by_alias=True, exclude_none=True)
    if isinstance(value, (Mapping, list, tuple)):
        return json.dumps(value, default=str, separators=(",", ":"))
    return wire_text(value)


def _form_text(body: FormBody) -> str:
    """The urlencoded body: declared styles through the parameter serializer, the rest as before."""
    fragments: list[str] = []
    for name, value in body.fields.items():
        style = body.encoding[name].style if name in body.encoding else None
        if style is not None:
            fragments += query_fragments(name, value, style)
        elif value is not None:
            items = value if isinstance(value, (list, tuple)) else [value]
            fragments.append(urlencode([(name, field_text(item)) for item in items if item is not None]))
    return "&".join(fragment for fragment in fragments if fragment)


def part_media(declared: str | None, filename: str | None) -> str | None:
    """The media type a part is sent as, from its `encoding.contentType` (None: not declared).

    One concrete type is used as it is. Of a list or a wildcard (`image/*, application/pdf`), the
    type the file name suggests when the list allows it, else the first concrete type of the list,
    else None (a file is then application/octet-stream).
    """
    allowed = [m.strip() for m in (declared or "").split(",") if m.strip()]
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    if guessed and any(_allows(m, guessed) for m in allowed):
        return guessed
    return next((m for m in allowed if "*" not in m), None)


def _allows(allowed: str, media: str) -> bool:
    allowed, media = allowed.lower(), media.lower()
    return allowed in ("*/*", media) or (allowed.endswith("/*") and media.startswith(allowed[:-1]))


def _part(value: Any, encoding: PartEncoding | None) -> tuple[None, bytes, str | None, dict[str, str]]:
    """One text part: a JSON media type (or an object without one) as JSON, anything else as text."""
    declared = part_media(encoding.content_type, None) if encoding else None
    as_json = is_json(declared) if declared else isinstance(value, (BaseModel, Mapping))
    text = _json_text(value) if as_json else field_text(value)
    content_type = declared or ("application/json" if as_json else None)
    return (None, text.encode(), content_type, dict(encoding.headers) if encoding else {})


def _json_text(value: Any) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json(by_alias=True, exclude_none=True)
    return json.dumps(value, default=str, separators=(",", ":"))


def _multipart_parts(body: MultipartBody) -> list[tuple[str, Any]]:
    """Every part in order: text fields without a file name (objects as JSON parts), then the files."""
    parts: list[tuple[str, Any]] = []
    for name, value in body.fields.items():
        if value is None:
            continue
        encoding = body.encoding.get(name)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            parts.append((name, _part(item, encoding)))
    for name, file in body.files.items():
        if file is None:
            continue
        encoding = body.encoding.get(name)
        declared = encoding.content_type if encoding else None
        headers = dict(encoding.headers) if encoding else {}
        if isinstance(file, File):
            filename = file.filename or name
            content_type = file.content_type or part_media(declared, file.filename) or _OCTETS
            parts.append((name, (filename, file.content, content_type, headers)))
        else:
            filename = os.path.basename(str(getattr(file, "name", "") or name))
            parts.append((name, (filename, file, part_media(declared, filename) or _OCTETS, headers)))
    return parts


def _file_chunks(file: IO[bytes]) -> Iterator[bytes]:
    while chunk := file.read(CHUNK_SIZE):
        yield chunk


async def _async_file_chunks(file: IO[bytes]) -> AsyncIterator[bytes]:
    """A local file's chunks for the async client (each read is short and does not wait on the network)."""
    while chunk := file.read(CHUNK_SIZE):
        yield chunk


async def _async_chunks(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def httpx_arguments(body: RequestBody, *, asynchronous: bool) -> dict[str, Any]:
    """The `httpx.build_request` keyword arguments that send `body` (content/data/files and headers).

    A form or multipart field that is any sequence (a tuple, a deque) is sent as a list is.
    """
    if isinstance(body, (FormBody, MultipartBody)):
        body = replace(body, fields=listed(body.fields))
    if isinstance(body, FormBody):
        encoded = _form_text(body).encode("ascii")
        return {"content": encoded, "headers": {"Content-Type": "application/x-www-form-urlencoded"}}
    if isinstance(body, MultipartBody):
        return {"files": _multipart_parts(body), "headers": {}}
    content = body.content
    headers = {"Content-Type": body.content_type}
    if isinstance(content, bytes):
        return {"content": content, "headers": headers}
    if hasattr(content, "read"):
        length = _remaining_length(content)  # type: ignore[arg-type]  # hasattr() does not narrow to a file
        if length is not None:
            headers["Content-Length"] = str(length)
        chunks = _async_file_chunks if asynchronous else _file_chunks
        return {"content": chunks(content), "headers": headers}  # type: ignore[arg-type]  # a file, as above
    if asynchronous and not isinstance(content, AsyncIterable):
        return {"content": _async_chunks(content), "headers": headers}
    if not asynchronous and isinstance(content, AsyncIterable):
        raise TypeError("an async iterator of chunks needs the async client")
    return {"content": content, "headers": headers}


def _remaining_length(file: IO[bytes]) -> int | None:
    """How many bytes a seekable file has left to read, else None (then it goes chunked)."""
    try:
        position = file.tell()
        end = file.seek(0, 2)
        file.seek(position)
    except (OSError, ValueError, AttributeError):
        return None
    return end - position


class Rewind:
    """Puts a body back at its start before a retry; `possible` is False for one-shot streams."""

    def __init__(self, body: RequestBody | None) -> None:
        self._targets: list[tuple[IO[bytes], int]] = []
        self.possible = True
        for content in _contents(body):
            if isinstance(content, bytes):
                continue
            if hasattr(content, "read"):
                position = _position(content)
                if position is None:
                    self.possible = False
                else:
                    self._targets.append((content, position))
            else:
                self.possible = False

    def __call__(self) -> None:
        for file, position in self._targets:
            file.seek(position)


def _contents(body: RequestBody | None) -> list[Any]:
    if isinstance(body, RawBody):
        return [body.content]
    if isinstance(body, MultipartBody):
        return [v.content if isinstance(v, File) else v for v in body.files.values() if v is not None]
    return []


def _position(file: IO[bytes]) -> int | None:
    try:
        return file.tell() if file.seekable() else None
    except (OSError, ValueError, AttributeError):
        return None

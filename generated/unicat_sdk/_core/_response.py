# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""A successful response and the typed reading of its JSON body."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar, overload

import httpx
from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from ._errors import ApiDecodeError, ApiResponseValidationError, ResponseTooLargeError

T = TypeVar("T")

BODY_QUOTE_CHARS = 200
DEFAULT_MAX_RESPONSE_BYTES = 256 * 2**20  # a body read whole (JSON, an error); streamed downloads are not limited
_NOT_PARSED: Any = object()
_EMPTY_STREAM = httpx.ByteStream(b"")


@functools.lru_cache(maxsize=1024)
def _cached_adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def type_adapter(tp: Any) -> TypeAdapter[Any]:
    """Return a pydantic TypeAdapter for `tp`, built once per hashable type."""
    try:
        hash(tp)
    except TypeError:
        return TypeAdapter(tp)
    return _cached_adapter(tp)


def body_start(content: bytes, limit: int = BODY_QUOTE_CHARS) -> str:
    """Return the first `limit` characters of a body, decoded leniently, for error messages."""
    return content[: limit * 4].decode("utf-8", errors="replace")[:limit]


def validation_summary(exc: ValidationError, limit: int = 3) -> str:
    """Return a short `loc: message` list of a pydantic error, without the offending values."""
    errors = exc.errors(include_url=False, include_input=False)
    parts = [f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}" for e in errors[:limit]]
    more = f" (+{len(errors) - limit} more)" if len(errors) > limit else ""
    noun = "error" if len(errors) == 1 else "errors"
    return f"{len(errors)} validation {noun}: {'; '.join(parts)}{more}"


def _too_large(response: httpx.Response, limit: int, operation_id: str, size: str) -> ResponseTooLargeError:
    summary = (
        f"Response of {operation_id} (HTTP {response.status_code}) is {size} the client's limit of "
        f"{limit:,} bytes (max_response_bytes): it was not read. Raise the limit, or stream the body if the "
        "operation offers that"
    )
    return ResponseTooLargeError(summary, operation_id=operation_id, status_code=response.status_code, limit=limit)


class _Capped:
    """The chunks of a body read whole, refused as soon as they add up to more than `limit` bytes."""

    def __init__(self, response: httpx.Response, limit: int, operation_id: str) -> None:
        self._response, self._limit, self._operation_id = response, limit, operation_id
        self._chunks: list[bytes] = []
        self._size = 0
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit and "Content-Encoding" not in response.headers:
            raise _too_large(response, limit, operation_id, f"{int(declared):,} bytes, above")

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._limit:
            raise _too_large(self._response, self._limit, self._operation_id, "above")
        self._chunks.append(chunk)

    def keep(self) -> None:
        """Hand the body to the response, as `response.read()` does."""
        self._response._content = b"".join(self._chunks)
        drop_stream(self._response)


def drop_stream(response: httpx.Response) -> None:
    """Detach a read or closed response from its stream, which refers back to it (httpx's BoundSyncStream).

    That reference cycle, and the connection-pool objects hanging from it, would otherwise wait for the
    cyclic GC after every call; without it, a completed call leaves no garbage, and reference counting
    frees the response as soon as it is dropped. The response no longer reads its stream either way.
    """
    response.stream = _EMPTY_STREAM


def read_capped(response: httpx.Response, limit: int | None, operation_id: str) -> None:
    """Read a streamed response's whole body (as `response.read()`), refusing one above `limit` bytes, decoded.

    The count is taken chunk by chunk, so a body that is too large (or a compressed one that
    expands too far) stops at the limit, not after it was all in memory. None: no limit.
    """
    if limit is None:
        response.read()
        drop_stream(response)
        return
    try:
        capped = _Capped(response, limit, operation_id)
        for chunk in response.iter_bytes():
            capped.add(chunk)
        capped.keep()
    except BaseException:
        response.close()
        raise


async def aread_capped(response: httpx.Response, limit: int | None, operation_id: str) -> None:
    """`read_capped` for an async response."""
    if limit is None:
        await response.aread()
        drop_stream(response)
        return
    try:
        capped = _Capped(response, limit, operation_id)
        async for chunk in response.aiter_bytes():
            capped.add(chunk)
        capped.keep()
    except BaseException:
        await response.aclose()
        raise


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or repr(tp)


class ApiResponse:
    """A response with a 2xx status (or one an error was built from): raw access plus typed parsing."""

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        operation_id: str,
        elapsed: dt.timedelta,
        redact: Callable[[str], str] = lambda text: text,
    ) -> None:
        self.http_response = http_response
        self.operation_id = operation_id
        self.elapsed = elapsed
        self._redact = redact
        self._json: Any = _NOT_PARSED

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body as text, decoded by the charset its Content-Type names (UTF-8 when it names none)."""
        return self.http_response.text

    def json(self) -> Any:
        """Return the parsed JSON body (parsed once); raise ApiDecodeError when it is not JSON.

        The parser is pydantic's, the one `parse` uses: a body nested too deeply or holding a number
        too large is not JSON to either, so whatever is read is safe to repr, copy and pickle. Only
        keys go through its string cache: values (a listing's paths, ids, times) are mostly new on
        every page, and caching them made parsing a 1,000-file page take ~1.8x as long.
        """
        if self._json is _NOT_PARSED:
            try:
                self._json = from_json(self.content, cache_strings="keys")
            except ValueError as exc:
                raise self._decode_error(str(exc)) from None
        return self._json

    def try_json(self) -> Any:
        """Return the parsed JSON body, or None when it is empty or not JSON."""
        try:
            return self.json()
        except ApiDecodeError:
            return None

    @overload
    def parse(self, model_type: type[T]) -> T: ...

    @overload
    def parse(self, model_type: Any) -> Any: ...  # a type alias (a union, `list[Model]` named in the spec)

    def parse(self, model_type: Any) -> Any:
        """Validate the raw body against `model_type` (a model, `list[Model]`, ...) and return it."""
        adapter = type_adapter(model_type)
        try:
            return self._validated(adapter)
        except ValidationError as exc:
            if any(e["type"] == "json_invalid" for e in exc.errors()):
                detail = exc.errors(include_url=False, include_input=False)[0]["msg"]
                raise self._decode_error(detail) from None
            raise self.validation_error(exc, _type_name(model_type)) from None

    def try_parse(self, adapter: TypeAdapter[T]) -> T | None:
        """Validate the body against `adapter`; None when it is not JSON or does not match."""
        try:
            return self._validated(adapter)
        except ValidationError:
            return None

    def _validated(self, adapter: TypeAdapter[T]) -> T:
        """The body validated by `adapter`: from the bytes, unless it was already parsed."""
        if self._json is not _NOT_PARSED:
            return adapter.validate_python(self._json)
        return adapter.validate_json(self.content)

    def validate(self, value: Any, adapter: TypeAdapter[T], what: str) -> T:
        """Validate a part of the parsed body; a mismatch raises ApiResponseValidationError."""
        try:
            return adapter.validate_python(value)
        except ValidationError as exc:
            raise self.validation_error(exc, what) from None

    def validation_error(self, exc: ValidationError, what: str) -> ApiResponseValidationError:
        """Return the error for a body that is JSON but does not match `what`."""
        summary = f"Response of {self.operation_id} (HTTP {self.status_code}) does not match {what}: "
        summary += validation_summary(exc)
        errors = [dict(e) for e in exc.errors(include_url=False, include_input=False)]
        return ApiResponseValidationError(
            self._redact(summary), operation_id=self.operation_id, status_code=self.status_code, errors=errors
        )

    def body_quote(self) -> str:
        """The first characters of the body, credentials redacted: what an error quotes."""
        return self._redact(body_start(self.content))

    def _decode_error(self, detail: str) -> ApiDecodeError:
        start = self.body_quote()
        shown = repr(start) if start else "an empty body"
        summary = f"Response of {self.operation_id} (HTTP {self.status_code}) is not valid JSON ({detail}): {shown}"
        return ApiDecodeError(summary, operation_id=self.operation_id, status_code=self.status_code, body_start=start)

    def __repr__(self) -> str:
        return f"<ApiResponse [{self.status_code}] {self.operation_id}>"

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

from ._errors import ApiDecodeError, ApiResponseValidationError

T = TypeVar("T")

BODY_QUOTE_CHARS = 200
_NOT_PARSED: Any = object()


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
        too large is not JSON to either, so whatever is read is safe to repr, copy and pickle.
        """
        if self._json is _NOT_PARSED:
            try:
                self._json = from_json(self.content)
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

    def _decode_error(self, detail: str) -> ApiDecodeError:
        start = self._redact(body_start(self.content))
        shown = repr(start) if start else "an empty body"
        summary = f"Response of {self.operation_id} (HTTP {self.status_code}) is not valid JSON ({detail}): {shown}"
        return ApiDecodeError(summary, operation_id=self.operation_id, status_code=self.status_code, body_start=start)

    def __repr__(self) -> str:
        return f"<ApiResponse [{self.status_code}] {self.operation_id}>"

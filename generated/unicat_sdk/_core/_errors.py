# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Exceptions raised by the SDK: one base class, HTTP status families, transport and body failures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx
from pydantic import BaseModel

from ._status import status_error_name


def _rebuild(cls: type[SdkError], args: tuple[Any, ...], state: dict[str, Any]) -> SdkError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class SdkError(Exception):
    """Base class of every error the SDK raises; any of them survives pickle and copy.

    What an error carries (headers, request, response) was stripped of credentials when it was
    made, so a pickled or copied error holds no token either.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls cls(*args), which the keyword-only fields of subclasses refuse.
        return (_rebuild, (type(self), self.args, self.__dict__))


class ConfigurationError(SdkError, ValueError):
    """A client setting is missing, empty or malformed: raised when the client is built (a token: when it is used)."""


class MissingTokenError(ConfigurationError):
    """No API token was configured, or the token provider returned none."""


class InvalidTokenError(ConfigurationError):
    """A token cannot be sent as a header (control characters, whitespace, non-ASCII); it is never shown."""


class ClientClosedError(SdkError):
    """The client was closed: a call (or a listing's prefetch) sends nothing more."""


class PaginationError(SdkError):
    """A listing cannot go on, e.g. the server sent the same cursor twice."""


@dataclass(frozen=True)
class ProblemDetails:
    """An `application/problem+json` body (RFC 9457): its standard members, and any others in `extensions`."""

    type: str = "about:blank"
    title: str | None = None
    status: int | None = None
    detail: str | None = None
    instance: str | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, body: Any) -> ProblemDetails | None:
        """The problem a parsed body describes, or None when it is not a JSON object."""
        if not isinstance(body, dict):
            return None

        def text(key: str) -> str | None:
            value = body.get(key)
            return value if isinstance(value, str) else None

        status = body.get("status")
        standard = ("type", "title", "status", "detail", "instance")
        return cls(
            type=text("type") or "about:blank",
            title=text("title"),
            status=status if isinstance(status, int) and not isinstance(status, bool) else None,
            detail=text("detail"),
            instance=text("instance"),
            extensions={k: v for k, v in body.items() if k not in standard},
        )


class ApiError(SdkError):
    """The server answered with an error: an HTTP error status or a failed envelope.

    A documented error subclass sets the class variables `error_key` (the value the
    envelope's key pointer carries) and `parameters_model` (a pydantic model that
    `parameters` is validated into). On any instance, `error_key` is the key actually
    received (None when the body had none) and `str(error)` is a one-line summary.
    An `application/problem+json` answer sets `problem` (type, title, status, detail,
    instance); its summary shows the title and the detail.
    """

    error_key: ClassVar[str | None] = None
    parameters_model: ClassVar[type[BaseModel] | None] = None
    parameters: Any

    def __init__(
        self,
        summary: str,
        *,
        status_code: int,
        operation_id: str = "",
        headers: httpx.Headers | None = None,
        body: Any = None,
        raw_text: str = "",
        request_id: str | None = None,
        error_key: str | None = None,
        error_code: str | None = None,
        error_instance_id: str | None = None,
        parameters: Any = None,
        message: str | None = None,
        http_response: httpx.Response | None = None,
        problem: ProblemDetails | None = None,
    ) -> None:
        super().__init__(summary)
        self.status_code = status_code
        self.operation_id = operation_id
        self.headers = headers if headers is not None else httpx.Headers()
        self.body = body
        self.raw_text = raw_text
        self.request_id = request_id
        self.error_code = error_code
        self.error_instance_id = error_instance_id
        self.parameters = parameters
        self.message = message
        self.http_response = http_response
        self.problem = problem
        # `error_key` is a ClassVar for documented subclasses; a generic instance keeps
        # the key it received in its own __dict__, which shadows the class value.
        self.__dict__["error_key"] = error_key if error_key is not None else type(self).error_key


class BadRequestError(ApiError):
    """HTTP 400: the request was malformed or had an invalid argument."""


class UnauthorizedError(ApiError):
    """HTTP 401: the token is missing, invalid or expired."""


class PermissionDeniedError(ApiError):
    """HTTP 403: the token may not do this."""


class NotFoundError(ApiError):
    """HTTP 404: the resource does not exist or is not visible."""


class ConflictError(ApiError):
    """HTTP 409: the request conflicts with the resource's state."""


class RequestEntityTooLargeError(ApiError):
    """HTTP 413: the request body is too large."""


class UnprocessableEntityError(ApiError):
    """HTTP 422: the request was well-formed but could not be processed."""


class RateLimitError(ApiError):
    """HTTP 429: too many requests."""


class InternalServerError(ApiError):
    """HTTP 5xx: the server failed."""


class ServiceUnavailableError(InternalServerError):
    """HTTP 503: the server is overloaded or down for maintenance."""


# The classes _status.py names (each status's class is chosen there, by name).
_BY_NAME: dict[str, type[ApiError]] = {
    cls.__name__: cls
    for cls in (
        ApiError,
        BadRequestError,
        UnauthorizedError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        RequestEntityTooLargeError,
        UnprocessableEntityError,
        RateLimitError,
        InternalServerError,
        ServiceUnavailableError,
    )
}


def status_error_class(status_code: int) -> type[ApiError]:
    """Return the exception class for an HTTP status (ApiError for unmapped ones; _status.py maps them)."""
    return _BY_NAME[status_error_name(status_code)]


class ApiConnectionError(SdkError):
    """The request did not get a response: DNS, connect, TLS or protocol failure."""

    def __init__(self, summary: str, *, operation_id: str = "", request: httpx.Request | None = None) -> None:
        super().__init__(summary)
        self.operation_id = operation_id
        self.request = request


class ApiTimeoutError(ApiConnectionError):
    """The request timed out (connect, read, write or pool)."""


class ApiDecodeError(SdkError):
    """A response body that should be JSON cannot be decoded: not JSON, empty, truncated, too deep or too large."""

    def __init__(self, summary: str, *, operation_id: str, status_code: int, body_start: str) -> None:
        super().__init__(summary)
        self.operation_id = operation_id
        self.status_code = status_code
        self.body_start = body_start


class ResponseTooLargeError(ApiDecodeError):
    """A response body is larger than the client's `max_response_bytes`: refused before it is all in memory."""

    def __init__(self, summary: str, *, operation_id: str, status_code: int, limit: int) -> None:
        super().__init__(summary, operation_id=operation_id, status_code=status_code, body_start="")
        self.limit = limit


class ApiResponseValidationError(SdkError):
    """A JSON response body does not match the model the operation declares."""

    def __init__(self, summary: str, *, operation_id: str, status_code: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(summary)
        self.operation_id = operation_id
        self.status_code = status_code
        self.errors = errors

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Which error class an HTTP status raises, by the class's name (the classes are in _errors.py).

Standard library only: the generator imports it too (an operation's documented errors name these classes),
and importing it must not load httpx or pydantic (see __init__.py).
"""

from __future__ import annotations

STATUS_ERRORS: dict[int, str] = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    413: "RequestEntityTooLargeError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    503: "ServiceUnavailableError",
}
SERVER_ERROR = "InternalServerError"  # every other 5xx
OTHER_ERROR = "ApiError"  # every other status


def status_error_name(status_code: int) -> str:
    """The name of the exception class an HTTP status raises (ApiError for unmapped ones)."""
    if status_code in STATUS_ERRORS:
        return STATUS_ERRORS[status_code]
    return SERVER_ERROR if 500 <= status_code <= 599 else OTHER_ERROR

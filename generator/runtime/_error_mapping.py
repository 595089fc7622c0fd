"""Turn an error response into the most specific exception: documented class, else status class."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from ._envelope import ErrorEnvelope
from ._errors import (
    ApiError,
    PermissionDeniedError,
    ProblemDetails,
    UnauthorizedError,
    UnprocessableEntityError,
    status_error_class,
)
from ._media import essence
from ._operation import Operation
from ._redact import redact_json, scrubbed_headers, scrubbed_response
from ._response import ApiResponse, body_start

_PARAMS_CHARS = 300
_REQUEST_ID_HEADERS = ("x-request-id", "request-id")


def _optional_text(value: Any) -> str | None:
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def _status_class_for_failed_envelope(code: Any) -> type[ApiError]:
    """Pick the class for a 2xx body that reports failure: by its code when that is an HTTP status."""
    number = code if isinstance(code, int) and not isinstance(code, bool) else None
    if isinstance(code, str) and code.isdigit():
        number = int(code)
    if number is not None and 400 <= number <= 599:
        return status_error_class(number)
    if number is not None and number >= 1000:
        return UnprocessableEntityError
    return ApiError


def access_hints(
    *, token_env: str | None, scope: Mapping[str, str], credentials: str | None = None
) -> dict[type[ApiError], str]:
    """What to check after a 401 or a 403: the token, then what its user may reach (`scope`: the client's path values).

    `credentials`: how the client's other credentials are given, when it holds no bearer token
    (`pass api_key=... or set $PET_API_KEY`); "" when it holds none at all.
    """
    if credentials is not None and token_env is None:
        unauthorized = (
            f"Check the credentials ({credentials}): they are missing, invalid or expired."
            if credentials
            else "The client has no credentials: its API description declares none this operation needs."
        )
        return {
            UnauthorizedError: unauthorized,
            PermissionDeniedError: "The credentials were accepted but may not do this.",
        }
    source = f"token=, token_provider= or ${token_env}" if token_env else "token= or token_provider="
    if scope:
        reach = " and ".join(f"{name} {value!r}" for name, value in scope.items())
        denied = f"check that the token's user is a member of {reach} and allowed to do this."
    else:
        denied = "check the user's permissions and, for an OAuth2 application, the token's scopes."
    return {
        UnauthorizedError: f"Check the token ({source}): it is missing, invalid or expired.",
        PermissionDeniedError: f"The token was accepted but may not do this: {denied}",
    }


def error_from_response(
    operation: Operation,
    response: ApiResponse,
    envelope: ErrorEnvelope,
    *,
    logger: logging.Logger,
    redact: Callable[[str], str],
    hints: Mapping[type[ApiError], str] | None = None,
) -> ApiError:
    """Build the exception for an error response (HTTP error status, or a 2xx whose envelope failed)."""
    status = response.status_code
    body = redact_json(response.try_json(), redact)  # what the error carries holds no token, not even echoed
    key = _optional_text(envelope.get(body, "key"))
    code = _optional_text(envelope.get(body, "code"))
    message = _optional_text(envelope.get(body, "message"))
    instance_id = _optional_text(envelope.get(body, "instance_id"))
    raw_parameters = envelope.get(body, "parameters")
    problem = None
    if essence(response.headers.get("Content-Type")) == "application/problem+json":
        problem = ProblemDetails.from_json(body)
    if problem is not None:
        message = message or problem.detail
    if 200 <= status <= 299:
        cls = _status_class_for_failed_envelope(envelope.get(body, "code"))
    else:
        cls = status_error_class(status)
    parameters: Any = raw_parameters
    documented = operation.errors.get(key) if key is not None else None
    if documented is not None:
        model = documented.parameters_model
        try:
            parameters = model.model_validate(raw_parameters or {}) if model is not None else raw_parameters
            cls = documented
        except ValidationError as exc:
            logger.warning(
                "%s on %s: parameters do not match %s (%d problems); raising %s",
                key,
                operation.operation_id,
                model.__name__ if model is not None else "?",
                exc.error_count(),
                cls.__name__,
            )
    headers = scrubbed_headers(response.headers, redact)
    request_id = next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None) or instance_id
    summary = _summary(
        operation,
        response,
        envelope,
        key=key,
        code=code,
        message=message,
        params=raw_parameters,
        instance_id=instance_id,
        title=problem.title if problem is not None else None,
    )
    hint = next((text for base, text in (hints or {}).items() if issubclass(cls, base)), None)
    if hint:
        summary += f". {hint}" if not summary.endswith(".") else f" {hint}"
    return cls(
        redact(summary),
        status_code=status,
        operation_id=operation.operation_id,
        headers=headers,
        body=body,
        raw_text=redact(body_start(response.content)),
        request_id=request_id,
        error_key=key,
        error_code=code,
        error_instance_id=instance_id,
        parameters=parameters,
        message=message,
        http_response=scrubbed_response(response.http_response, redact),
        problem=problem,
    )


def _summary(
    operation: Operation,
    response: ApiResponse,
    envelope: ErrorEnvelope,
    *,
    key: str | None,
    code: str | None,
    message: str | None,
    params: Any,
    instance_id: str | None,
    title: str | None = None,
) -> str:
    """Return `BranchNotFound (404) on listFiles: {...} [errorInstanceId ...]`, never with headers."""
    status = response.status_code
    reason = response.http_response.reason_phrase or "HTTP error"
    label = key or code or title or reason
    if label == str(status):  # a numeric code that only repeats the status: name the status instead
        label = reason
    if not 200 <= status <= 299:
        status_text = str(status)
    else:
        status_text = f"HTTP {status}, code {code}" if code else f"HTTP {status}"
    text = f"{label} ({status_text}) on {operation.operation_id}"
    details: list[str] = []
    if message and message != label:
        details.append(message)
    if params:
        shown = repr(params)
        details.append(shown if len(shown) <= _PARAMS_CHARS else shown[: _PARAMS_CHARS - 3] + "...")
    if 300 <= status <= 399 and "location" in response.headers:
        details.append(f"redirect to {response.headers['location']} not followed")
    if not details and response.try_json() is None and response.content:
        details.append(repr(body_start(response.content, 120)))
    if details:
        text += ": " + " ".join(details)
    if instance_id:
        text += f" [{envelope.instance_id_label()} {instance_id}]"
    return text

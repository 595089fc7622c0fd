"""Error bodies in each service's envelope, raised by handlers as ApiError."""

from __future__ import annotations

from typing import Any

from .specs import Style

UNICAT_REALM = 'Bearer realm="JWT access to Unicat."'
HTTP_MESSAGES = {
    400: "Bad request",
    401: "Permission denied",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    422: "Unprocessable entity",
    429: "Too many requests",
    500: "Internal server error",
    501: "Not implemented",
    503: "Service unavailable",
}
UNICAT_APP_MESSAGES = {
    1000: "Unexpected error",
    1001: "Input validation error",
    1002: "Search error",
    1003: "Process error",
    1004: "Invite invalid",
    1005: "Excel worksheet invalid",
    1006: "Selection error - selection or cursor parameter is invalid",
}


class ApiError(Exception):
    """An error answer: HTTP status, JSON body (None for an empty body) and extra headers."""

    def __init__(self, status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def foundry(status: int, code: str, name: str, instance_id: str, parameters: dict[str, Any] | None = None) -> ApiError:
    """A Foundry-envelope error: `{errorCode, errorName, errorInstanceId, parameters}`."""
    body = {"errorCode": code, "errorName": name, "errorInstanceId": instance_id, "parameters": parameters or {}}
    return ApiError(status, body)


def unicat(code: int, info: dict[str, Any] | None = None, message: str | None = None) -> ApiError:
    """A Unicat-envelope error; codes from 1000 up are application errors sent with HTTP 422."""
    status = 422 if code >= 1000 else code
    text = message or UNICAT_APP_MESSAGES.get(code) or HTTP_MESSAGES.get(code, "Error")
    body = {"success": False, "result": {"code": code, "message": text, "info": info or {}}, "data": {}}
    headers = {"WWW-Authenticate": UNICAT_REALM} if code == 401 else {}
    return ApiError(status, body, headers)


FOUNDRY_HTTP = {
    400: ("INVALID_ARGUMENT", "Conjure:InvalidArgument"),
    401: ("UNAUTHORIZED", "Default:Unauthorized"),
    403: ("PERMISSION_DENIED", "Default:PermissionDenied"),
    404: ("NOT_FOUND", "Default:NotFound"),
    405: ("INVALID_ARGUMENT", "Default:MethodNotAllowed"),
    422: ("INVALID_ARGUMENT", "Conjure:UnprocessableEntity"),
    500: ("INTERNAL", "Default:Internal"),
    501: ("INTERNAL", "Default:NotImplemented"),
    503: ("INTERNAL", "Default:ServiceUnavailable"),
}


def http_error(style: Style, status: int, instance_id: str, info: dict[str, Any] | None = None) -> ApiError:
    """A generic HTTP-level error of a status in the service's envelope."""
    if style == "unicat":
        return unicat(status, info)
    if style == "plain":  # a document that names no envelope: the status and a message, no vendor's format
        return ApiError(
            status, {"status": status, "message": HTTP_MESSAGES.get(status, "Error"), "details": info or {}}
        )
    code, name = FOUNDRY_HTTP.get(status, ("INTERNAL", f"Default:Http{status}"))
    return foundry(status, code, name, instance_id, info)

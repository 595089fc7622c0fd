"""What a handler gets (a validated call) and gives back (a reply), and the service interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .envelopes import ApiError
from .specs import Operation


@dataclass(frozen=True)
class Problem:
    """One way a request breaks the spec: where (path, query, body), what (a name or pointer) and why."""

    location: str
    name: str
    message: str


@dataclass
class Call:
    """A routed, authenticated request: path parameters, typed query values and the parsed JSON body."""

    operation: Operation
    path_params: dict[str, str]
    query: dict[str, Any]
    body: Any
    token: str


@dataclass
class Reply:
    """A successful answer."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"  # a body of another media type is bytes


class ServiceApp(Protocol):
    """The behaviour of one service behind the spec-driven HTTP layer."""

    def authorize(self, call: Call) -> None:
        """Raise ApiError when the token may not call the operation (scopes, membership)."""

    def prevalidate(self, call: Call, raw_query: dict[str, str]) -> None:
        """Raise a documented error that takes precedence over generic validation (preview flag, page size)."""

    def invalid(self, call: Call, problems: list[Problem]) -> ApiError:
        """The error for a request that does not match the spec."""

    def handles(self, operation_id: str) -> bool:
        """Whether a hand-written handler answers the operation (else a reply is built from the spec)."""

    def handle(self, call: Call) -> Reply:
        """Answer a valid request."""

    def decorate(self, call: Call, reply: Reply) -> None:
        """Add per-service headers to a successful reply (a renewed token)."""

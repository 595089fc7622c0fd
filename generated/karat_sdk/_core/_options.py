# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Per-call overrides and the timeout defaults."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._response import ApiResponse

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_CONNECT_TIMEOUT = 10.0


@dataclass(frozen=True, kw_only=True)
class RequestOptions:
    """Per-call overrides: retries, timeout, deadline and extra headers; None keeps the client's setting.

    `deadline` bounds the whole call in seconds: every attempt, and every back-off between them
    (a server's Retry-After included); a retry that could not start before it is not made, and the
    last attempt's error is raised at once. A number given as `timeout` is the call's deadline too,
    unless `deadline` is given.

    `on_response` is called with every successful raw response of the call (each page of a
    listing, each chunk of a batch): the way to read status codes and headers beside the
    parsed result.
    """

    max_retries: int | None = None
    timeout: float | httpx.Timeout | None = None
    deadline: float | None = None
    extra_headers: Mapping[str, str] | None = None
    on_response: Callable[[ApiResponse], None] | None = None

    def __post_init__(self) -> None:
        if self.max_retries is not None and self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.deadline is not None and self.deadline <= 0:
            raise ValueError("deadline must be > 0 seconds")


def to_timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    """Return an httpx.Timeout; a number is the overall limit, with connect capped at 10 s."""
    if isinstance(value, httpx.Timeout):
        return value
    if value <= 0:
        raise ValueError("timeout must be > 0 seconds")
    return httpx.Timeout(value, connect=min(float(value), DEFAULT_CONNECT_TIMEOUT))


def default_deadline(timeout: float | httpx.Timeout) -> float | None:
    """The deadline of a call when none is given: the timeout, when a number; else its longest limit."""
    if not isinstance(timeout, httpx.Timeout):
        return float(timeout)
    limits = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t is not None]
    return max(limits) if limits else None


def clipped(timeout: httpx.Timeout, remaining: float | None) -> httpx.Timeout:
    """`timeout` with no limit longer than the `remaining` seconds of the call's deadline."""
    if remaining is None:
        return timeout

    def clip(limit: float | None) -> float:
        return remaining if limit is None else min(limit, remaining)

    return httpx.Timeout(
        connect=clip(timeout.connect), read=clip(timeout.read), write=clip(timeout.write), pool=clip(timeout.pool)
    )

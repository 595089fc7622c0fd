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
    """Per-call overrides: retries, timeout and extra headers; None keeps the client's setting.

    `on_response` is called with every successful raw response of the call (each page of a
    listing, each chunk of a batch): the way to read status codes and headers beside the
    parsed result.
    """

    max_retries: int | None = None
    timeout: float | httpx.Timeout | None = None
    extra_headers: Mapping[str, str] | None = None
    on_response: Callable[[ApiResponse], None] | None = None

    def __post_init__(self) -> None:
        if self.max_retries is not None and self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")


def to_timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    """Return an httpx.Timeout; a number is the overall limit, with connect capped at 10 s."""
    if isinstance(value, httpx.Timeout):
        return value
    if value <= 0:
        raise ValueError("timeout must be > 0 seconds")
    return httpx.Timeout(value, connect=min(float(value), DEFAULT_CONNECT_TIMEOUT))

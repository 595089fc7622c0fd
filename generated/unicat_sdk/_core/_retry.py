# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""When to send a request again, and how long to wait first."""

from __future__ import annotations

import email.utils
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

_JITTER_SOURCE = secrets.SystemRandom()
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# Transport failures after which the same request may simply be sent again.
RETRYABLE_TRANSPORT_ERRORS: tuple[type[httpx.RequestError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: retry n waits initial_delay * 2**(n-1), capped, minus jitter.

    `jitter` is the largest fraction taken off a delay (0.25: each wait is 75-100% of its
    slot), so no wait exceeds `max_delay`. A server's `Retry-After`/`retry-after-ms` wins
    over the computed delay, capped at `max_retry_after` seconds.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("delays must be >= 0")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    def backoff(self, retry_number: int, rand: float | None = None) -> float:
        """Return the wait before retry `retry_number` (1 for the first retry); `rand` in [0, 1)."""
        exponent = min(max(retry_number - 1, 0), 62)
        slot = min(self.initial_delay * math.pow(2, exponent), self.max_delay)
        fraction = _JITTER_SOURCE.random() if rand is None else rand
        return slot * (1 - self.jitter * fraction)

    def delay(
        self,
        retry_number: int,
        headers: httpx.Headers | None = None,
        *,
        rand: float | None = None,
        now: Callable[[], float] = time.time,
    ) -> float:
        """Return the wait before a retry: the server's Retry-After if it sent one, else the backoff."""
        hinted = retry_after_seconds(headers, now=now) if headers is not None else None
        if hinted is not None:
            return min(hinted, self.max_retry_after)
        return self.backoff(retry_number, rand)


def retry_after_seconds(headers: httpx.Headers, *, now: Callable[[], float] = time.time) -> float | None:
    """Return the wait a response asks for (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return max(value, 0.0)
    header = headers.get("retry-after")
    if header is None:
        return None
    try:
        value = float(header)
    except ValueError:
        parsed = email.utils.parsedate_tz(header)
        if parsed is None:
            return None
        return max(float(email.utils.mktime_tz(parsed)) - now(), 0.0)
    return max(value, 0.0) if math.isfinite(value) else None


def is_retryable_status(status_code: int) -> bool:
    """Return True for the statuses a safe operation is retried on."""
    return status_code in RETRYABLE_STATUSES

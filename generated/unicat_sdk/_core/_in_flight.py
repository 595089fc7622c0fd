# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Requests on their way, so a 401 can wait for a renewed token that another answer is bringing.

When the server revokes a token as it renews it, requests sent with the old one fail with 401
while the answer carrying the new one may still be on its way to another thread or task. A 401
for the current token is final only once no other request is in flight: until then the client
waits (briefly) for a renewal, and sends the request again with the renewed token.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from types import TracebackType

AWAIT_RENEWAL = -1.0  # the outcome of an attempt that should wait for a renewed token, then be judged again
MAX_AUTH_RETRIES = 10  # sends again after a 401 for a token renewed since (each time renewed again), per call
RENEWAL_WAIT_SECONDS = 5.0  # the longest a 401 waits for the other requests in flight
_POLL_SECONDS = 0.005


class InFlight:
    """Counts requests sent and not yet answered (their renewed token, if any, already adopted)."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        """How many requests are on their way."""
        return self._count

    def __enter__(self) -> None:
        with self._lock:
            self._count += 1

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            self._count -= 1

    def _waiting(self, renewed: Callable[[], bool], until: float) -> bool:
        return not renewed() and self._count > 0 and time.monotonic() < until

    def wait(self, renewed: Callable[[], bool], seconds: float) -> None:
        """Wait until `renewed()`, or no request is in flight, or `seconds` have passed."""
        until = time.monotonic() + min(seconds, RENEWAL_WAIT_SECONDS)
        while self._waiting(renewed, until):
            time.sleep(_POLL_SECONDS)

    async def wait_async(self, renewed: Callable[[], bool], seconds: float) -> None:
        """`wait` for the event loop."""
        until = time.monotonic() + min(seconds, RENEWAL_WAIT_SECONDS)
        while self._waiting(renewed, until):
            await asyncio.sleep(_POLL_SECONDS)

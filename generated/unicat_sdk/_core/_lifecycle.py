# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""A sync client's closed state: back-off sleeps that wake on close, prefetch threads that close joins."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ._errors import ClientClosedError

CLOSE_JOIN_SECONDS = 2.0  # how long close() waits for a prefetch thread whose request is in flight


class Lifecycle:
    """Knows whether the client was closed; sleeps on an Event, so close() wakes every back-off at once."""

    def __init__(self) -> None:
        self._closed = threading.Event()
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    @property
    def closed(self) -> bool:
        """True once close() was called."""
        return self._closed.is_set()

    def check(self, operation_id: str) -> None:
        """Raise ClientClosedError when the client was closed: nothing is sent after close()."""
        if self._closed.is_set():
            raise ClientClosedError(f"{operation_id}: the client was closed; nothing more is sent")

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less when close() is called meanwhile."""
        self._closed.wait(seconds)

    def start_thread(self, target: Callable[[], None]) -> None:
        """Run `target` on a daemon thread that close() waits for (briefly)."""

        def run() -> None:
            try:
                target()
            finally:
                with self._lock:
                    self._threads.discard(thread)

        thread = threading.Thread(target=run, name="sdk-page-prefetch", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def close(self) -> None:
        """Mark the client closed, wake every sleep, and wait for the prefetch threads to end."""
        self._closed.set()
        with self._lock:
            threads = [t for t in self._threads if t is not threading.current_thread()]
        for thread in threads:
            thread.join(CLOSE_JOIN_SECONDS)

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""A sync client's closed state: back-off sleeps that wake on close, prefetch threads that close joins."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from ._errors import ClientClosedError

CLOSE_JOIN_SECONDS = 2.0  # how long close() waits for a prefetch thread whose request is in flight
IDLE_SECONDS = 5.0  # how long a prefetch thread waits for the next page's fetch before it ends
Job = Callable[[], None] | None  # None: end the thread


class Lifecycle:
    """Knows whether the client was closed; sleeps on an Event, so close() wakes every back-off at once."""

    def __init__(self) -> None:
        self._closed = threading.Event()
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self._idle = 0  # threads waiting for a job, less the jobs handed to them not yet taken

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
        """Run `target` on a daemon thread that close() waits for (briefly).

        The threads stay for the next page's fetch (IDLE_SECONDS): starting a thread per page
        cost the listing a few milliseconds a page, waiting for it to start.
        """
        with self._lock:
            if self._idle > 0 and not self._closed.is_set():  # a thread waits in _serve: hand the job over
                self._idle -= 1
                self._jobs.put(target)
                return
            thread = threading.Thread(target=self._serve, args=(target,), name="sdk-page-prefetch", daemon=True)
            self._threads.add(thread)
        thread.start()

    def _serve(self, job: Job) -> None:
        """Run jobs until told to end, or none came for IDLE_SECONDS."""
        try:
            while job is not None:
                job()
                with self._lock:
                    self._idle += 1
                job = self._next_job()
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def _next_job(self) -> Job:
        while True:
            try:
                return self._jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._jobs.empty():  # nobody handed this thread a job meanwhile: it ends
                        self._idle -= 1
                        return None

    def close(self) -> None:
        """Mark the client closed, wake every sleep, and wait for the prefetch threads to end."""
        self._closed.set()
        with self._lock:
            threads = [t for t in self._threads if t is not threading.current_thread()]
            for _ in threads:
                self._jobs.put(None)  # each thread ends after its current job, if any
        for thread in threads:
            thread.join(CLOSE_JOIN_SECONDS)

"""Requests on their way, and the one way out of the renewal race: a 401 is retried alone.

Unicat revokes a token as it renews it: every request still on its way with the old token fails
with 401, and so may its retry, if another answer renews (and revokes) the token it was retried
with. Waiting for the renewal alone did not end that race: with 8 threads or tasks and a renewal
every second answer, a call was refused 10 times in a row and failed (issue 23).

The fix: a 401 a renewal may explain is judged, and retried, *alone*. The call takes the gate
(`alone`): new requests wait at `sending`, and the ones in flight are drained, each adopting the
token its answer renewed. Then no answer is outstanding, so the current token is the last one
adopted, and nothing can revoke it: a token is revoked only by the renewal of a request that
carried it, and that renewal is adopted after it. If the current token differs from the one the
401 was for, the call is sent again, still alone, with it; if not, the 401 is final. The gate is
released as soon as that retry is answered. Waits are bounded (RENEWAL_WAIT_SECONDS), so a stuck
request cannot hold up the others for long; after that the retry goes out without the gate.
"""

from __future__ import annotations

import asyncio
import threading
import time

AWAIT_RENEWAL = -1.0  # the outcome of an attempt that should be judged again alone (see the module docstring)
MAX_AUTH_RETRIES = 10  # sends again after a 401 for a token renewed since (each time renewed again), per call
RENEWAL_WAIT_SECONDS = 5.0  # the longest a 401 waits for the requests in flight, or a request for the gate
_POLL_SECONDS = 0.002  # the async waits poll: the client may be shared by tasks of several loops


class InFlight:
    """Counts requests sent and not yet answered (their renewed token adopted); one call at a time may go alone."""

    def __init__(self) -> None:
        self._count = 0
        self._alone = False
        self._changed = threading.Condition(threading.Lock())

    @property
    def count(self) -> int:
        """How many requests are on their way."""
        return self._count

    # ---------------------------------------------------------------- every request

    def enter(self) -> bool:
        """Count a request as sent, after waiting (bounded) while a call goes alone; True if it waited."""
        with self._changed:
            waited = self._alone
            if waited:
                self._changed.wait_for(lambda: not self._alone, RENEWAL_WAIT_SECONDS)
            self._count += 1
        return waited

    async def enter_async(self) -> bool:
        """`enter` for the event loop."""
        waited = self._alone
        until = time.monotonic() + RENEWAL_WAIT_SECONDS
        while self._alone and time.monotonic() < until:
            await asyncio.sleep(_POLL_SECONDS)
        with self._changed:
            self._count += 1
        return waited

    def leave(self) -> None:
        """The request was answered (or failed), its renewed token adopted."""
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    # ---------------------------------------------------------------- a 401 a renewal may explain

    def alone(self, seconds: float) -> bool:
        """Take the gate and wait until nothing is in flight; True when the gate was taken (release it)."""
        until = time.monotonic() + min(seconds, RENEWAL_WAIT_SECONDS)
        with self._changed:
            if not self._changed.wait_for(lambda: not self._alone, until - time.monotonic()):
                return False
            self._alone = True
            self._changed.wait_for(lambda: self._count == 0, until - time.monotonic())
        return True

    async def alone_async(self, seconds: float) -> bool:
        """`alone` for the event loop."""
        until = time.monotonic() + min(seconds, RENEWAL_WAIT_SECONDS)
        while True:
            with self._changed:
                if not self._alone:
                    self._alone = True
                    break
            if time.monotonic() >= until:
                return False
            await asyncio.sleep(_POLL_SECONDS)
        try:
            while self._count > 0 and time.monotonic() < until:
                await asyncio.sleep(_POLL_SECONDS)
        except BaseException:  # cancelled while draining: the gate is not held
            self.release()
            raise
        return True

    def release(self) -> None:
        """Open the gate again."""
        with self._changed:
            self._alone = False
            self._changed.notify_all()

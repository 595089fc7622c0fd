# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""When a listing's prefetched page request has gone out: the reader of the current page waits for that.

A prefetch only overlaps the server's work with reading the current page if its request is sent at
once. A prefetch thread (or task) needs the GIL (or the event loop) to send it, and the reader holds
them while it validates items; so the pager waits, off the GIL, until the request is written, and
then reads the page without handing turns over item after item (which cost far more: `time.sleep(0)`
alone sleeps some 50-70 microseconds on Linux). The moment comes from httpcore's `trace` extension;
a transport that does not trace (httpx.MockTransport) signals when the fetch ends instead, and the
pager never waits longer than SEND_WAIT_SECONDS.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import httpx

SEND_WAIT_SECONDS = 0.02
SENT_EVENT = "send_request_body.complete"  # httpcore's name for it, after "http11." or "http2."

on_request_sent: ContextVar[Callable[[], None] | None] = ContextVar("sdk_on_request_sent", default=None)


def watch_sent(request: httpx.Request) -> None:
    """Make a sync request call this context's `on_request_sent` (if any) once it is written."""
    callback = on_request_sent.get()
    if callback is None:
        return

    def trace(event: str, _: dict[str, Any]) -> None:
        if event.endswith(SENT_EVENT):
            callback()

    request.extensions = {**request.extensions, "trace": trace}


def awatch_sent(request: httpx.Request) -> None:
    """`watch_sent` for a request sent by httpx.AsyncClient (whose trace hook is a coroutine)."""
    callback = on_request_sent.get()
    if callback is None:
        return

    async def trace(event: str, _: dict[str, Any]) -> None:
        if event.endswith(SENT_EVENT):
            callback()

    request.extensions = {**request.extensions, "trace": trace}

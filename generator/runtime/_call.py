"""One call's arguments as a generated method passes them, and the settings they resolve to once."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from ._operation import Operation
from ._options import RequestOptions
from ._request_body import RequestBody, Rewind
from ._security import Requirement

if TYPE_CHECKING:
    from ._response import ApiResponse


@dataclass(frozen=True, kw_only=True)
class Call:
    """The arguments of one call: parameters by location (wire names), the body and the per-call options.

    `json` is a JSON-ready body; `body` is any other
    body (raw, form, multipart); a call has at most one of them. None anywhere means "not given".
    Sync and async `request`, `stream`, `events` and `paginate` all take this one value.
    """

    path_params: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    json: Any = None
    body: RequestBody | None = None
    headers: Mapping[str, Any] | None = None
    cookies: Mapping[str, Any] | None = None
    options: RequestOptions | None = None

    def __post_init__(self) -> None:
        if self.json is not None and self.body is not None:
            raise TypeError("a call sends either a JSON body or another body, not both")


NO_ARGUMENTS = Call()


@dataclass
class Tally:
    """What changes between the attempts of one call: the retries made after a 401 with a renewed token."""

    auth_retries: int = 0


@dataclass(frozen=True, kw_only=True)
class PreparedCall:
    """A call's arguments merged once with the client's defaults and its RequestOptions.

    Everything here is the same on every attempt; only the credentials are applied per attempt
    (a token provider is asked each time) and `tally` counts the retries after a 401.
    """

    operation: Operation
    requirement: Requirement  # the security alternative chosen for this call; () sends no credentials
    url: str  # the query string included, encoded
    json: Any
    headers: Mapping[str, str]
    timeout: httpx.Timeout
    max_retries: int
    on_response: Callable[[ApiResponse], None] | None = None
    body: RequestBody | None = None
    rewind: Rewind = field(default_factory=lambda: Rewind(None))
    deadline_at: float | None = None  # time.monotonic() by which the call, retries included, must end
    tally: Tally = field(default_factory=Tally)

    def remaining(self) -> float | None:
        """Seconds left before the call's deadline (None: no deadline)."""
        return None if self.deadline_at is None else self.deadline_at - time.monotonic()

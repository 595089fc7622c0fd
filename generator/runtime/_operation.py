"""Operation descriptors and the rendering of their paths and query strings."""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ._errors import ApiError

_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One API operation as the generated code declares it; plain data, no behaviour of its own."""

    operation_id: str
    method: str
    path: str
    safe_to_retry: bool = False
    errors: Mapping[str, type[ApiError]] = field(default_factory=dict)
    constant_query: Mapping[str, str] = field(default_factory=dict)
    accept: str = "application/json"
    query_delimiters: Mapping[str, str] = field(default_factory=dict)
    security: tuple[tuple[str, ...], ...] | None = None

    def __post_init__(self) -> None:
        method = self.method.upper()
        if method not in _METHODS:
            raise ValueError(f"{self.operation_id}: unsupported HTTP method {self.method!r}")
        object.__setattr__(self, "method", method)
        if not self.path.startswith("/"):
            raise ValueError(f"{self.operation_id}: path must start with '/', got {self.path!r}")
        for key, cls in self.errors.items():
            if not isinstance(key, str) or not (isinstance(cls, type) and issubclass(cls, ApiError)):
                raise TypeError(f"{self.operation_id}: errors must map str keys to ApiError subclasses")

    @property
    def path_param_names(self) -> tuple[str, ...]:
        """Return the names of the path template's placeholders, in order."""
        return tuple(_PLACEHOLDER.findall(self.path))

    def render_path(self, params: Mapping[str, object]) -> str:
        """Fill the path template; each value is percent-encoded whole, so it stays one segment."""
        missing = [name for name in self.path_param_names if params.get(name) is None]
        if missing:
            raise ValueError(f"{self.operation_id}: missing path parameter(s) {', '.join(missing)}")

        def encode(match: re.Match[str]) -> str:
            name = match.group(1)
            text = wire_text(params[name])
            if text in ("", ".", ".."):
                raise ValueError(f"{self.operation_id}: path parameter {name} may not be {text!r}")
            return quote(text, safe="")

        return _PLACEHOLDER.sub(encode, self.path)

    def render_query(self, query: Mapping[str, object] | None) -> list[tuple[str, str]]:
        """Return the query pairs: constant ones first, None dropped, bools as true/false.

        A list repeats its name (`style: form, explode: true`, OpenAPI's default), or is one value
        joined by the parameter's delimiter in `query_delimiters` (`,` for `explode: false`,
        space for `spaceDelimited`, `|` for `pipeDelimited`).
        """
        pairs = [(name, value) for name, value in self.constant_query.items()]
        for name, value in (query or {}).items():
            if name in self.constant_query or value is None:
                continue
            if not isinstance(value, (list, tuple)):
                pairs.append((name, wire_text(value)))
            elif name in self.query_delimiters:
                if value:
                    pairs.append((name, self.query_delimiters[name].join(wire_text(v) for v in value if v is not None)))
            else:
                pairs.extend((name, wire_text(item)) for item in value if item is not None)
        return pairs

    def render_headers(
        self, headers: Mapping[str, object] | None, cookies: Mapping[str, object] | None
    ) -> dict[str, str]:
        """Header parameters (lists comma-joined, `style: simple`) and cookie parameters as one Cookie header."""
        rendered = {name: _simple(value) for name, value in (headers or {}).items() if value is not None}
        crumbs = [
            f"{name}={quote(_simple(value), safe='')}" for name, value in (cookies or {}).items() if value is not None
        ]
        if crumbs:
            rendered["Cookie"] = "; ".join(crumbs)
        for name, text in rendered.items():
            if "\r" in text or "\n" in text:
                raise ValueError(f"{self.operation_id}: header {name} may not contain a line break")
        return rendered


def _simple(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(wire_text(item) for item in value if item is not None)
    return wire_text(value)


def wire_text(value: Any) -> str:
    """Render one scalar the way the API expects it in a path or query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return wire_text(value.value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        raise TypeError(f"a mapping cannot be rendered into a URL: {value!r}")
    return str(value)

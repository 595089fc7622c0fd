# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Operation declarations (the data of a generated `_operations.py`) and the rendering of their requests.

What a declaration can say, and the runtime API a generated method uses with it:

- Parameters: `param_styles[(location, name)] = ParamStyle(style, explode, allow_reserved, content)`
  for any parameter not serialized by its location's default (path, header: `simple`; query,
  cookie: `form`, explode); every OpenAPI 3.1 style is in `_params.py`, and `content=` a media
  type sends the value as JSON text. `constant_query` is always sent; `query_delimiters` is the
  older spelling of `explode: false`.
- Security: `security` is the operation's alternatives, each a tuple of scheme names sent
  together: `(("apiKey",), ("bearer",))`; `()` is `security: []` (no credentials); an empty
  alternative (`(("basic",), ())`: basic when the client has it, else anonymous) allows anonymous
  calls; None inherits the client's default (the document's `security`). The client holds a `Credential` per scheme name (`Credentials` in `_security.py`:
  `BearerCredential` for http bearer, oauth2 and openIdConnect, `BasicCredential`,
  `ApiKeyCredential(key, name=, location="header"|"query"|"cookie")`); a call sends the first
  alternative it holds, and raises MissingCredentialsError when it holds none.
- Servers: `servers=(Server(url, {variable: default}),)` (operation- or path-level) wins over the
  client's base URL for that call; variables come from the client's `server_variables`, else
  their defaults. Credentials go there only at the base URL's origin, or when the operation
  declares `security` itself (so a spec that names a security for an operation on another
  host gets its credentials sent there; an inherited one does not).
- Media: `accept` is the Accept header; `request_media` the Content-Type of a JSON body (any
  `+json` type, e.g. `application/merge-patch+json`); other bodies are `RawBody`, `FormBody` and
  `MultipartBody` (`PartEncoding`: a part's contentType and headers, a form field's style) passed
  as `Call(body=...)`. `_media.media_kind` says how a media type is read and written. `expects=Expects(
  method, media types)`: a success of another kind raises UnexpectedContentTypeError (each form of an
  operation that answers JSON or an event stream, the server choosing by the request, declares it).
- Merge patch: a method's field arguments default to `NOT_GIVEN`; `dump_patch({wire name: argument})`
  sends a None argument as null and leaves a not-given one out (`optional=True`: nothing given is no
  body). A body that is not required and not given is `Call(json=None)`: no body, no Content-Type
  (`any_given(...)` tells whether an optional body's field arguments hold anything).
- Responses: the generated code reads a success with `read_variant(response, VARIANTS)`, where
  `VARIANTS = (ResponseVariant("200", "application/json", Model), ResponseVariant("204", None))`
  (`_variants.py`): None without a body; JSON validated into its type; `text/*` as `str` (its
  charset honoured); anything else as `bytes`. Several variants give a union, chosen by status
  (exact, `2XX`, `default`) and then media type. `text/event-stream`: `client.events(op, call,
  data_type=Model)` yields `ServerSentEvent(data, event, id, retry)` as each event completes
  (sync iterator / async iterator, a context manager either way); `client.stream(op, call)` hands
  bytes over as they arrive.
- Errors: `errors` maps the envelope's error keys to documented classes; an
  `application/problem+json` answer gives the error a `problem` (ProblemDetails).

Every call passes one `Call(path_params=, query=, json= | body=, headers=, cookies=, options=)` to
`request`, `stream`, `events` or `paginate` (sync and async alike).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

from ._errors import ApiError, ConfigurationError
from ._media import Expects
from ._params import (
    FORM,
    SIMPLE,
    ParamStyle,
    Style,
    cookie_pairs,
    expand_path,
    header_value,
    query_fragments,
)
from ._wire import wire_text

__all__ = ["Operation", "ParamStyle", "wire_text"]

_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
_DELIMITED: dict[str, Style] = {",": "form", " ": "spaceDelimited", "|": "pipeDelimited"}
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Server:
    """An operation's (or its path's) server: a URL that may hold `{variables}`, with their defaults.

    A relative URL (`/v2`) is resolved against the client's base URL. Each variable is filled from
    the client's `server_variables`, else its default here; one with neither, or a value its `enum`
    (`choices`) does not allow, is a ConfigurationError.
    """

    url: str
    variables: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def resolve(self, base_url: str, settings: Mapping[str, str], operation_id: str) -> str:
        """The absolute URL of this server, without a trailing slash."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            value = settings.get(name, self.variables.get(name))
            if value is None:
                raise ConfigurationError(
                    f"{operation_id}: server variable {name!r} has no value: pass server_variables"
                )
            allowed = self.choices.get(name)
            if allowed and value not in allowed:
                raise ConfigurationError(
                    f"{operation_id}: server variable {name!r} is {value!r}; the spec allows {', '.join(allowed)}"
                )
            return value

        url = _PLACEHOLDER.sub(fill, self.url)
        if "://" in url:
            return url.rstrip("/")
        if url.startswith("/") or url in ("", "."):  # `/`, `` and `.` (InfluxDB's `/health`): the host's root
            origin = httpx.URL(base_url)
            path = url.rstrip("/") if url.startswith("/") else ""
            return str(origin.copy_with(raw_path=b"", query=None, fragment=None)).rstrip("/") + path
        return base_url.rstrip("/") + "/" + url.rstrip("/")


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One API operation as the generated code declares it: plain data (see the module docstring).

    `security` None inherits the client's default; `()` sends no credentials. `servers` (first one
    used) replaces the base URL for this operation. `param_styles` is keyed by (location, wire name).
    """

    operation_id: str
    method: str
    path: str
    safe_to_retry: bool = False
    errors: Mapping[str, type[ApiError]] = field(default_factory=dict)
    constant_query: Mapping[str, str] = field(default_factory=dict)
    accept: str = "application/json"
    request_media: str = "application/json"
    query_delimiters: Mapping[str, str] = field(default_factory=dict)
    param_styles: Mapping[tuple[str, str], ParamStyle] = field(default_factory=dict)
    security: tuple[tuple[str, ...], ...] | None = None
    servers: tuple[Server, ...] = ()
    expects: Expects | None = None

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

    def style(self, location: str, name: str) -> ParamStyle:
        """How the parameter `name` in `location` is serialized (OpenAPI's default for the location if undeclared)."""
        declared = self.param_styles.get((location, name))
        if declared is not None:
            return declared
        if location == "query" and name in self.query_delimiters:
            return ParamStyle(_DELIMITED.get(self.query_delimiters[name], "form"), explode=False)
        return SIMPLE if location in ("path", "header") else FORM

    def render_path(self, params: Mapping[str, object]) -> str:
        """Fill the path template; each value is expanded by its style (`simple`: percent-encoded whole)."""
        missing = [name for name in self.path_param_names if params.get(name) is None]
        if missing:
            raise ValueError(f"{self.operation_id}: missing path parameter(s) {', '.join(missing)}")

        def encode(match: re.Match[str]) -> str:
            name = match.group(1)
            text = expand_path(name, params[name], self.style("path", name))
            if text in ("", ".", "..", "%2E", "%2E%2E"):
                raise ValueError(f"{self.operation_id}: path parameter {name} may not be {text!r}")
            return text

        return _PLACEHOLDER.sub(encode, self.path)

    def render_query(self, query: Mapping[str, object] | None) -> list[str]:
        """Return the encoded `key=value` fragments of the query: constant ones first, None dropped.

        Each parameter is serialized by its style (`param_styles`; `query_delimiters` is the older
        spelling of `explode: false` with `,`, space or `|`): see `_params.py` for every style.
        """
        fragments = [f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in self.constant_query.items()]
        for name, value in (query or {}).items():
            if name not in self.constant_query:
                fragments += query_fragments(name, value, self.style("query", name))
        return fragments

    def render_headers(
        self, headers: Mapping[str, object] | None, cookies: Mapping[str, object] | None
    ) -> dict[str, str]:
        """Header parameters (`simple`) and cookie parameters (`form`) as one Cookie header."""
        try:
            rendered = {
                name: header_value(value, self.style("header", name))
                for name, value in (headers or {}).items()
                if value is not None
            }
        except ValueError as exc:
            raise ValueError(f"{self.operation_id}: {exc}") from None
        crumbs = [
            crumb
            for name, value in (cookies or {}).items()
            for crumb in cookie_pairs(name, value, self.style("cookie", name))
        ]
        if crumbs:
            rendered["Cookie"] = "; ".join(crumbs)
        return rendered

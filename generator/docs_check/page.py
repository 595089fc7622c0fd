"""The page model: the facts one vendor documentation page states about one operation, each with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class PageError(Exception):
    """A page that cannot be read: another layout, or a truncated copy. Names the page, the line and what is missing."""

    def __init__(self, page: str, line: int, message: str) -> None:
        self.page, self.line, self.message = page, line, message
        super().__init__(f"{page}:{line}: error: cannot read page: {message}")


NO_DEFAULT: Any = object()
"""The `default` of a field whose page states none."""


@dataclass
class DocField:
    """A documented parameter or body field."""

    name: str
    line: int
    where: str  # "path", "query", "body"
    type: str | None = None  # the page's type, as written ("string", "list<Record>", "string (enum)")
    required: bool | None = None  # None: the page does not say
    default: Any = NO_DEFAULT
    enum: list[str] | None = None
    enum_line: int = 0
    parent: str | None = None  # the top-level key this field sits under (Unicat's `result`, `data`)
    description: str | None = None


@dataclass
class DocBody:
    """A documented request or response body: its type and its top-level fields."""

    line: int
    name: str
    type: str | None
    fields: list[DocField] = field(default_factory=list)
    element: str | None = None  # the element type whose fields are listed, for a `list<X>` body


@dataclass
class DocExample:
    """An example body (or request URL) shown on the page."""

    line: int
    value: Any
    query: dict[str, str] = field(default_factory=dict)
    path: str | None = None  # the request URL's path, for a request example
    lines: dict[str, int] = field(default_factory=dict)  # the line of each value, by JSON pointer

    def line_of(self, pointer: str) -> int:
        """The page line of the value at `pointer`, or of its nearest parent the page shows."""
        while pointer not in self.lines and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.lines.get(pointer, self.line)


@dataclass
class DocError:
    """A documented error: a Karat error name with code and status, or a Unicat status or application code."""

    line: int
    status: int | None
    name: str | None = None
    code: str | None = None
    app_code: int | None = None
    parameters: list[str] | None = None
    description: str | None = None


@dataclass
class Located:
    """A value the page states, with its line."""

    line: int
    value: Any


@dataclass
class DocPage:
    """Everything read from one page. `states_*` say which facts this layout can state at all."""

    file: str
    service: str
    layout: str
    method: str
    path: str
    line: int
    title: str | None = None
    description: list[Located] = field(default_factory=list)  # the operation's description, line by line
    parameters: list[DocField] = field(default_factory=list)
    request_body: DocBody | None = None
    response_body: DocBody | None = None
    request_example: DocExample | None = None
    response_example: DocExample | None = None
    errors: list[DocError] = field(default_factory=list)
    preview: Located | None = None
    max_batch: Located | None = None
    scopes: list[Located] = field(default_factory=list)
    requires_auth: Located | None = None
    states_limits: bool = False  # preview, batch size, OAuth scopes
    states_auth: bool = False  # "Requires JWT."

"""Reader of the Unicat API reference layout: a `POST /api/p/<project gid>/...` request line, loose-JSON request
and response examples, prose lists of parameters and fields, and a list of error codes."""

from __future__ import annotations

import re
from typing import Any

from .page import DocBody, DocError, DocExample, DocField, DocPage, Located, PageError
from .pseudo_json import PseudoJsonError, read_json
from .text_lines import TextLines

REQUEST_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/api/\S.*)$")
_REQUEST_AUTH = "Authorization: Bearer <JWT>"
_RESPONSE_AUTH = "Authorization: <JWT>"
_NAME = re.compile(r"^[a-z_][\w.]*$")
_ERROR = re.compile(r"^(\d{3,4})(?:\s+(\S.*))?$")
_DEFAULT = re.compile(r"\(default ([^)]+)\)")


def is_unicat_page(lines: TextLines) -> bool:
    """Whether the text has this layout's request line and JWT header."""
    texts = [text for _, text in lines]
    return any(REQUEST_LINE.match(text) for text in texts) and _REQUEST_AUTH in texts


def read_unicat_page(lines: TextLines) -> DocPage:
    """The facts of one Unicat reference page; PageError when a part every such page has is missing or cut off."""
    number, match = next((n, m) for n, text in lines if (m := REQUEST_LINE.match(text)))
    path = re.sub(r"<([^<>]+)>", lambda m: "{" + m.group(1).replace(" ", "_") + "}", match.group(2).strip())
    page = DocPage(
        file=lines.name,
        service="unicat",
        layout="Unicat API reference",
        method=match.group(1).lower(),
        path=path,
        line=number,
        states_auth=True,
    )
    page.parameters = [
        DocField(name=name, line=number, where="path", required=True) for name in re.findall(r"\{(\w+)\}", path)
    ]
    page.requires_auth = next((Located(n, True) for n, text in lines if text == "Requires JWT."), None)
    page.description = _intro(lines, number)
    request, request_end = _example(lines, _REQUEST_AUTH, number, "request")
    response, response_end = _example(lines, _RESPONSE_AUTH, request_end, "response")
    page.request_example, page.response_example = request, response
    page.request_body = DocBody(line=request.line, name="", type="object")
    page.request_body.fields = _parameters(lines, request_end + 1, response.line)
    errors_start = next((n for n, t in lines.between(response_end + 1, len(lines) + 1) if _is_error(lines, n, t)), 0)
    fields_end = errors_start or len(lines) + 1
    page.response_body = DocBody(line=response_end + 1, name="", type="object")
    page.response_body.fields = _fields(lines, response_end + 1, fields_end, response.value)
    if not errors_start:
        raise PageError(
            lines.name,
            len(lines),
            "no error list (`400 Bad request - ...`) after the response (is the copy cut short?)",
        )
    page.errors = _errors(lines, errors_start)
    return page


def _intro(lines: TextLines, request_line: int) -> list[Located]:
    """The operation's description: the text between the page's path heading (or `Requires JWT.`) and `Request`."""
    texts = [(n, t) for n, t in lines.between(1, request_line) if t]
    start = max((i for i, (_, t) in enumerate(texts) if t.startswith("/api/") or t == "Requires JWT."), default=-1)
    chrome = {"Request", "Unicat API Reference"}
    return [Located(n, t) for n, t in texts[start + 1 :] if t not in chrome and not t.startswith("Up - ")]


def _example(lines: TextLines, marker: str, after: int, role: str) -> tuple[DocExample, int]:
    start = next((n for n, text in lines.between(after, len(lines) + 1) if text == marker), None)
    if start is None:
        raise PageError(lines.name, after, f"no {role} example (a `{marker}` line, then its JSON) after this line")
    offset = lines.raw.find("{", lines.offset_of(start + 1))
    if offset < 0:
        raise PageError(lines.name, start, f"the {role} example has no JSON after `{marker}`")
    try:
        value, end, starts = read_json(lines.raw, offset, loose=True)
    except PseudoJsonError as exc:
        line = lines.line_at(exc.offset)
        raise PageError(lines.name, line, f"the {role} example's JSON is cut off or broken: {exc}") from exc
    positions = {pointer: lines.line_at(start) for pointer, start in starts.items()}
    return DocExample(lines.line_at(offset), value, lines=positions), lines.line_at(end)


def _parameters(lines: TextLines, start: int, end: int) -> list[DocField]:
    """`name description` lines (or a name line, then its description); those before an `optional` line are
    required. Without an `optional` line the page does not say which are required."""
    found: list[DocField] = []
    optional_from: int | None = None
    body = [(n, t) for n, t in lines.between(start, end) if t]
    index = 0
    while index < len(body):
        number, text = body[index]
        index += 1
        if text == "optional":
            optional_from = len(found)
            continue
        name, _, description = text.partition(" ")
        if not _NAME.match(name):
            continue
        if not description and index < len(body):
            description = body[index][1]
            index += 1
        field = DocField(name=name, line=number, where="body", description=description or None)
        if default := _DEFAULT.search(description):
            field.default = _scalar(default.group(1))
        found.append(field)
    if optional_from is not None:
        for position, field in enumerate(found):
            field.required = position < optional_from
    return found


def _fields(lines: TextLines, start: int, end: int, example: Any) -> list[DocField]:
    """The documented response fields: names the response example has under one of its top-level keys."""
    groups = {key: value for key, value in example.items() if isinstance(value, dict)}
    found: dict[str, DocField] = {}
    group: str | None = None
    for number, text in lines.between(start, end):
        name = text.partition(" ")[0]
        if text in groups:
            group = text
        elif parent := (group if group and name in groups[group] else _group_of(groups, name)):
            found.setdefault(parent + "/" + name, DocField(name=name, line=number, where="response", parent=parent))
    return list(found.values())


def _group_of(groups: dict[str, dict[str, Any]], name: str) -> str | None:
    return next((group for group, value in groups.items() if name in value), None)


def _is_error(lines: TextLines, number: int, text: str) -> bool:
    match = _ERROR.match(text)
    if not match:
        return False
    description = match.group(2) or (lines.text(number + 1) if number < len(lines) else "")
    return description[:1].isupper()


def _errors(lines: TextLines, start: int) -> list[DocError]:
    found: list[DocError] = []
    for number, text in lines.between(start, len(lines) + 1):
        if (match := _ERROR.match(text)) and _is_error(lines, number, text):
            code = int(match.group(1))
            text = match.group(2) or (lines.text(number + 1) if number < len(lines) else "")
            error = DocError(line=number, status=None if code >= 1000 else code, app_code=code, name=None)
            error.description = text.strip() or None
            found.append(error)
    return found


def _scalar(text: str) -> Any:
    text = text.strip()
    return int(text) if text.isdigit() else text

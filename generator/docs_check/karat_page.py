"""Reader of the Karat API reference layout: `METHOD/path` under the title, sections of typed entries,
curl and JSON examples, an error table."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .page import DocBody, DocError, DocExample, DocField, DocPage, Located, PageError
from .pseudo_json import PseudoJsonError, read_json
from .text_lines import TextLines

OPERATION_LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)(/\S*)$")
SECTIONS = {
    "Path parameters": "path",
    "Query parameters": "query",
    "Header parameters": "header",
    "Request body": "request",
    "Response body": "response",
    "Examples": "examples",
    "Error responses": "errors",
}
_NAME = re.compile(r"^[A-Za-z_$][\w.$-]*$")
_TYPE = re.compile(r"^(?:[a-z]+|[A-Z]\w*|(?:list|set|map|optional)<.+>)(?: \(enum\))?$")
_CHROME = {"Show child attributes", "Hide child attributes", "optional", "Copied!"}
_PREVIEW = re.compile(r"add (\w+)=(\w+) to the request query parameters")
_BATCH = re.compile(r"maximum batch size for this endpoint is ([\d,]+)")
_SCOPE = re.compile(r"must request the following operation scopes?: ([\w:, -]+?)\.?$")
_DEFAULT = re.compile(r"(?:a default of|Defaults to) ([\d,]+)\b|Defaults to [^.(]*\((\w+)\)")
_LINE_NUMBERS = re.compile(r"^(?:\d+ )+")


def is_karat_page(lines: TextLines) -> bool:
    """Whether the text has this layout's operation line (`POST/api/...`)."""
    return any(OPERATION_LINE.match(text) for _, text in lines)


def read_karat_page(lines: TextLines) -> DocPage:
    """The facts of one Karat reference page; PageError when a part every such page has is missing or cut off."""
    number, match = next((n, m) for n, text in lines if (m := OPERATION_LINE.match(text)))
    page = DocPage(
        file=lines.name,
        service="karat",
        layout="Karat API reference",
        method=match.group(1).lower(),
        path=match.group(2),
        line=number,
        title=lines.previous_text(number),
        states_limits=True,
    )
    sections = _split_sections(lines, number)
    _read_intro(page, lines, number, min((start for start, _ in sections.values()), default=len(lines) + 1))
    for name, (start, end) in sections.items():
        entries = _entries(lines, start + 1, end, name)
        if name in ("path", "query", "header"):
            page.parameters += entries
        elif name in ("request", "response"):
            body = _body(entries, lines, start)
            if name == "request":
                page.request_body = body
            else:
                page.response_body = body
    if "examples" not in sections:
        raise PageError(page.file, len(lines), "no 'Examples' section (is the copy cut short?)")
    page.request_example, page.response_example = _examples(page, lines, *sections["examples"])
    if "errors" in sections:
        page.errors = _errors(lines, *sections["errors"])
    return page


def _split_sections(lines: TextLines, after: int) -> dict[str, tuple[int, int]]:
    starts = [(n, SECTIONS[text]) for n, text in lines if n > after and text in SECTIONS]
    ends = [n for n, _ in starts[1:]] + [len(lines) + 1] * bool(starts)
    return {name: (start, end) for (start, name), end in zip(starts, ends, strict=True)}


def _read_intro(page: DocPage, lines: TextLines, start: int, end: int) -> None:
    for number, text in lines.between(start + 1, end):
        if text and text != "Warning":
            page.description.append(Located(number, text))
        if match := _PREVIEW.search(text):
            page.preview = Located(number, (match.group(1), match.group(2)))
        if match := _BATCH.search(text):
            page.max_batch = Located(number, int(match.group(1).replace(",", "")))
        if match := _SCOPE.search(text):
            page.scopes += [Located(number, scope.strip()) for scope in match.group(1).split(",") if scope.strip()]


def _entries(lines: TextLines, start: int, end: int, where: str) -> list[DocField]:
    """Typed entries: a name line, a type line, maybe `optional`, then description lines."""
    found: list[DocField] = []
    body = [(n, t) for n, t in lines.between(start, end) if t]
    index = 0
    while index < len(body):
        number, text = body[index]
        following = body[index + 1][1] if index + 1 < len(body) else ""
        if _NAME.match(text) and _TYPE.match(following) and text not in _CHROME:
            entry = DocField(name=text, line=number, where=where if where != "request" else "body", type=following)
            index += 2
            entry.required = not (index < len(body) and body[index][1] == "optional")
            found.append(entry)
            continue
        if found and text not in _CHROME:
            _describe(found[-1], number, text)
        index += 1
    return found


def _describe(entry: DocField, number: int, text: str) -> None:
    if text.startswith("Enum values:"):
        entry.enum = [value.strip() for value in text.removeprefix("Enum values:").split(",") if value.strip()]
        entry.enum_line = number
    else:
        entry.description = f"{entry.description} {text}" if entry.description else text
        if match := _DEFAULT.search(text):
            entry.default = int(match.group(1).replace(",", "")) if match.group(1) else match.group(2)


def _body(entries: list[DocField], lines: TextLines, start: int) -> DocBody:
    if not entries:
        raise PageError(lines.name, start, f"'{lines.text(start)}' names no body type")
    head, fields = entries[0], entries[1:]
    body = DocBody(line=head.line, name=head.name, type=head.type)
    element = re.fullmatch(r"list<(\w+)>", head.type or "")
    if element and fields and fields[0].name == element.group(1):
        body.element, fields = fields[0].name, fields[1:]
    body.fields = fields
    return body


def _example_text(lines: TextLines, start: int, end: int, heading: str) -> tuple[int, str] | None:
    seen = False
    for number, text in lines.between(start + 1, end):
        if text == heading:
            seen = True
        elif seen and text and text not in _CHROME:
            return number, _LINE_NUMBERS.sub("", text)
    return None


def _examples(page: DocPage, lines: TextLines, start: int, end: int) -> tuple[DocExample | None, DocExample]:
    request = _example_text(lines, start, end, "Request")
    response = _example_text(lines, start, end, "Response")
    if response is None:
        raise PageError(page.file, end - 1, "the 'Examples' section has no response example")
    number, text = response
    return (_curl_example(page, *request) if request else None), DocExample(number, _json(page, number, text))


def _json(page: DocPage, number: int, text: str) -> Any:
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        raise PageError(page.file, number, "the example holds no JSON")
    try:
        value, end, _ = read_json(text, min(starts))
    except PseudoJsonError as exc:
        raise PageError(
            page.file, number, f"the example's JSON is cut off or broken at column {exc.offset + 1}"
        ) from exc
    if text[end:].strip():
        raise PageError(page.file, number, f"unexpected text after the example's JSON: {text[end:].strip()[:40]!r}")
    return value


def _curl_example(page: DocPage, number: int, text: str) -> DocExample:
    url = re.search(r'"(https?://[^"]+)"', text)
    if url is None:
        raise PageError(page.file, number, "the request example has no quoted URL")
    parts = urlsplit(url.group(1))
    data = re.search(r"-d '(.*)'", text)
    value = _json(page, number, data.group(1).replace("'\\''", "'")) if data else None
    return DocExample(number, value, query=dict(parse_qsl(parts.query, keep_blank_values=True)), path=parts.path)


def _errors(lines: TextLines, start: int, end: int) -> list[DocError]:
    found: list[DocError] = []
    for number, text in lines.between(start + 1, end):
        status = re.fullmatch(r"Status Code(\d+)", text)
        if status and found:
            found[-1].status = int(status.group(1))
        elif match := re.fullmatch(r"(\w+) Code(\w+)", text):
            found.append(DocError(line=number, status=None, name=match.group(1), code=match.group(2)))
        elif found and text.startswith("Description"):
            found[-1].description = text.removeprefix("Description").strip() or None
        elif found and text.startswith("Parameters"):
            found[-1].parameters = [p.strip() for p in text.removeprefix("Parameters").split(",") if p.strip()]
    for error in found:
        if error.status is None:
            raise PageError(lines.name, error.line, f"error {error.name} has no 'Status Code' line")
    return found

"""Read the JSON of documentation examples, including the loose kind: unquoted `<placeholders>`, trailing commas
and elisions (`…`, an empty line) that stand for "more of the same"."""

from __future__ import annotations

import re
from typing import Any


class OpenDict(dict[str, Any]):
    """An object the page shows only in part: the spec's example may have more keys."""


class OpenList(list[Any]):
    """An array the page shows only in part: the spec's example may have more items."""


class PseudoJsonError(ValueError):
    """Text that is not (loose) JSON; `offset` is where reading stopped."""

    def __init__(self, message: str, offset: int) -> None:
        self.offset = offset
        super().__init__(message)


_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<punct>[{}\[\]:,])|(?P<ellipsis>…|\.\.\.)'
    r"|(?P<placeholder><[^<>\n]*>)|(?P<literal>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null))"
)
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


class _Reader:
    def __init__(self, text: str, start: int, loose: bool) -> None:
        self.text, self.offset, self.loose = text, start, loose
        self.starts: dict[str, int] = {}

    def _next(self) -> tuple[str, str]:
        match = _TOKEN.match(self.text, self.offset)
        if match is None or match.lastgroup is None:
            raise PseudoJsonError("not JSON", self.offset)
        if match.lastgroup in ("ellipsis", "placeholder") and not self.loose:
            raise PseudoJsonError("not JSON", self.offset)
        self.offset = match.end()
        return match.lastgroup, match.group(match.lastgroup)

    def _peek(self) -> tuple[str, str]:
        offset = self.offset
        try:
            return self._next()
        finally:
            self.offset = offset

    def value(self, pointer: str = "") -> Any:
        space = re.match(r"\s*", self.text[self.offset :])
        self.starts[pointer] = self.offset + (len(space.group()) if space else 0)
        kind, piece = self._next()
        if kind == "string":
            return _string(piece, self.offset)
        if kind == "placeholder":
            return piece
        if kind == "literal":
            return _LITERALS[piece] if piece in _LITERALS else (float(piece) if "." in piece else int(piece))
        if piece == "{":
            return self._object(pointer)
        if piece == "[":
            return self._array(pointer)
        raise PseudoJsonError(f"unexpected {piece!r}", self.offset)

    def _object(self, pointer: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        elided = False
        if self.loose and self._peek()[1] == "}" and self._blank_line_ahead():
            elided = True  # `{` empty line `}`
        while True:
            kind, piece = self._next()
            if piece == "}":
                break
            if kind == "ellipsis":
                elided = True
            elif kind == "string":
                if self._next()[1] != ":":
                    raise PseudoJsonError("expected ':'", self.offset)
                key = _string(piece, self.offset)
                result[key] = self.value(pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
            else:
                raise PseudoJsonError(f"unexpected {piece!r} in an object", self.offset)
            kind, piece = self._next()
            if piece == "}":
                break
            if piece != ",":
                raise PseudoJsonError(f"expected ',' or '}}', got {piece!r}", self.offset)
            if self.loose and self._peek()[1] == "}" and self._blank_line_ahead():
                elided = True  # `{"a": 1,` then an empty line: the page left the rest out
        return OpenDict(result) if elided else result

    def _blank_line_ahead(self) -> bool:
        """Whether the whitespace at the reading point holds an empty line (where a page elides content)."""
        space = re.match(r"\s*", self.text[self.offset :])
        return space is not None and re.search(r"\n[ \t]*\n", space.group()) is not None

    def _array(self, pointer: str) -> list[Any]:
        result: list[Any] = []
        elided = False
        while True:
            if self._peek()[1] == "]":
                self._next()
                break
            if self._peek()[0] == "ellipsis":
                self._next()
                elided = True
            else:
                result.append(self.value(f"{pointer}/{len(result)}"))
            kind, piece = self._next()
            if piece == "]":
                break
            if piece != ",":
                raise PseudoJsonError(f"expected ',' or ']', got {piece!r}", self.offset)
        return OpenList(result) if elided else result


def _string(piece: str, offset: int) -> str:
    import json

    try:
        value = json.loads(piece)
    except ValueError as exc:
        raise PseudoJsonError("bad string", offset) from exc
    assert isinstance(value, str)
    return value


def read_json(text: str, start: int, *, loose: bool = False) -> tuple[Any, int, dict[str, int]]:
    """The (loose) JSON value that starts at `start`, the offset just after it, and the offset where each value
    starts, by JSON pointer.

    Loose JSON keeps `<placeholders>` as strings, accepts trailing commas and marks what the page elides:
    a `…` item or member, or an empty line where more would follow, make the container an OpenDict or OpenList.
    """
    reader = _Reader(text, start, loose)
    value = reader.value()
    return value, reader.offset, reader.starts

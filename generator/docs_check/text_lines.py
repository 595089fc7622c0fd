"""A page's text as numbered, stripped lines."""

from __future__ import annotations

from collections.abc import Iterator


class TextLines:
    """The lines of a page (1-based numbers, surrounding whitespace stripped) and the page's display name."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.raw = name, text
        self._lines = [line.strip() for line in text.splitlines()]

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(enumerate(self._lines, start=1))

    def text(self, number: int) -> str:
        """The text of line `number`."""
        return self._lines[number - 1]

    def between(self, start: int, end: int) -> list[tuple[int, str]]:
        """The numbered lines from `start` up to, not including, `end`."""
        return [(n, self._lines[n - 1]) for n in range(max(start, 1), min(end, len(self._lines) + 1))]

    def previous_text(self, number: int) -> str | None:
        """The nearest non-empty line before `number`."""
        return next((self._lines[n - 1] for n in range(number - 1, 0, -1) if self._lines[n - 1]), None)

    def offset_of(self, number: int) -> int:
        """The character offset in the raw text where line `number` starts."""
        return sum(len(line) for line in self.raw.splitlines(keepends=True)[: number - 1])

    def line_at(self, offset: int) -> int:
        """The line number of a character offset in the raw text."""
        return self.raw.count("\n", 0, offset) + 1

"""Plain-text tables and the PASS/MISS lines of the targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One target of the issue: what, whether it was met, and the measured figure."""

    text: str
    met: bool
    figure: str

    def line(self) -> str:
        """`PASS  text: figure`."""
        return f"  {'PASS' if self.met else 'MISS'}  {self.text}: {self.figure}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Columns padded to the widest cell; the first left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def fmt(row: Sequence[str]) -> str:
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return indent + "  ".join(cells).rstrip()

    return [fmt(header), indent + "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def ratio(value: float, reference: float) -> str:
    """`0.59x`."""
    return f"{value / reference:.2f}x" if reference else "-"

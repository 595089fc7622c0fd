"""The comparison, per document: does ours do at least what stock does? And the side-by-side table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.openapi.load import read_yaml

from .documents import Document
from .mock import SpecResponder
from .tools import Outcome

Outcomes = dict[tuple[str, str], Outcome]
TOTALS: tuple[tuple[str, Callable[[Outcome], int]], ...] = (
    ("generated", lambda o: o.generated),
    ("imported", lambda o: o.imported),
    ("mypy --strict", lambda o: o.typed),
    ("operations with a method", lambda o: o.methods),
    ("operations called", lambda o: o.called),
    ("works end to end", lambda o: o.works),
)


def document_operations(path: Path) -> int:
    """The operations of a document (a path and a method), as the mock transport routes them."""
    return len(SpecResponder(read_yaml(path.read_text("utf-8"))).routes)


def refused_invalid(doc: Document, ours: Outcome) -> bool:
    """An invalid document that ours refused: the right answer, reported apart from the comparison."""
    return doc.invalid and not ours.generated


def shortfalls(doc: Document, ours: Outcome, stock: Outcome) -> list[str]:
    """Where ours does less than stock on one document; empty when it does at least as much."""
    if refused_invalid(doc, ours):
        return []
    found = []
    if ours.methods < stock.methods:
        found.append(f"operations with a method {ours.methods} < {stock.methods}")
    if ours.called < stock.called:
        found.append(f"operations called {ours.called} < {stock.called}")
    if stock.typed and not ours.typed:
        found.append("mypy --strict fails" if ours.imported else "nothing to type-check")
    if stock.works and not ours.works:
        found.append("stock works end to end, ours does not")
    return found


def all_shortfalls(docs: list[Document], outcomes: Outcomes) -> dict[str, list[str]]:
    """The documents on which ours does less than stock, with what it does less."""
    found = {d.id: shortfalls(d, outcomes[(d.id, "ours")], outcomes[(d.id, "stock")]) for d in docs}
    return {doc_id: problems for doc_id, problems in found.items() if problems}


def refused_members(outcome: Outcome) -> list[str]:
    """The messages of the union members (corpus.unions) that our models refused."""
    return [m for m in outcome.messages if m.startswith("union ") and " refused: " in m]


def not_installed_packages(docs: list[Document], outcomes: Outcomes) -> list[str]:
    """The documents whose package of ours generated but does not install and import in a fresh venv."""
    found = [(d.id, outcomes.get((d.id, "ours"))) for d in docs]
    return [doc_id for doc_id, o in found if o is not None and o.generated and not o.installed]


def _cell(outcome: Outcome | None) -> str:
    if outcome is None:
        return "-"
    marks = "".join(
        mark if ok else "." for mark, ok in (("G", outcome.generated), ("I", outcome.imported), ("M", outcome.typed))
    )
    return f"{marks} {outcome.methods:>3} {outcome.called:>3} {'ok' if outcome.works else '  '}"


def _verdict(doc: Document, outcomes: Outcomes, tools: tuple[str, ...]) -> str:
    if tools != ("ours", "stock"):
        return ""
    ours, stock = outcomes[(doc.id, "ours")], outcomes[(doc.id, "stock")]
    if refused_invalid(doc, ours):
        return "refused (invalid)"
    problems = shortfalls(doc, ours, stock)
    return "LESS: " + "; ".join(problems) if problems else ">= stock"


def table(docs: list[Document], tools: tuple[str, ...], outcomes: Outcomes) -> list[str]:
    """One row a document (operations, then per tool: marks, operations with a method, called), and the totals."""
    width = max([len(d.id) + (10 if d.invalid else 0) for d in docs] + [len("operations with a method")])
    head = f"{'document':<{width}}  {'ops':>4}  " + "  ".join(f"{t + ' GIM meth call':<18}" for t in tools)
    lines = [head + "  verdict", "-" * (len(head) + 30)]
    for doc in docs:
        name = doc.id + (" (invalid)" if doc.invalid else "")
        ops = max(outcomes[(doc.id, t)].operations for t in tools)
        cells = "  ".join(f"{_cell(outcomes.get((doc.id, t))):<18}" for t in tools)
        lines.append(f"{name:<{width}}  {ops:>4}  {cells}  {_verdict(doc, outcomes, tools)}")
    lines.append(lines[1])
    valid = [d for d in docs if not d.invalid]
    total_ops = sum(max(outcomes[(d.id, t)].operations for t in tools) for d in docs)
    for label, count in TOTALS:
        counts = [sum(int(count(outcomes[(d.id, t)])) for d in docs) for t in tools]
        lines.append(
            f"{label:<{width}}  {total_ops if 'operations' in label else '':>4}  "
            + "  ".join(f"{c:<18}" for c in counts)
        )
    if "ours" in tools:
        installed = sum(outcomes[(d.id, "ours")].installed for d in docs)
        cells = "  ".join(f"{installed if t == 'ours' else '-':<18}" for t in tools)
        lines.append(f"{'fresh venv: installs, imports':<{width}}  {'':>4}  {cells}")
        members = sum(outcomes[(d.id, "ours")].union_members for d in docs)
        refusals = sum(len(refused_members(outcomes[(d.id, "ours")])) for d in docs)
        cells = "  ".join(f"{f'{members}, {refusals} refused' if t == 'ours' else '-':<18}" for t in tools)
        lines.append(f"{'union members checked':<{width}}  {'':>4}  {cells}")
    template = sum(outcomes[(d.id, "stock")].template_errors for d in docs) if "stock" in tools else 0
    zero = [d.id for d in docs if max(outcomes[(d.id, t)].operations for t in tools) == 0]
    lines.append(f"{len(docs)} documents, {len(valid)} valid, {len(docs) - len(valid)} invalid upstream")
    if "ours" in tools:
        refused = [d.id for d in docs if refused_invalid(d, outcomes[(d.id, "ours")])]
        lines.append(f"invalid documents ours refused (reported apart, not compared): {len(refused)}")
    lines.append(f"documents of no operation (never counted as working): {len(zero)}")
    if template:
        lines.append(f"stock's mypy errors in its fixed client.py template, left out of its verdict: {template}")
    if tools == ("ours", "stock"):
        lines.append(f"documents where ours does less than stock: {len(all_shortfalls(docs, outcomes))}")
    lines.append(
        "G generated, I imports, M mypy --strict; meth: operations with a method; call: operations called"
        " sync and async; ok: works end to end (every operation, at least one)"
    )
    return lines

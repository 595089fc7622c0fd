"""Run the tools over the corpus, in parallel, and print the side-by-side table."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .documents import Document, corpus_dir, documents
from .tools import TOOLS, Outcome, exercise, generate, typecheck


def run_one(tool: str, doc: Document, work: Path) -> Outcome:
    """Generate, then import and call (mypy comes after, over all packages at once)."""
    outcome = generate(tool, doc, work)
    if outcome.generated:
        exercise(tool, doc, outcome)
    return outcome


def run_corpus(docs: list[Document], tools: tuple[str, ...], work: Path, jobs: int) -> dict[tuple[str, str], Outcome]:
    """Outcomes by (document id, tool): documents in parallel, then one mypy run per tool."""
    tasks = [(doc, tool) for doc in docs for tool in tools]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {(doc.id, tool): pool.submit(run_one, tool, doc, work) for doc, tool in tasks}
        outcomes = {key: future.result() for key, future in futures.items()}
        checks = [
            pool.submit(typecheck, [o for (_, t), o in outcomes.items() if t == tool], work / f".mypy_cache_{tool}")
            for tool in tools
        ]
        for check in checks:
            check.result()
    return outcomes


def _cell(outcome: Outcome | None) -> str:
    if outcome is None:
        return "-"
    marks = "".join(
        mark if ok else "." for mark, ok in (("G", outcome.generated), ("I", outcome.imported), ("M", outcome.typed))
    )
    calls = f"{outcome.called}/{outcome.operations}" if outcome.imported else "-"
    return f"{marks} {calls:>5} {'ok' if outcome.works else '  '}"


def table(docs: list[Document], tools: tuple[str, ...], outcomes: dict[tuple[str, str], Outcome]) -> list[str]:
    """The side-by-side table, one row a document, and the totals."""
    width = max([len(d.id) + (10 if d.invalid else 0) for d in docs] + [len("works end to end")])
    lines = [f"{'document':<{width}}  " + "  ".join(f"{t:<14}" for t in tools)]
    lines.append("-" * len(lines[0]))
    for doc in docs:
        name = doc.id + (" (invalid)" if doc.invalid else "")
        lines.append(f"{name:<{width}}  " + "  ".join(f"{_cell(outcomes.get((doc.id, t))):<14}" for t in tools))
    lines.append("-" * len(lines[0]))
    for label, test in (
        ("generated", lambda o: o.generated),
        ("imported", lambda o: o.imported),
        ("mypy --strict", lambda o: o.typed),
        ("all ops called", lambda o: o.imported and o.called == o.operations),
        ("works end to end", lambda o: o.works),
    ):
        counts = [sum(test(outcomes[(d.id, t)]) for d in docs if (d.id, t) in outcomes) for t in tools]
        lines.append(f"{label:<{width}}  " + "  ".join(f"{c:<14}" for c in counts))
    lines.append("G generated, I imports, M mypy --strict; n/m operations called sync and async; ok: all of them")
    return lines


def main(argv: list[str] | None = None) -> int:
    """`make corpus`: print the table (and with --messages what each tool said); exit 1 when ours works on fewer."""
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated document ids (default: all)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {TOOLS}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="documents run in parallel")
    parser.add_argument("--messages", action="store_true", help="print every tool's messages per document")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    folder = corpus_dir()
    if folder is None:
        print("no corpus: ../shared/corpus/openapi is not beside the repository (or set SDK_CORPUS_DIR)")
        return 2
    docs = [d for d in documents(folder) if not args.only or d.id in args.only.split(",")]
    tools = tuple(t for t in args.tools.split(",") if t in TOOLS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        outcomes = run_corpus(docs, tools, work.resolve(), args.jobs)
    if args.messages:
        for doc in docs:
            for tool in tools:
                for message in outcomes[(doc.id, tool)].messages:
                    print(f"{doc.id} [{tool}] {message}")
    print("\n".join(table(docs, tools, outcomes)))
    print(f"{len(docs)} document(s), {time.monotonic() - started:.0f} s")
    works = {t: sum(outcomes[(d.id, t)].works for d in docs) for t in tools}
    return 1 if len(tools) == 2 and works["ours"] < works["stock"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Run the tools over the corpus, in parallel, and print the side-by-side table."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import cache
from .documents import Document, corpus_dir, documents
from .fresh_venv import FRESH_VENV_TOOL, check_fresh_install
from .tools import TOOLS, Outcome, exercise, generate, typecheck
from .verdict import (
    Outcomes,
    all_shortfalls,
    document_operations,
    not_installed_packages,
    refused_members,
    table,
)


def run_one(tool: str, doc: Document, work: Path, operations: int) -> Outcome:
    """Generate, then import and call (mypy comes after, over all packages at once)."""
    outcome = generate(tool, doc, work)
    outcome.operations = operations
    if outcome.generated:
        exercise(tool, doc, outcome)
    return outcome


def run_corpus(docs: list[Document], tools: tuple[str, ...], work: Path, jobs: int) -> Outcomes:
    """Outcomes by (document id, tool): documents in parallel, then one mypy run per tool; stock's from the cache."""
    kept = {(d.id, t): o for d in docs for t in tools if (o := cache.load(t, d)) is not None}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        counts = dict(zip([d.id for d in docs], pool.map(lambda d: document_operations(d.path), docs), strict=True))
        futures = {
            (doc.id, tool): pool.submit(run_one, tool, doc, work, counts[doc.id])
            for doc in docs
            for tool in tools
            if (doc.id, tool) not in kept
        }
        fresh = {key: future.result() for key, future in futures.items()}
        checks = [
            pool.submit(typecheck, tool, [o for (_, t), o in fresh.items() if t == tool], work / f".mypy_cache_{tool}")
            for tool in tools
        ]
        if FRESH_VENV_TOOL in tools:
            ours = [o for (_, t), o in fresh.items() if t == FRESH_VENV_TOOL]
            checks.append(pool.submit(check_fresh_install, ours, work / "fresh-venv"))
        for check in checks:
            check.result()
    for doc in docs:
        for tool in tools:
            if (doc.id, tool) in fresh:
                cache.store(tool, doc, fresh[(doc.id, tool)])
    return {**kept, **fresh}


def main(argv: list[str] | None = None) -> int:
    """`make corpus`: print the table (and with --messages what each tool said); exit 1 when ours does less."""
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated document ids (default: all)")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {TOOLS}")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="documents run in parallel")
    parser.add_argument("--messages", action="store_true", help="print every tool's messages per document")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary one)")
    parser.add_argument("--no-cache", action="store_true", help="run stock again, not from .corpus-cache/")
    args = parser.parse_args(argv)
    if args.no_cache:
        os.environ["SDK_CORPUS_CACHE"] = "off"
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
    less = all_shortfalls(docs, outcomes) if tools == TOOLS else {}
    for doc_id, problems in less.items():
        print(f"ours does less than stock on {doc_id}: {'; '.join(problems)}")
    not_installed = not_installed_packages(docs, outcomes) if FRESH_VENV_TOOL in tools else []
    for doc_id in not_installed:
        print(f"ours does not import in a fresh venv with only its declared dependencies: {doc_id}")
    refused = [m for d in docs if (d.id, "ours") in outcomes for m in refused_members(outcomes[(d.id, "ours")])]
    for message in refused:
        print(f"ours refuses a union member a server may send: {message}")
    return 1 if less or not_installed or refused else 0


if __name__ == "__main__":
    sys.exit(main())

"""Foreign OpenAPI documents (../shared/corpus/openapi): ours against the stock openapi-python-client.

Runs only when the corpus is beside the repository (CI has it); `make corpus` prints the same table.
"""

from __future__ import annotations

import os
import re

import pytest

from corpus.documents import Document, corpus_dir, documents
from corpus.run import run_corpus, table
from corpus.tools import TOOLS, Outcome

FOLDER = corpus_dir()
pytestmark = pytest.mark.skipif(
    FOLDER is None, reason="no corpus: ../shared/corpus/openapi is not beside the repository (or set SDK_CORPUS_DIR)"
)
LOCATED = re.compile(r"^\S+:\d+:\d+: (error|warning): .+ \[#[^\]]*\]$")
SUMMARY = re.compile(r": generated (\d+) of (\d+) operations; (\d+) left out \(see the warnings above\)$")
LEFT_OUT = re.compile(r"; ([A-Z]+ \S+) is left out \(lint rule operation-shape\) \[#")
INTERNALS = ("Traceback", " object at 0x", "internal error", "UntrustedString", "Models not found")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Document], dict[tuple[str, str], Outcome]]:
    assert FOLDER is not None
    docs = documents(FOLDER)
    outcomes = run_corpus(docs, TOOLS, tmp_path_factory.mktemp("corpus"), os.cpu_count() or 2)
    print("\n".join(table(docs, TOOLS, outcomes)))
    return docs, outcomes


def ours(corpus: tuple[list[Document], dict[tuple[str, str], Outcome]]) -> list[tuple[Document, Outcome]]:
    docs, outcomes = corpus
    return [(doc, outcomes[(doc.id, "ours")]) for doc in docs]


def test_ours_works_end_to_end_on_at_least_as_many_documents_as_stock(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, outcomes = corpus
    works = {tool: [d.id for d in docs if outcomes[(d.id, tool)].works] for tool in TOOLS}
    assert len(works["ours"]) >= len(works["stock"]), works
    assert works["ours"], "no document works end to end"


def left_out(outcome: Outcome) -> int:
    """How many operations the run left out (its summary line), each with a located warning."""
    summary = [found for m in outcome.messages if (found := SUMMARY.search(m))]
    return int(summary[0].group(3)) if summary else 0


def test_every_document_we_generate_works_end_to_end(corpus) -> None:  # type: ignore[no-untyped-def]
    """Imported, mypy --strict clean, and every operation generated is called sync and async."""
    broken = {
        doc.id: outcome.messages
        for doc, outcome in ours(corpus)
        if outcome.generated
        and not (outcome.imported and outcome.typed and outcome.called + left_out(outcome) == outcome.operations)
    }
    assert not broken, broken


def test_a_document_we_do_not_generate_gets_located_errors_only(corpus) -> None:  # type: ignore[no-untyped-def]
    for doc, outcome in ours(corpus):
        if outcome.generated:
            continue
        diagnostics = [m for m in outcome.messages if ": error: " in m or ": warning: " in m]
        assert any(": error: " in m for m in diagnostics), (doc.id, outcome.messages)
        assert all(LOCATED.match(m) for m in diagnostics), (doc.id, outcome.messages)
        assert outcome.messages[-1].endswith("nothing was written"), (doc.id, outcome.messages)
        assert not (outcome.package and outcome.package.exists()), doc.id


def test_no_message_shows_tool_internals(corpus) -> None:  # type: ignore[no-untyped-def]
    for doc, outcome in ours(corpus):
        leaked = [m for m in outcome.messages if any(marker in m for marker in INTERNALS)]
        assert not leaked, (doc.id, leaked)


def test_no_operation_is_dropped_silently(corpus) -> None:  # type: ignore[no-untyped-def]
    """Every operation is a method, or left out with a located warning and counted in the summary line."""
    for doc, outcome in ours(corpus):
        if not outcome.imported:
            continue
        warned = {found.group(1) for m in outcome.messages if (found := LEFT_OUT.search(m))}
        assert outcome.methods + left_out(outcome) == outcome.operations, (doc.id, outcome.messages)
        assert len(warned) == left_out(outcome), (doc.id, outcome.messages)

"""Foreign OpenAPI documents (../shared/corpus/openapi): ours against the stock openapi-python-client.

Per document and per operation: operations with a method, operations called sync and async, mypy --strict
(stock's fixed client.py template errors counted apart), end to end (a document of no operation never counts), and
each package of ours installed in a fresh virtual environment with only its declared dependencies (corpus/fresh_venv.py).
Runs only when the corpus is beside the repository (CI has it); `make corpus` prints the same table. Stock's
outcomes are kept in the git-ignored .corpus-cache/ by document hash (SDK_CORPUS_CACHE=off runs it again).
"""

from __future__ import annotations

import os
import re

import pytest

from corpus.documents import Document, corpus_dir, documents
from corpus.run import run_corpus
from corpus.tools import TOOLS, Outcome
from corpus.verdict import all_shortfalls, not_installed_packages, table
from tests.conftest import show_at_the_end

FOLDER = corpus_dir()
pytestmark = pytest.mark.skipif(
    FOLDER is None, reason="no corpus: ../shared/corpus/openapi is not beside the repository (or set SDK_CORPUS_DIR)"
)
LOCATED = re.compile(r"^\S+:\d+:\d+: (error|warning): .+ \[#[^\]]*\]$")
SUMMARY = re.compile(r": generated (\d+) of (\d+) operations; (\d+) left out \(see the warnings above\)$")

LEFT_OUT = re.compile(r"; ([A-Z]+ \S+) is left out \(lint rule (?:operation-shape|broken-operation)\) \[#")
INTERNALS = ("Traceback", " object at 0x", "internal error", "UntrustedString", "Models not found")


# The documents, and each (document id, tool)'s outcome.
Corpus = tuple[list[Document], dict[tuple[str, str], Outcome]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Corpus:
    assert FOLDER is not None
    docs = documents(FOLDER)
    outcomes = run_corpus(docs, TOOLS, tmp_path_factory.mktemp("corpus"), os.cpu_count() or 2)
    show_at_the_end(pytestconfig, "corpus: ours and stock openapi-python-client", table(docs, TOOLS, outcomes))
    return docs, outcomes


def ours(corpus: Corpus) -> list[tuple[Document, Outcome]]:
    docs, outcomes = corpus
    return [(doc, outcomes[(doc.id, "ours")]) for doc in docs]


def test_ours_does_at_least_what_stock_does_on_every_document(corpus: Corpus) -> None:
    """Per document: as many operations with a method and called, mypy clean and end to end wherever stock is."""
    docs, outcomes = corpus
    less = all_shortfalls(docs, outcomes)
    assert not less, "ours does less than stock on:\n" + "\n".join(f"{d}: {'; '.join(p)}" for d, p in less.items())


def test_ours_works_end_to_end_on_a_document_with_operations(corpus: Corpus) -> None:
    working = [doc.id for doc, outcome in ours(corpus) if outcome.works]
    assert working, "no document with operations works end to end"
    assert all(outcome.operations > 0 for doc, outcome in ours(corpus) if doc.id in working)


def left_out(outcome: Outcome) -> int:
    """How many operations the run left out (its summary line), each with a located warning."""
    summary = [found for m in outcome.messages if (found := SUMMARY.search(m))]
    return int(summary[0].group(3)) if summary else 0


FAILED_CALL = re.compile(r"^(\S+) \((?:sync|async)\): ")
REFUSED_MEMBER = re.compile(r"^union \S+: member \S+ refused: ")


def test_every_document_we_generate_works_end_to_end(corpus: Corpus) -> None:
    """Imported, mypy --strict clean, every operation generated called sync and async (its reply accepted), and
    every member of every discriminated union, tagged as a server tags it, accepted by the union's model."""
    broken = {}
    for doc, outcome in ours(corpus):
        if not outcome.generated:
            continue
        failed = sorted({found.group(1) for m in outcome.messages if (found := FAILED_CALL.match(m))})
        refused = [m for m in outcome.messages if REFUSED_MEMBER.match(m)]
        called_all = outcome.called + left_out(outcome) == outcome.operations
        if not (outcome.imported and outcome.typed and called_all and not refused):
            broken[doc.id] = {"typed": outcome.typed, "failed calls": failed, "refused union members": refused}
    assert not broken, broken


@pytest.mark.network  # the wheelhouse of the declared requirements is downloaded on first use (then kept)
def test_every_package_we_generate_imports_in_a_fresh_venv_with_only_its_declared_dependencies(corpus: Corpus) -> None:
    """Built as a wheel, pip-installed with --no-index from a wheelhouse of its declared requirements, all modules imported."""
    docs, outcomes = corpus
    failed = not_installed_packages(docs, outcomes)
    assert not failed, {d: [m for m in outcomes[(d, "ours")].messages if m.startswith("fresh venv")] for d in failed}
    assert any(outcomes[(d.id, "ours")].installed for d in docs)


def test_a_document_we_do_not_generate_gets_located_errors_only(corpus: Corpus) -> None:
    for doc, outcome in ours(corpus):
        if outcome.generated:
            continue
        diagnostics = [m for m in outcome.messages if ": error: " in m or ": warning: " in m]
        assert any(": error: " in m for m in diagnostics), (doc.id, outcome.messages)
        assert all(LOCATED.match(m) for m in diagnostics), (doc.id, outcome.messages)
        assert outcome.messages[-1].endswith("nothing was written"), (doc.id, outcome.messages)
        assert not (outcome.package and outcome.package.exists()), doc.id


def test_no_message_shows_tool_internals(corpus: Corpus) -> None:
    for doc, outcome in ours(corpus):
        leaked = [m for m in outcome.messages if any(marker in m for marker in INTERNALS)]
        assert not leaked, (doc.id, leaked)


def test_no_operation_is_dropped_silently(corpus: Corpus) -> None:
    """Every operation is a method, or left out with a located warning and counted in the summary line."""
    for doc, outcome in ours(corpus):
        if not outcome.imported:
            continue
        warned = {found.group(1) for m in outcome.messages if (found := LEFT_OUT.search(m))}
        assert outcome.methods + left_out(outcome) == outcome.operations, (doc.id, outcome.messages)
        assert len(warned) == left_out(outcome), (doc.id, outcome.messages)

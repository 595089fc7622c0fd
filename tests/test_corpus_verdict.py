"""The corpus comparison's rules on made-up outcomes (no corpus needed): what counts, what is counted apart."""

from __future__ import annotations

from pathlib import Path

from corpus.documents import Document
from corpus.tools import Outcome, package_errors
from corpus.verdict import all_shortfalls, not_installed_packages, shortfalls, table

VALID = Document("api", Path("api.yaml"), invalid=False)
INVALID = Document("bad", Path("bad.yaml"), invalid=True)


def outcome(ops: int, methods: int, called: int, *, typed: bool = True, generated: bool = True) -> Outcome:
    return Outcome(generated=generated, imported=generated, typed=typed, operations=ops, methods=methods, called=called)


def test_a_document_of_no_operation_never_works() -> None:
    assert outcome(0, 0, 0).complete and not outcome(0, 0, 0).works
    assert outcome(2, 2, 2).works and not outcome(2, 2, 1).works and not outcome(2, 2, 2, typed=False).works


def test_fewer_operations_called_or_with_a_method_is_a_shortfall() -> None:
    assert shortfalls(VALID, outcome(50, 50, 50), outcome(50, 46, 46)) == []
    assert shortfalls(VALID, outcome(50, 50, 40, typed=False), outcome(50, 46, 46, typed=False)) == [
        "operations called 40 < 46"
    ]
    assert shortfalls(VALID, outcome(50, 0, 0, generated=False, typed=False), outcome(50, 49, 49)) == [
        "operations with a method 0 < 49",
        "operations called 0 < 49",
        "nothing to type-check",
    ]
    assert shortfalls(VALID, outcome(3, 3, 3, typed=False), outcome(3, 3, 3)) == [
        "mypy --strict fails",
        "stock works end to end, ours does not",
    ]


def test_an_invalid_document_ours_refuses_is_counted_apart() -> None:
    refused = outcome(1, 0, 0, generated=False, typed=False)
    assert shortfalls(INVALID, refused, outcome(1, 1, 1)) == []
    assert shortfalls(VALID, refused, outcome(1, 1, 1)) != []
    generated = shortfalls(INVALID, outcome(1, 1, 0), outcome(1, 1, 1))  # generated: compared like any other
    assert generated == ["operations called 0 < 1", "stock works end to end, ours does not"]
    outcomes = {("bad", "ours"): refused, ("bad", "stock"): outcome(1, 1, 1)}
    assert all_shortfalls([INVALID], outcomes) == {}
    lines = table([INVALID], ("ours", "stock"), outcomes)
    assert "refused (invalid)" in lines[2]
    assert "invalid documents ours refused (reported apart, not compared): 1" in lines


def test_stocks_template_errors_are_left_out_of_its_verdict_only() -> None:
    errors = [
        "stock/p/p_client/client.py:105: error: Argument 1 to __exit__  [arg-type]",
        "stock/p/p_client/api/default/get_x.py:3: error: Name Unset is not defined  [name-defined]",
        "stock/q/q_client/client.py:105: error: Argument 1 to __exit__  [arg-type]",
    ]
    assert package_errors("stock", "p_client", errors) == ([errors[1]], [errors[0]])
    assert package_errors("stock", "q_client", errors) == ([], [errors[2]])
    assert package_errors("ours", "p_client", errors) == (errors[:2], [])


def test_the_table_counts_our_fresh_venv_installs_and_the_union_members_refused() -> None:
    ours, stock = outcome(2, 2, 2), outcome(2, 2, 2)
    ours.installed, ours.union_members = True, 5
    ours.messages.append("union Tool: member #/components/schemas/Web refused: Input tag 'web' found")
    lines = table([VALID], ("ours", "stock"), {("api", "ours"): ours, ("api", "stock"): stock})
    assert any(line.startswith("fresh venv: installs, imports") and line.split()[-2:] == ["1", "-"] for line in lines)
    assert any(line.startswith("union members checked") and "5, 1 refused" in line for line in lines)
    assert not_installed_packages([VALID], {("api", "ours"): outcome(2, 2, 2)}) == ["api"]

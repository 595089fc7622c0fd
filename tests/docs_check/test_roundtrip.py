"""Round-trip edits of spec text: only the edited lines change, YAML 1.2 scalars read as the project's loader reads
them, multi-line flow collections keep their layout."""

from __future__ import annotations

import pytest

from generator.docs_check.fix import Edit, FixError
from generator.docs_check.roundtrip import edit_text
from generator.openapi.load import read_yaml

TEXT = """\
# a comment at the top
openapi: 3.1.0
info: {title: T, version: '1'}   # a trailing comment
x-times:
  open: 18:00
  answer: yes
  code: 012
  quoted: "012"
example: {
  "a": 1,
  "b": [1, 2]
  }
list: [{"k": "v"}]
"""


def changed(old: str, new: str) -> list[tuple[str, str]]:
    pairs = list(zip(old.splitlines(), new.splitlines(), strict=False))
    return [(a, b) for a, b in pairs if a != b]


def test_yaml_1_2_scalars_stay_strings_and_new_ones_are_quoted_where_the_loader_needs_it() -> None:
    values = ["yes", "18:00", "012", "0o12", "1e3", "null", "True", ".inf", "0x1F", " padded", "plain"]
    new = edit_text(TEXT, [Edit("set", "/x-times/" + str(i), v) for i, v in enumerate(values)])
    data = read_yaml(new)
    assert data["x-times"] == {**read_yaml(TEXT)["x-times"], **{str(i): v for i, v in enumerate(values)}}
    assert (
        data["x-times"]["open"] == "18:00" and data["x-times"]["answer"] == "yes" and data["x-times"]["code"] == "012"
    )
    assert new.startswith(TEXT.split("example")[0])  # everything before the new keys as written


def test_an_edit_in_a_multi_line_flow_mapping_changes_only_its_line() -> None:
    new = edit_text(TEXT, [Edit("set", "/example/a", 2)])
    assert changed(TEXT, new) == [('  "a": 1,', '  "a": 2,')]
    assert new.count("\n") == TEXT.count("\n")


def test_a_key_added_to_a_multi_line_flow_mapping_gets_its_own_line() -> None:
    new = edit_text(TEXT, [Edit("set", "/example/c", "x")])
    assert '  "b": [1, 2],\n  "c": "x"\n  }' in new
    assert read_yaml(new)["example"] == {"a": 1, "b": [1, 2], "c": "x"}


def test_a_one_key_mapping_in_a_flow_list_keeps_its_braces() -> None:
    new = edit_text(TEXT, [Edit("set", "/list/0/k", "w")])
    assert changed(TEXT, new) == [('list: [{"k": "v"}]', 'list: [{"k": "w"}]')]


def test_comments_and_untouched_lines_stay() -> None:
    new = edit_text(TEXT, [Edit("set", "/info/version", "2")])
    assert changed(TEXT, new) == [
        (
            "info: {title: T, version: '1'}   # a trailing comment",
            "info: {title: T, version: '2'}   # a trailing comment",
        )
    ]


def test_an_edit_that_does_not_fit_is_refused() -> None:
    with pytest.raises(FixError, match="no 'nothing'"):
        edit_text(TEXT, [Edit("set", "/nothing/here", 1)])
    with pytest.raises(FixError, match="not a list"):
        edit_text(TEXT, [Edit("append", "/info/title", 1)])


def test_a_key_inserted_before_a_multi_line_flow_value_leaves_that_value_as_written() -> None:
    text = 'docs:\n  summary: S\n  value: {\n    "a": 1\n    }\n'
    new = edit_text(text, [Edit("set", "/docs/description", "D")])
    assert new == 'docs:\n  summary: S\n  description: D\n  value: {\n    "a": 1\n    }\n'

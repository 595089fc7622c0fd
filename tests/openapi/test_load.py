"""The one YAML loader: JSON's data model, locations, duplicate keys, syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.openapi.diagnostics import GenerationError
from generator.openapi.load import load_spec, parse_text, read_yaml
from generator.openapi.pointer import join_pointer, resolve_pointer, split_pointer


def test_read_yaml_gives_json_data() -> None:
    data = read_yaml("responses:\n  200: {description: ok}\nwhen: 2024-01-02\n")
    assert data == {"responses": {"200": {"description": "ok"}}, "when": "2024-01-02"}


def test_parse_text_locates_every_value() -> None:
    doc = parse_text("openapi: 3.1.0\npaths:\n  /a/b:\n    get: {}\n", "mem.yaml")
    assert doc.where("/paths/~1a~1b/get") == (4, 10)
    assert doc.where("/paths/~1a~1b/get/missing") == (4, 10)
    assert doc.diagnostic("/openapi", "boom").format() == "mem.yaml:1:10: error: boom [#/openapi]"


def test_a_character_json_allows_and_yaml_does_not_is_read_and_located_as_any_other() -> None:
    """DocuSign's description holds a raw U+0080 in a string: valid JSON, refused by YAML's (and libyaml's) reader.
    It is read as data, with the places, duplicate-key check and YAML 1.2 scalars of every other text."""
    text = '{"openapi": "3.1.0",\n "info": {"title": "a\u0080b\ufffe", "version": "1", "n": 012, "x": yes}}'
    doc = parse_text(text, "mem.json")
    assert doc.data["info"] == {"title": "a\u0080b\ufffe", "version": "1", "n": "012", "x": "yes"}
    assert doc.where("/info/version") == parse_text(text.replace("\u0080", "_"), "mem.json").where("/info/version")
    assert doc.where("/info/version") == (2, 39)
    assert read_yaml(text) == doc.data
    with pytest.raises(GenerationError, match="duplicate key 'a'"):
        parse_text('{"a": "\u0080", "a": 1}', "dup.json")


def test_duplicate_keys_and_syntax_errors_are_located() -> None:
    with pytest.raises(GenerationError) as duplicate:
        parse_text("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert [d.format() for d in duplicate.value.diagnostics] == ["dup.yaml:3:1: error: duplicate key 'a' [#/a]"]
    with pytest.raises(GenerationError) as syntax:
        parse_text("a: [1, 2\n", "bad.yaml")
    assert syntax.value.diagnostics[0].message.startswith("YAML syntax error")
    with pytest.raises(GenerationError, match="must be a YAML mapping"):
        parse_text("- 1\n", "list.yaml")


def test_load_spec_reports_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match="cannot read spec"):
        load_spec(tmp_path / "absent.yaml")


def test_pointers_escape_and_resolve() -> None:
    assert join_pointer("paths", "/a~b", 0) == "/paths/~1a~0b/0"
    assert split_pointer("/paths/~1a~0b/0") == ["paths", "/a~b", "0"]
    data = {"paths": {"/a~b": [{"x": 1}]}}
    assert resolve_pointer(data, "/paths/~1a~0b/0/x") == 1
    for missing in ("/paths/nope", "/paths/~1a~0b/1", "/paths/~1a~0b/-1"):
        with pytest.raises(KeyError):
            resolve_pointer(data, missing)

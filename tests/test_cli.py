"""The command line: one table of commands, each with a description, an example and its defaults in --help."""

from __future__ import annotations

import pytest

from generator.cli import COMMANDS, run


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_has_its_description_example_and_defaults(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run([name, "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    command = COMMANDS[name]
    assert "".join(command.description.split()) in "".join(text.split())  # wrapped, perhaps at a hyphen
    assert f"example: python -m generator {command.example}" in text
    assert command.example.startswith(name)
    if "--spec-dir" in text:
        assert "(default: spec)" in text


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def test_bad_arguments_exit_with_status_2(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    with pytest.raises(SystemExit) as exited:
        run(["no-such-command"])
    assert exited.value.code == 2
    assert run(["generate", "--spec-dir", "no/such/folder"]) == 2
    assert "spec folder no/such/folder does not exist" in capsys.readouterr().err


def test_validate_takes_spec_like_generate_and_the_positional_form_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", "--spec", "spec/karat.yaml"]) == 0
    assert "ok: 1 spec(s) valid: spec/karat.yaml" in capsys.readouterr().out
    assert run(["validate", "spec/unicat.yaml", "--spec", "spec/karat.yaml"]) == 0
    assert "ok: 2 spec(s) valid" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "writes"),
    [
        (["validate", "--spec", "no/such.yaml"], False),
        (["docs-check", "no/such/page.txt"], False),
        (["generate", "--spec", "no/such.yaml"], True),
    ],
)
def test_only_a_command_that_writes_says_nothing_was_written(
    argv: list[str], writes: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert "1 error(s)" in err and ("nothing was written" in err) is writes


def test_installed_the_help_names_the_installed_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["validate", "--help"], prog="sdk-pipeline")
    assert f"example: sdk-pipeline {COMMANDS['validate'].example}" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        run(["--help"], prog="sdk-pipeline")
    assert "`sdk-pipeline COMMAND --help` describes a command" in capsys.readouterr().out

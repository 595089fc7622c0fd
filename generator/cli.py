"""Command line: `python -m generator COMMAND`; the commands are the table below (see commands.py)."""

from __future__ import annotations

import argparse
import gc
import sys

from .commands import CHECK, DIFF, GENERATE, PUBLISH, VALIDATE, Command
from .docs_check.command import DOCS_CHECK
from .openapi.diagnostics import GenerationError

# Adding a command: define a Command (its help, description, example, arguments and action), import it, list it here.
COMMANDS: dict[str, Command] = {
    "validate": VALIDATE,
    "generate": GENERATE,
    "check": CHECK,
    "publish": PUBLISH,
    "diff": DIFF,
    "docs-check": DOCS_CHECK,
}


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Each option's default shown when it has a meaningful one; the example kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("example:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, [], argparse.SUPPRESS):
            return action.help
        return super()._get_help_string(action)


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Generate typed Python SDKs from the OpenAPI specs in spec/.",
        epilog=f"`{prog} COMMAND --help` describes a command, with an example.",
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        sub = subcommands.add_parser(
            name,
            help=command.help,
            description=command.description,
            epilog=f"example:\n  {prog} {command.example}",
            formatter_class=HelpFormatter,
        )
        command.arguments(sub)
    return parser


def run(argv: list[str], prog: str = "python -m generator") -> int:
    """Run one command; the exit status: 0 ok, 1 problems found, 2 bad arguments (or the command's own)."""
    args = _parser(prog).parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        errors = sum(d.level == "error" for d in exc.diagnostics)
        warnings = len(exc.diagnostics) - errors
        fatal = f", {warnings} warning(s) made fatal by --fail-on-warning" if warnings and not errors else ""
        written = "; nothing was written" if COMMANDS[args.command].writes else ""
        print(f"{errors} error(s){fatal}{written}", file=sys.stderr)
        return 2 if all(d.file == "arguments" for d in exc.diagnostics) else 1


def main(prog: str = "sdk-pipeline") -> None:
    """Entry point: the `sdk-pipeline` command, or `python -m generator`."""
    # The pipeline builds large, long-lived object trees (YAML, validators, parsers); with the default
    # thresholds the cyclic GC walks them over and over (make bench: 500 operations ~25% faster).
    gc.set_threshold(100_000, 50, 100)
    sys.exit(run(sys.argv[1:], prog))

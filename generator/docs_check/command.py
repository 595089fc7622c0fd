"""`python -m generator docs-check`: vendor documentation pages compared with the specs."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..commands import Command, arg_error
from ..openapi.diagnostics import GenerationError

ROOT = Path.cwd()


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pages", nargs="*", type=Path, metavar="PAGE", help="page files or folders of *.txt pages")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text lines")
    parser.add_argument("--spec-dir", type=Path, default=Path("spec"), help="folder of spec documents")
    parser.add_argument(
        "--complete", action="store_true", help="the pages are all the docs: report spec operations on no page"
    )
    parser.add_argument(
        "--if-configured", action="store_true", help="without PAGE and docs-pages configured, say so and exit 0"
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply each drift that has one obvious edit to the spec files (only when they still validate); list the rest",
    )


def docs_check(args: argparse.Namespace) -> int:
    """Compare the pages (given, or configured in pyproject.toml) with the specs; print every drift."""
    from .config import KEY, TABLE, configured_pages
    from .report import check_pages, json_report, page_files, text_report

    if args.fix and args.json:
        raise GenerationError([arg_error("--fix reports as text; --json is for the check alone")])
    pages, complete, folder = args.pages, args.complete, ""
    if not pages:
        configured = configured_pages(ROOT)
        if configured is None:
            if args.if_configured:
                print(f"docs-check: skipped (no {KEY} in [{TABLE}] of pyproject.toml)")
                return 0
            raise GenerationError([arg_error(f"no PAGE given and no {KEY} in [{TABLE}] of pyproject.toml")])
        if not configured.is_dir():
            raise GenerationError(
                [arg_error(f"the pages folder {configured} ({KEY} in pyproject.toml) does not exist")]
            )
        pages, complete, folder = (
            [configured],
            True,
            str(configured.relative_to(ROOT) if configured.is_relative_to(ROOT) else configured),
        )
    missing = [p for p in pages if not p.exists()]
    if missing:
        raise GenerationError([arg_error(f"no such page or folder: {m}") for m in missing])
    files = page_files(pages)
    if not files:
        raise GenerationError([arg_error(f"no *.txt page in {', '.join(map(str, pages))}")])
    where = folder or ", ".join(map(str, pages))
    result = check_pages(files, args.spec_dir, complete=complete, folder=where)
    if args.fix and not result.unreadable:
        from .apply import apply_fixes
        from .report import fix_report

        outcome = apply_fixes(result.drift)
        result = check_pages(files, args.spec_dir, complete=complete, folder=where)
        print("\n".join(fix_report(outcome, result)))
        return result.exit_status
    print(json_report(result) if args.json else "\n".join(text_report(result)))
    return result.exit_status


DOCS_CHECK = Command(
    help="compare vendor documentation pages (saved as text) with the specs and report every difference",
    description="Read each PAGE (a vendor API reference page saved as text: Karat or Unicat layout; a folder "
    "means its *.txt files), match it to its operation in SPEC_DIR/<service>.yaml and report every documented "
    "fact the spec does not reflect, with the page's file:line and the spec's file:line:col and JSON pointer. "
    "Without PAGE, reads the folder named by docs-pages in [tool.sdk-pipeline] of pyproject.toml and also reports "
    "spec operations no page documents. With --fix, applies every drift that has one obvious edit to the spec "
    "(keeping its comments and layout; nothing is written when the edited spec would not validate) and lists the "
    "drifts left for a person. Exit status 0 (no drift, or none left), 1 (drift) or 2 (a page could not be read).",
    example="docs-check --json",
    arguments=_arguments,
    run=docs_check,
)

"""Command line: `python -m generator validate|generate|check|publish|diff`."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
from pathlib import Path

from .openapi.diagnostics import GenerationError

ROOT = Path.cwd()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Generate typed Python SDKs from the OpenAPI specs in spec/."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser("validate", help="validate specs (OpenAPI 3.1 and the project's rules)")
    validate.add_argument("specs", nargs="*", type=Path, help="spec files (default: spec/*.yaml)")
    for name, text in (
        ("generate", "validate, then generate the SDK packages"),
        ("check", "fail when the output folder is not what generate would write"),
        ("publish", "write dist/: each spec bundled (YAML, JSON), its HTML reference, the SDK wheel and sdist"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--spec-dir", type=Path, default=Path("spec"), help="folder of spec documents (default: spec)")
        sub.add_argument(
            "--templates", type=Path, default=Path("templates"), help="template folder (default: templates)"
        )
        sub.add_argument(
            "--output",
            type=Path,
            default=Path("generated"),
            help="output folder, replaced as a whole (default: generated)",
        )
        if name == "generate":
            sub.add_argument(
                "--force", action="store_true", help="regenerate even when the MANIFEST says the output is current"
            )
        if name == "publish":
            sub.add_argument("--dist", type=Path, default=Path("dist"), help="folder replaced whole (default: dist)")
            sub.add_argument(
                "--lock", type=Path, default=Path("requirements.lock"), help="its pins are the SDK's lower bounds"
            )
    diff = commands.add_parser(
        "diff",
        help="changelog of the API between two versions of the specs, each change breaking or not",
        description="Print the API changes from OLD to NEW: operations, parameters, fields, enum values, unions; "
        "each is breaking or not for existing clients. OLD and NEW are spec files, folders of specs, git revisions "
        "(HEAD, HEAD~1: the --spec-dir specs at that commit) or REV:path. Exit status 0, or 3 with "
        "--fail-on-breaking when a change is breaking.",
    )
    diff.add_argument("old", help="the earlier version: file, folder, git revision or REV:path")
    diff.add_argument("new", help="the later version: file, folder, git revision or REV:path")
    diff.add_argument("--fail-on-breaking", action="store_true", help="exit with status 3 when a change is breaking")
    diff.add_argument("--spec-dir", default="spec", help="folder of the specs inside a git revision (default: spec)")
    docs = commands.add_parser(
        "docs-check",
        help="compare vendor documentation pages (saved as text) with the specs and report every difference",
        description="Read each PAGE (a vendor API reference page saved as text: Karat or Unicat layout; a folder "
        "means its *.txt files), match it to its operation in SPEC_DIR/<service>.yaml and report every documented "
        "fact the spec does not reflect, with the page's file:line and the spec's file:line:col and JSON pointer. "
        "Without PAGE, reads the folder named by docs-pages in [tool.sdk-pipeline] of pyproject.toml and also reports "
        "spec operations no page documents. Exit status 0 (no drift), 1 (drift) or 2 (a page could not be read).",
    )
    docs.add_argument("pages", nargs="*", type=Path, metavar="PAGE", help="page files or folders of *.txt pages")
    docs.add_argument("--json", action="store_true", help="print one JSON document instead of text lines")
    docs.add_argument("--spec-dir", type=Path, default=Path("spec"), help="folder of spec documents (default: spec)")
    docs.add_argument(
        "--complete", action="store_true", help="the pages are all the docs: report spec operations on no page"
    )
    docs.add_argument(
        "--if-configured", action="store_true", help="without PAGE and docs-pages configured, say so and exit 0"
    )
    return parser


def _layout(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .codegen.pipeline import Layout, spec_files

    if not args.spec_dir.is_dir():
        raise GenerationError([_arg_error(f"spec folder {args.spec_dir} does not exist")])
    specs = spec_files(args.spec_dir)
    if not specs:
        raise GenerationError([_arg_error(f"no *.yaml spec in {args.spec_dir}")])
    if not (args.templates / "client").is_dir() or not (args.templates / "models").is_dir():
        raise GenerationError([_arg_error(f"template folder {args.templates} needs client/ and models/")])
    return Layout(specs=specs, templates=args.templates, output=args.output)


def _arg_error(message: str):  # type: ignore[no-untyped-def]
    from .openapi.diagnostics import Diagnostic

    return Diagnostic("arguments", 0, 0, "", message)


def _docs_check(args: argparse.Namespace) -> int:
    from .docs_check.config import KEY, TABLE, configured_pages
    from .docs_check.report import check_pages, json_report, page_files, text_report

    pages, complete, folder = args.pages, args.complete, ""
    if not pages:
        configured = configured_pages(ROOT)
        if configured is None:
            if args.if_configured:
                print(f"docs-check: skipped (no {KEY} in [{TABLE}] of pyproject.toml)")
                return 0
            raise GenerationError([_arg_error(f"no PAGE given and no {KEY} in [{TABLE}] of pyproject.toml")])
        if not configured.is_dir():
            raise GenerationError(
                [_arg_error(f"the pages folder {configured} ({KEY} in pyproject.toml) does not exist")]
            )
        pages, complete, folder = (
            [configured],
            True,
            str(configured.relative_to(ROOT) if configured.is_relative_to(ROOT) else configured),
        )
    missing = [p for p in pages if not p.exists()]
    if missing:
        raise GenerationError([_arg_error(f"no such page or folder: {m}") for m in missing])
    files = page_files(pages)
    if not files:
        raise GenerationError([_arg_error(f"no *.txt page in {', '.join(map(str, pages))}")])
    result = check_pages(files, args.spec_dir, complete=complete, folder=folder or ", ".join(map(str, pages)))
    print(json_report(result) if args.json else "\n".join(text_report(result)))
    return result.exit_status


def run(argv: list[str]) -> int:
    """Run one command; the exit status: 0 ok, 1 problems found, 2 bad arguments."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            from .codegen.pipeline import load_and_validate, spec_files

            specs = args.specs or spec_files(Path("spec"))
            missing = [s for s in specs if not s.is_file()]
            if missing or not specs:
                raise GenerationError(
                    [_arg_error(f"no such spec file: {m}") for m in missing] or [_arg_error("no spec to validate")]
                )
            docs = load_and_validate(specs)
            print(f"ok: {len(docs)} spec(s) valid: {', '.join(d.display_name for d in docs)}")
        elif args.command == "generate":
            from .codegen.pipeline import generate
            from .diff.changelog import recorded_spec_hashes

            layout = _layout(args)
            recorded = recorded_spec_hashes(layout.output)
            changed = generate(layout, force=args.force)
            print(
                f"generated {layout.output}/ from {len(layout.specs)} spec(s)"
                if changed
                else f"{layout.output}/ is up to date (nothing to do)"
            )
            if changed:
                from .diff.changelog import since_last_generation

                for line in since_last_generation(recorded, layout.specs):
                    print(line)
        elif args.command == "publish":
            from .publish.dist import publish

            layout = _layout(args)
            for service, files in publish(layout, args.dist, args.lock).items():
                print(f"{args.dist}/{service}/: {', '.join(files)}")
                record = json.loads((args.dist / service / "metadata.json").read_text(encoding="utf-8"))
                if record["package"]["license"] is None:
                    print(f"note: the {service} wheel states no license: set x-sdk.license (an SPDX expression)")
        elif args.command == "docs-check":
            return _docs_check(args)
        elif args.command == "diff":
            from .diff.changelog import diff_report

            lines, breaking = diff_report(args.old, args.new, args.spec_dir)
            print("\n".join(lines))
            if breaking and args.fail_on_breaking:
                print(f"{breaking} breaking change(s)", file=sys.stderr)
                return 3
        else:
            from .codegen.compare import compare_trees
            from .codegen.pipeline import Layout, generate

            layout = _layout(args)
            with tempfile.TemporaryDirectory(prefix="generator-check-") as tmp:
                fresh = Path(tmp) / "generated"
                generate(Layout(layout.specs, layout.templates, fresh), force=True)
                problems = compare_trees(fresh, layout.output)
            if problems:
                print("\n".join(problems), file=sys.stderr)
                print(
                    f"error: {layout.output}/ is not what the spec and templates produce; run `make generate` and commit the result",
                    file=sys.stderr,
                )
                return 1
            print(f"ok: {layout.output}/ is current")
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        errors = sum(d.level == "error" for d in exc.diagnostics)
        print(f"{errors} error(s); nothing was written", file=sys.stderr)
        return 2 if all(d.file == "arguments" for d in exc.diagnostics) else 1
    return 0


def main() -> None:
    """Entry point."""
    # The pipeline builds large, long-lived object trees (YAML, validators, parsers); with the default
    # thresholds the cyclic GC walks them over and over (make bench: 500 operations ~25% faster).
    gc.set_threshold(100_000, 50, 100)
    sys.exit(run(sys.argv[1:]))

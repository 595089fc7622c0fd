"""The subcommands of `python -m generator`: one small function each, and what each takes.

A command is a `Command` value; `cli.COMMANDS` lists them. Each imports its stage modules when it
runs, so that `make generate` with nothing to do stays fast.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .openapi.diagnostics import Diagnostic, GenerationError

if TYPE_CHECKING:
    from .codegen.ir import Service
    from .codegen.pipeline import Layout
    from .openapi.load import SpecDocument
    from .validate.lint import Lint


@dataclass(frozen=True)
class Command:
    """One subcommand: its one-line help, what it does, an example, its arguments and its action."""

    help: str
    description: str
    example: str  # its command line after the program's name (`python -m generator`, or `sdk-pipeline` installed)
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    writes: bool = False  # a failure says that nothing was written


def arg_error(message: str) -> Diagnostic:
    """A diagnostic about the command line (exit status 2)."""
    return Diagnostic("arguments", 0, 0, "", message)


def fail_on_warning_argument(parser: argparse.ArgumentParser) -> None:
    """--fail-on-warning: warnings are fatal too; --lint-default: every lint rule at one level; --strict."""
    parser.add_argument(
        "--fail-on-warning", action="store_true", help="lint warnings are fatal too (see [tool.sdk-pipeline.lint])"
    )
    parser.add_argument(
        "--lint-default",
        choices=("error", "warning", "off"),
        help="every lint rule at this level, instead of the [tool.sdk-pipeline.lint] of the pyproject.toml "
        "nearest each spec",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="every violation of the OpenAPI schema is an error (by default one whose meaning is clear is read "
        "as meant, with a warning)",
    )


def lint_override(args: argparse.Namespace) -> Lint | None:
    """The lint --lint-default and --strict ask for, or None: each spec's project's."""
    from .validate.lint import command_line_lint

    return command_line_lint(args.lint_default, args.strict)


def shipped_templates() -> Path:
    """The templates the generator ships: inside the installed package, else templates/ of the repository."""
    inside = Path(__file__).parent / "templates"  # the wheel carries templates/ here (pyproject.toml)
    return inside if inside.is_dir() else Path(__file__).parent.parent / "templates"


def spec_argument(parser: argparse.ArgumentParser, instead_of: str = "--spec-dir") -> None:
    """--spec: one document, repeatable, instead of the folder."""
    parser.add_argument(
        "--spec",
        type=Path,
        action="append",
        help=f"an OpenAPI 3.0/3.1 document (YAML or JSON) to use instead of {instead_of}; repeatable",
    )


def layout_arguments(parser: argparse.ArgumentParser) -> None:
    """--spec-dir or --spec, --templates, --output, the names, --fail-on-warning: what the pipeline reads and writes."""
    parser.add_argument("--spec-dir", type=Path, default=Path("spec"), help="folder of spec documents")
    spec_argument(parser)
    parser.add_argument("--templates", type=Path, help="template folder (default: the templates the generator ships)")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("generated"),
        help="output folder, replaced as a whole; it must be new, empty or written by this generator (MANIFEST). "
        "With one --spec it becomes an installable project (pyproject.toml, README.md, the package)",
    )
    parser.add_argument(
        "--package",
        help="with one --spec: the SDK package's name (default: x-sdk.package, else from info.title); "
        "alone, it also names the client and the variables (spotify_sdk: SpotifyClient, SPOTIFY_TOKEN)",
    )
    parser.add_argument(
        "--client-name", help="with one --spec: the client's name, e.g. Spotify for the class SpotifyClient"
    )
    parser.add_argument(
        "--env-prefix", help="with one --spec: the environment variables' prefix, e.g. SPOTIFY for SPOTIFY_TOKEN"
    )
    fail_on_warning_argument(parser)


ENV_PREFIX = re.compile(r"[A-Z][A-Z0-9_]*")


def _name_errors(args: argparse.Namespace, specs: list[Path]) -> list[Diagnostic]:
    """What is wrong with --package, --client-name and --env-prefix."""
    given = [
        (f"--{flag}", value)
        for flag, value in [
            ("package", args.package),
            ("client-name", args.client_name),
            ("env-prefix", args.env_prefix),
        ]
        if value is not None
    ]
    problems = [arg_error(f"{flag} needs exactly one --spec") for flag, _ in given if len(specs) != 1]
    if args.package is not None and not args.package.isidentifier():
        problems.append(arg_error(f"--package {args.package!r} is not a Python identifier"))
    if args.client_name is not None and not (args.client_name.isidentifier() and args.client_name[0].isupper()):
        problems.append(arg_error(f"--client-name {args.client_name!r} is not a capitalized Python identifier"))
    if args.env_prefix is not None and not ENV_PREFIX.fullmatch(args.env_prefix):
        problems.append(arg_error(f"--env-prefix {args.env_prefix!r}: use capital letters, digits and _"))
    return problems


def layout_of(args: argparse.Namespace) -> Layout:
    """The Layout the layout arguments name; GenerationError (status 2) when a file or folder is missing."""
    from .codegen.pipeline import Layout, spec_files

    if args.spec:
        missing = [s for s in args.spec if not s.is_file()]
        if missing:
            raise GenerationError([arg_error(f"no such spec file: {m}") for m in missing])
        specs = list(args.spec)
    elif not args.spec_dir.is_dir():
        raise GenerationError([arg_error(f"spec folder {args.spec_dir} does not exist")])
    else:
        specs = spec_files(args.spec_dir)
    if not specs:
        raise GenerationError([arg_error(f"no *.yaml spec in {args.spec_dir}")])
    templates = args.templates or shipped_templates()
    if not (templates / "client").is_dir() or not (templates / "models").is_dir():
        raise GenerationError([arg_error(f"template folder {templates} needs client/ and models/")])
    problems = _name_errors(args, specs)
    if problems:
        raise GenerationError(problems)
    return Layout(
        specs=specs,
        templates=templates,
        output=args.output,
        lint=lint_override(args),
        fail_on_warning=args.fail_on_warning,
        package=args.package,
        client_name=args.client_name.removesuffix("Client") or args.client_name if args.client_name else None,
        env_prefix=args.env_prefix,
        project=_project_writer() if args.spec and len(specs) == 1 else None,
    )


def _project_writer() -> Callable[[SpecDocument, Service, Path], None]:
    """What writes pyproject.toml and README.md beside the one package (publish/project.py)."""
    from .publish.project import write_project

    return write_project


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    spec_argument(parser, "spec/*.yaml")
    parser.add_argument("specs", nargs="*", type=Path, metavar="SPEC", help="spec files, as --spec (none: spec/*.yaml)")
    fail_on_warning_argument(parser)


def validate(args: argparse.Namespace) -> int:
    """Load and validate the specs; print every problem."""
    from .codegen.pipeline import load_and_build, spec_files, summary

    specs = [*(args.spec or []), *args.specs] or spec_files(Path("spec"))
    missing = [s for s in specs if not s.is_file()]
    if missing or not specs:
        raise GenerationError(
            [arg_error(f"no such spec file: {m}") for m in missing] or [arg_error("no spec to validate")]
        )
    built = load_and_build(specs, lint_override(args), fail_on_warning=args.fail_on_warning)
    for line in filter(None, (summary(doc, service) for doc, service in built)):
        print(line.replace(": generated ", ": would generate ", 1), file=sys.stderr)
    print(f"ok: {len(built)} spec(s) valid: {', '.join(doc.display_name for doc, _ in built)}")
    return 0


def _generate_arguments(parser: argparse.ArgumentParser) -> None:
    layout_arguments(parser)
    parser.add_argument("--force", action="store_true", help="regenerate even when the MANIFEST says it is current")
    parser.add_argument(
        "--no-changelog", action="store_true", help="do not print the API changes since the last generation"
    )


def generate(args: argparse.Namespace) -> int:
    """Validate, then generate the packages; print the API changes since the last generation."""
    from .codegen.manifest import recorded_spec_hashes
    from .codegen.pipeline import generate as generate_packages

    layout = layout_of(args)
    recorded = recorded_spec_hashes(layout.output)
    if not generate_packages(layout, force=args.force):
        print(f"{layout.output}/ is up to date (nothing to do)")
        return 0
    from .diff.changelog import since_last_generation  # the changelog's modules, once something was generated

    print(f"generated {layout.output}/ from {len(layout.specs)} spec(s)")
    for line in [] if args.no_changelog else since_last_generation(recorded, layout.specs):
        print(line)
    return 0


def check(args: argparse.Namespace) -> int:
    """Generate into a temporary folder and compare it with the output folder."""
    from .codegen.compare import compare_trees
    from .codegen.pipeline import generate

    layout = layout_of(args)
    with tempfile.TemporaryDirectory(prefix="generator-check-") as tmp:
        fresh = Path(tmp) / "generated"
        generate(replace(layout, output=fresh), force=True)
        problems = compare_trees(fresh, layout.output)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(
            f"error: {layout.output}/ is not what the spec and templates produce; "
            "run `make generate` and commit the result",
            file=sys.stderr,
        )
        return 1
    print(f"ok: {layout.output}/ is current")
    return 0


def _publish_arguments(parser: argparse.ArgumentParser) -> None:
    layout_arguments(parser)
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="folder replaced whole")
    parser.add_argument(
        "--lock", type=Path, default=Path("requirements.lock"), help="its pins are the SDK's lower bounds"
    )


def publish(args: argparse.Namespace) -> int:
    """Write dist/: per spec the bundles, the reference, the wheel and sdist."""
    from .publish.dist import publish as publish_all

    for service, files in publish_all(layout_of(args), args.dist, args.lock).items():
        print(f"{args.dist}/{service}/: {', '.join(files)}")
        record = json.loads((args.dist / service / "metadata.json").read_text(encoding="utf-8"))
        if record["package"]["license"] is None:
            print(f"note: the {service} wheel states no license: set x-sdk.license (an SPDX expression)")
    return 0


def _diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the earlier version: file, folder, git revision or REV:path")
    parser.add_argument("new", help="the later version: file, folder, git revision or REV:path")
    parser.add_argument("--fail-on-breaking", action="store_true", help="exit with status 3 when a change is breaking")
    parser.add_argument("--spec-dir", default="spec", help="folder of the specs inside a git revision")


def diff(args: argparse.Namespace) -> int:
    """Print the API changes between two versions of the specs."""
    from .diff.changelog import diff_report

    lines, breaking = diff_report(args.old, args.new, args.spec_dir)
    print("\n".join(lines))
    if breaking and args.fail_on_breaking:
        print(f"{breaking} breaking change(s)", file=sys.stderr)
        return 3
    return 0


VALIDATE = Command(
    help="validate specs (OpenAPI 3.0/3.1 and the project's lint)",
    description="Load each SPEC and report every problem as file:line:col with its JSON pointer. "
    "Exit status 0 (valid), 1 (problems) or 2 (bad arguments).",
    example="validate --spec spec/karat.yaml",
    arguments=_validate_arguments,
    run=validate,
)
GENERATE = Command(
    help="validate, then generate the SDK packages",
    description="Validate every spec of --spec-dir (or each --spec), then render one package per spec into --output, replaced "
    "as a whole only when everything succeeded. Does nothing when MANIFEST says the output is current; prints "
    "the API changes since the last generation.",
    example="generate --output /tmp/generated",
    arguments=_generate_arguments,
    run=generate,
    writes=True,
)
CHECK = Command(
    help="fail when the output folder is not what generate would write",
    description="Generate into a temporary folder and compare it, file by file, with --output. "
    "Exit status 0 (current) or 1 (it differs; the differing files are listed).",
    example="check",
    arguments=layout_arguments,
    run=check,
)
PUBLISH = Command(
    help="write dist/: each spec bundled (YAML, JSON), its HTML reference, the SDK wheel and sdist",
    description="Validate, check that --output is current, then replace --dist with one folder per spec: "
    "openapi.yaml/json (bundled), the HTML reference, the wheel, the sdist, metadata.json and SHA256SUMS.",
    example="publish --dist /tmp/dist",
    arguments=_publish_arguments,
    run=publish,
    writes=True,
)
DIFF = Command(
    help="changelog of the API between two versions of the specs, each change breaking or not",
    description="Print the API changes from OLD to NEW: operations, parameters, fields, enum values, unions; "
    "each is breaking or not for existing clients. OLD and NEW are spec files, folders of specs, git revisions "
    "(HEAD, HEAD~1: the --spec-dir specs at that commit) or REV:path. Exit status 0, or 3 with "
    "--fail-on-breaking when a change is breaking.",
    example="diff HEAD~1 spec --fail-on-breaking",
    arguments=_diff_arguments,
    run=diff,
)

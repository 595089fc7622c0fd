"""The house rules as a lint: each rule is `error`, `warning` or `off`, set per project in pyproject.toml.

    [tool.sdk-pipeline.lint]
    default = "error"                 # every rule not named below (without it: "warning")
    operation-description = "warning"

The pyproject.toml nearest the spec document (at or above its folder) is read, as ruff finds its
configuration per file: a document from elsewhere gets the defaults wherever it is generated from.
`--lint-default LEVEL` puts every rule at one level instead. A document that breaks a rule
set to `error` does not generate; a `warning` is printed and generation goes on (`--fail-on-warning`
makes warnings fatal too); `off` says nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..openapi.diagnostics import Diagnostic, GenerationError, display_path

if TYPE_CHECKING:
    from ..openapi.load import SpecDocument

LEVELS = ("error", "warning", "off")
DEFAULT_LEVEL = "warning"
RULES = {
    "x-sdk": "the document has an x-sdk extension (else package, client and variables come from info.title)",
    "x-error-envelope": "the document has an x-error-envelope (else errors are told apart by HTTP status)",
    "operation-id": "every operation has an operationId (else its method is named from its method and path)",
    "operation-summary": "every operation has a summary",
    "operation-description": "every operation has a description",
    "operation-tags": "every operation has tags (else its method goes to the `default` resource)",
    "error-responses": "every operation documents an error response (4XX, 5XX or default)",
    "unused-component": "every component is used",
    "discriminator": "a discriminator maps every member explicitly to a const tag its member requires",
    "names": "names become Python identifiers unchanged",
    "examples": "every example matches its schema",
    "unknown-format": "every `format` is one the generator knows (else the JSON type is used)",
    "openapi-python-client": "openapi-python-client's operation parser reads the document without an error",
    "operation-shape": "every operation can be generated (else it is left out of the SDK, with a warning)",
    "model-shape": "every model is generated as the spec says (else a warning says what it keeps otherwise)",
    "broken-component": "a component no operation uses is valid too (else it is left out, with a warning)",
    "broken-operation": "every operation, and every component it uses, is valid OpenAPI "
    "(else the operation is left out, with a warning)",
    "security": "every security requirement names a declared scheme, and the SDK sends every scheme itself "
    "(else the client's http_client must)",
}
SECTION = ("tool", "sdk-pipeline", "lint")


@dataclass(frozen=True)
class Lint:
    """The level of every rule, and where it was set."""

    levels: dict[str, str] = field(default_factory=dict)
    default: str = DEFAULT_LEVEL
    source: str = "defaults"
    strict: bool = False  # --strict: every violation of the OpenAPI schema is an error (nothing read leniently)

    def level(self, rule: str) -> str:
        """`error`, `warning` or `off`."""
        if rule not in RULES:
            raise KeyError(f"unknown lint rule {rule!r}")
        return self.levels.get(rule, self.default)

    def check(self, doc: SpecDocument, rule: str, pointer: str, message: str) -> list[Diagnostic]:
        """The diagnostic of one broken rule at `pointer`, at the rule's level; none when the rule is off."""
        level = self.level(rule)
        if level == "off":
            return []
        return [doc.diagnostic(pointer, f"{message} (lint rule {rule})", level)]


PROJECT = "the pyproject.toml nearest the spec"


def lint_for(spec: Path, override: Lint | None = None) -> Lint:
    """The lint of one spec document: its nearest pyproject.toml's, unless `override` (the command line) sets the
    levels; `override.strict` either way."""
    if override is not None and override.source != PROJECT:
        return override
    found = load_lint(spec.resolve().parent)
    return replace(found, strict=True) if override is not None and override.strict else found


def command_line_lint(level: str | None, strict: bool) -> Lint | None:
    """What --lint-default and --strict ask for; None: each spec's project's settings as they are."""
    if level is None and not strict:
        return None
    return Lint({}, level, "--lint-default", strict) if level else Lint(source=PROJECT, strict=strict)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "pyproject.toml").is_file():
            return folder / "pyproject.toml"
    return None


def load_lint(start: Path | None = None) -> Lint:
    """The lint settings of the project holding `start` (a folder; defaults when no pyproject.toml sets any).

    A bad setting is an error.
    """
    folder = start or Path.cwd()
    path = find_pyproject(folder)
    if path is None:
        return Lint()
    name = display_path(path)
    section: Any
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GenerationError([Diagnostic(name, 1, 1, "", f"cannot read the lint settings: {exc}")]) from exc
    for key in SECTION:
        section = section.get(key) if isinstance(section, dict) else None
    if section is None:
        return Lint(source=name)
    problems = []
    if not isinstance(section, dict):
        section = {}
        problems.append("[tool.sdk-pipeline.lint] must be a table")
    levels = {}
    for rule, level in section.items():
        if rule != "default" and rule not in RULES:
            problems.append(f"unknown lint rule {rule!r} (known: default, {', '.join(RULES)})")
        elif level not in LEVELS:
            problems.append(f"lint rule {rule!r}: level must be one of {', '.join(LEVELS)}, got {level!r}")
        elif rule != "default":
            levels[rule] = level
    if problems:
        raise GenerationError([Diagnostic(name, 1, 1, "", f"[tool.sdk-pipeline.lint]: {p}") for p in problems])
    return Lint(levels, str(section.get("default", DEFAULT_LEVEL)), name)

"""The HTML reference of a bundled spec, rendered by Redoc (Redocly CLI `build-docs`, pinned in interop/).

The page is built from a docs copy of the bundle: every operation gets a Python sample of its SDK call
(`x-codeSamples`, which Redoc shows beside the request) and the project's own `x-` extensions are dropped, as
they tell our generator how to write the SDK and mean nothing to a reader. The published openapi.yaml/json keep
them all, for other generators. The file is self-contained (`--inlineBundle`); the one thing Redoc would fetch
from the network, its attribution logo, is swapped for an inline image of the name, and its usage telemetry (traces sent
to Redocly as the reader clicks) is turned off, so the page never calls out.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..openapi.diagnostics import Diagnostic, GenerationError

ROOT = Path(__file__).resolve().parents[2]
REDOCLY = ROOT / "interop" / "node_modules" / ".bin" / "redocly"
RENDERER_EXTENSIONS = frozenset({"x-codeSamples", "x-logo", "x-tagGroups", "x-displayName"})
DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum", "value"})
REMOTE_LOGOS = ("https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg")


def _wordmark(text: str, width: int) -> str:
    """An inline SVG image of `text`: the attribution keeps its name without a network fetch."""
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='16'>"
        f"<text x='0' y='12' font-family='sans-serif' font-size='12' fill='#808080'>{text}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="/:=' ").replace(" ", "%20")


# "API docs by" and the sidebar's logo, then the collapsed sidebar's, each as an inline image of the name.
INLINE_LOGOS = (_wordmark("Redocly", 48), _wordmark("R", 10))


def without_extensions(node: Any) -> Any:
    """`node` without the `x-` keys renderers do not know; data (examples, defaults, property names) untouched."""
    if isinstance(node, list):
        return [without_extensions(item) for item in node]
    if not isinstance(node, dict):
        return node
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-") and key not in RENDERER_EXTENSIONS:
            continue
        if key == "properties" and isinstance(value, dict):
            kept[key] = {name: without_extensions(schema) for name, schema in value.items()}
        else:
            kept[key] = value if key in DATA_KEYS else without_extensions(value)
    return kept


def docs_bundle(bundled: dict[str, Any]) -> dict[str, Any]:
    """The copy of a bundle the reference is rendered from: renderer extensions kept, ours dropped."""
    docs: dict[str, Any] = without_extensions(bundled)
    return docs


def _failure(message: str) -> GenerationError:
    return GenerationError([Diagnostic(str(REDOCLY.relative_to(ROOT)), 1, 1, "", message)])


def render_reference(docs: dict[str, Any], title: str, redocly: Path = REDOCLY) -> str:
    """The self-contained HTML reference page of a docs bundle."""
    if not redocly.exists():
        raise _failure("Redocly CLI is not installed: `make publish` installs it (npm ci --prefix interop)")
    with tempfile.TemporaryDirectory(prefix="reference-") as work:
        spec, page = Path(work) / "openapi.json", Path(work) / "reference.html"
        spec.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        command = [str(redocly), "build-docs", str(spec), "--output", str(page), "--inlineBundle", "--title", title]
        command.append("--lint-config=off")
        # Telemetry off: for the CLI, and for the page (else Redoc sends usage traces to Redocly as one reads).
        environment = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
        result = subprocess.run(command, cwd=work, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0 or not page.exists():
            raise _failure(f"redocly build-docs failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
        html = page.read_text(encoding="utf-8")
    if '"disableTelemetry":true' not in html:
        raise _failure("the page would send Redoc's usage telemetry: REDOCLY_TELEMETRY=off no longer turns it off")
    if not all(url in html for url in REMOTE_LOGOS):
        raise _failure("Redoc's logo URLs moved: update REMOTE_LOGOS so the page stays offline")
    for url, inline in zip(REMOTE_LOGOS, INLINE_LOGOS, strict=True):
        html = html.replace(url, inline)
    return html

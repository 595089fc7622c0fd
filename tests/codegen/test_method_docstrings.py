"""A method's docstring keeps its sections flush however the spec writes its summary (one line or several)."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from tests.conftest import ROOT, run_generator

SPEC = """
openapi: 3.1.0
info: {title: Speech, version: "1"}
paths:
  /speech:
    post:
      operationId: createSpeech
      summary: |
        Generates audio from the input text.

        Returns the audio file content.
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [input]
              properties:
                input: {type: string, description: The text to speak.}
      responses:
        "200":
          description: the audio
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
"""


def test_a_multi_line_summary_keeps_the_args_section_flush(tmp_path: Path) -> None:
    (tmp_path / "speech.yaml").write_text(textwrap.dedent(SPEC).lstrip(), encoding="utf-8")
    args = ["generate", "--spec", "speech.yaml", "--output", "out", "--templates", str(ROOT / "templates")]
    result = run_generator(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    source = (tmp_path / "out" / "speech_sdk" / "resources" / "default.py").read_text(encoding="utf-8")
    start = source.index('"""Generates audio')
    raw = source[start + 3 : source.index('"""', start + 3)]
    doc = inspect.cleandoc(raw)
    assert doc.startswith("Generates audio from the input text.\n\nReturns the audio file content.\n\nArgs:\n")
    assert "\n    input: The text to speak.\n" in doc
    assert "\nRaises:\n" in doc

"""The `format`s the generator turns into Python types: those its models backend (datamodel-code-generator) maps.

Any other format is the plain JSON type: the validator warns (lint rule unknown-format) and the models
backend never sees it.
"""

from __future__ import annotations

from typing import Any


def known_format(kind: Any, fmt: Any) -> bool:
    """Whether the models backend maps `format` of JSON type `kind` to a Python type (else: the plain type)."""
    from datamodel_code_generator.parser.jsonschema import get_data_formats  # type: ignore[attr-defined]

    return (
        not isinstance(kind, str) or not isinstance(fmt, str) or fmt in get_data_formats(is_openapi=True).get(kind, {})
    )

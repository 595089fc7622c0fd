"""Name conversion shared by the validator and the renderers."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


def snake_case(name: str) -> str:
    """`getRecordsBatch` -> `get_records_batch`; `page.size` -> `page_size`."""
    return _NON_WORD.sub("_", _BOUNDARY.sub("_", name)).strip("_").lower()


def pascal_case(name: str) -> str:
    """`records` -> `Records`; `dataset files` -> `DatasetFiles`."""
    return "".join(part[:1].upper() + part[1:] for part in snake_case(name).split("_"))

"""openapi-python-client's operation parser as a lint rule: what it cannot read is said, located at the operation.

Our own IR builder generates the client; openapi-python-client's parser reads the same document as a second
opinion. For this project's specs the rule is an error (the house style keeps both tools aligned); for a
foreign document it is a warning by default, since the parser rejects some valid constructs.
"""

from __future__ import annotations

import re
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer
from .lint import Lint

RULE = "openapi-python-client"
OPERATION = re.compile(r"\b(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (/\S*)")
COMPONENT = re.compile(r"(/components/[^\s:]+)")
OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>")
PYDANTIC_INPUT = re.compile(r", input_value=.*?, input_type=\w+\]")
PYDANTIC_LINK = re.compile(r"For further information visit \S+")
DETAIL_LIMIT = 300


def check_opc_parser(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """Every problem openapi-python-client's parser reports (lint rule openapi-python-client)."""
    if lint.level(RULE) == "off":
        return []
    return [d for pointer, message in opc_problems(doc) for d in lint.check(doc, RULE, pointer, message)]


def opc_problems(doc: SpecDocument) -> list[tuple[str, str]]:
    """(pointer, message) for each error of openapi-python-client's parser on the document."""
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError

    config = Config.from_sources(
        ConfigFile(), MetaType.NONE, document_source=doc.path, file_encoding="utf-8", overwrite=True, output_path=None
    )
    try:
        data = GeneratorData.from_dict(doc.data, config=config)
    except Exception as exc:  # noqa: BLE001 - a crash of the second opinion is reported, never raised
        return [("", f"openapi-python-client's parser failed ({type(exc).__name__})")]
    if isinstance(data, GeneratorError):
        return [_problem(data)]
    errors = list(data.errors)
    for collection in data.endpoint_collections_by_tag.values():
        errors += collection.parse_errors
    return [_problem(error) for error in errors]


def _problem(error: Any) -> tuple[str, str]:
    """A located, readable message for one parser error: no object reprs, detail cut short."""
    header = clean_text(str(error.header or "error"))
    detail = clean_text(str(error.detail or ""))
    if len(detail) > DETAIL_LIMIT:
        detail = detail[:DETAIL_LIMIT] + "…"
    operation, component = OPERATION.search(header), COMPONENT.search(header)
    if operation:
        pointer = join_pointer("paths", operation.group(2), operation.group(1).lower())
    else:
        pointer = component.group(1) if component else ""
    return pointer, f"openapi-python-client: {header}" + (f": {detail}" if detail else "")


def clean_text(text: str) -> str:
    """`text` on one line, without tool internals: object reprs (shown as <value>), pydantic's input dumps, links."""
    text = PYDANTIC_LINK.sub("", PYDANTIC_INPUT.sub("]", OBJECT_REPR.sub("<value>", text)))
    return " ".join(text.split())

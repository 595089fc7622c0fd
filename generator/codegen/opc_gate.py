"""openapi-python-client's parser as a gate: any error it reports is fatal; its endpoints name the operations."""

from __future__ import annotations

import re
from typing import Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer


def parse_operations_gate(doc: SpecDocument) -> dict[tuple[str, str], Any]:
    """Run openapi-python-client's parser; any error it reports is fatal. Returns its endpoints by (path, method)."""
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData
    from openapi_python_client.parser.errors import GeneratorError

    config = Config.from_sources(
        ConfigFile(), MetaType.NONE, document_source=doc.path, file_encoding="utf-8", overwrite=True, output_path=None
    )
    data = GeneratorData.from_dict(doc.data, config=config)
    if isinstance(data, GeneratorError):
        raise GenerationError(
            [doc.diagnostic("", f"openapi-python-client: {data.header}: {(data.detail or '')[:500]}")]
        )
    problems = [_opc_diagnostic(doc, e) for e in data.errors]
    endpoints: dict[tuple[str, str], Any] = {}
    for collection in data.endpoint_collections_by_tag.values():
        problems += [_opc_diagnostic(doc, e) for e in collection.parse_errors]
        for endpoint in collection.endpoints:
            endpoints[(endpoint.path.get_untrusted_value(), endpoint.method)] = endpoint
    if problems:
        raise GenerationError(problems)
    return endpoints


def _opc_diagnostic(doc: SpecDocument, error: Any) -> Diagnostic:
    """A diagnostic for an openapi-python-client parse error, located at its operation when it names one."""
    header, detail = str(error.header or "error"), str(error.detail or "")
    match = re.search(r"\b(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (/\S*)", header)
    pointer = join_pointer("paths", match.group(2), match.group(1).lower()) if match else ""
    return doc.diagnostic(pointer, f"openapi-python-client: {header.strip()}: {detail[:300]}")


def endpoint_path(path: str, endpoints: dict[tuple[str, str], Any], method: str) -> str:
    """openapi-python-client renames path templates to Python names; find its key for `path`."""
    if (path, method) in endpoints:
        return path
    pattern = re.sub(r"\\\{[^}]*\\\}", r"\\{[^}]*\\}", re.escape(path))
    for candidate, candidate_method in endpoints:
        if candidate_method == method and re.fullmatch(pattern, candidate):
            return candidate
    return path

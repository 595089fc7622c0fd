"""Compare one read page with its spec: the operation, its parameters, bodies, examples, errors and the limits,
preview, scopes and authentication the page states."""

from __future__ import annotations

import re
from typing import Any

from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer
from ..openapi.refs import deref
from ..openapi.walk import iter_operations
from .compare_examples import compare_example, compare_url, unknown_fields
from .compare_fields import compare_body, compare_parameters, operation_parameters
from .compare_text import compare_description
from .drift import Drift, DriftLog
from .error_fixes import new_error, response_edits
from .fix import Edit, Fix
from .fixes import one
from .page import DocError, DocPage

JSON = "application/json"


def compare_page(page: DocPage, doc: SpecDocument) -> list[Drift]:
    """Every fact of `page` that `doc` does not reflect."""
    log = DriftLog(page, doc)
    paths = doc.data.get("paths") or {}
    operation = (paths.get(page.path) or {}).get(page.method)
    if not isinstance(operation, dict):
        log.add(
            page.line, "/paths", f"{page.method.upper()} {page.path} is on the page, not in the spec{_near(doc, page)}"
        )
        return log.found
    path_pointer = join_pointer("paths", page.path)
    op_pointer = join_pointer("paths", page.path, page.method)
    params = operation_parameters(doc.data, op_pointer, path_pointer)
    compare_description(log, page.description, operation, op_pointer, f"{page.method.upper()} {page.path}")
    compare_parameters(log, params, op_pointer)
    request_pointer = op_pointer + "/requestBody"
    request_media = join_pointer("paths", page.path, page.method, "requestBody", "content", JSON)
    has_request = "requestBody" in operation
    if page.request_body is not None and has_request:
        compare_body(log, page.request_body, _media_schema(doc, request_media), request_media + "/schema")
    elif page.request_body is not None:
        log.add(page.request_body.line, op_pointer, "the page documents a request body; the spec has none")
    elif has_request and page.states_limits:
        log.add(page.line, request_pointer, "the spec has a request body; the page documents none")
    success = next((s for s in ("200", "201", "202", "204") if s in (operation.get("responses") or {})), None)
    response_media = join_pointer("paths", page.path, page.method, "responses", success or "200", "content", JSON)
    if page.response_body is not None and success is not None:
        compare_body(log, page.response_body, _media_schema(doc, response_media), response_media + "/schema")
    if page.request_example is not None:
        compare_url(log, page.request_example, op_pointer, page.path, params)
        if page.request_example.value is not None and has_request:
            compare_example(log, page.request_example, request_media, "request")
            unknown_fields(
                log, page.request_example, _media_schema(doc, request_media), request_media + "/schema", "request"
            )
    if page.response_example is not None:
        compare_example(log, page.response_example, response_media, "response")
        unknown_fields(
            log, page.response_example, _media_schema(doc, response_media), response_media + "/schema", "response"
        )
    for error in page.errors:
        _compare_error(log, error, operation, op_pointer)
    if page.states_limits:
        _compare_limits(log, operation, op_pointer, request_media)
    if page.states_auth:
        _compare_auth(log, operation, op_pointer)
    return log.found


def undocumented_operations(doc: SpecDocument, pages: list[DocPage], folder: str) -> list[Drift]:
    """The spec's operations that no page documents (for a run over the whole pages folder)."""
    documented = {(page.method, page.path) for page in pages}
    found = []
    for pointer, path, method, _ in iter_operations(doc.data):
        if (method, path) not in documented:
            line, col = doc.where(pointer)
            found.append(
                Drift(
                    folder,
                    0,
                    doc.display_name,
                    line,
                    col,
                    pointer,
                    f"{method.upper()} {path} is in the spec, on no page",
                )
            )
    return found


def _near(doc: SpecDocument, page: DocPage) -> str:
    shape = re.sub(r"\{[^}]*\}", "{}", page.path)
    near = [p for p in doc.data.get("paths") or {} if re.sub(r"\{[^}]*\}", "{}", p) == shape and p != page.path]
    return f" (the spec has {near[0]})" if near else ""


def _media_schema(doc: SpecDocument, media_pointer: str) -> Any:
    media, _ = deref(doc.data, {"$ref": "#" + media_pointer}, media_pointer)
    return media.get("schema") if isinstance(media, dict) else None


def _error_schemas(doc: SpecDocument, operation: dict[str, Any], status: str, op_pointer: str) -> set[str]:
    """Pointers of the component schemas a response status of the operation can carry (oneOf members included)."""
    response, where = deref(
        doc.data, (operation.get("responses") or {}).get(status), f"{op_pointer}/responses/{status}"
    )
    found: set[str] = set()
    content = response.get("content") if isinstance(response, dict) else None
    for media in (content or {}).values():
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict):
            continue
        members = schema.get("oneOf") or schema.get("anyOf") or [schema]
        for member in members:
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                found.add(member["$ref"].removeprefix("#"))
    return found


def _compare_error(log: DriftLog, error: DocError, operation: dict[str, Any], op_pointer: str) -> None:
    doc = log.doc
    responses = operation.get("responses") or {}
    if error.name is None and error.status is not None:
        if str(error.status) not in responses:
            log.add(
                error.line,
                op_pointer + "/responses",
                f"HTTP {error.status} is on the page, not among the spec's responses",
            )
        return
    key = error.app_code if error.name is None else error.name.removesuffix("Error")
    schemas = doc.data.get("components", {}).get("schemas", {})
    name = next(
        (n for n, s in schemas.items() if isinstance(s, dict) and str((s.get("x-error") or {}).get("key")) == str(key)),
        None,
    )
    if name is None:
        log.add(
            error.line,
            "/components/schemas",
            f"error {key} (status {error.status or 'not given'}) is on the page, not in the spec (no x-error with that key)",
            new_error(doc.data, error, op_pointer),
        )
        return
    pointer = join_pointer("components", "schemas", name)
    spec_status = schemas[name]["x-error"].get("status")
    status = error.status or spec_status
    if error.status is not None and spec_status != error.status:
        log.add(
            error.line,
            pointer + "/x-error/status",
            f"error {key} has status {error.status} on the page, {spec_status} in the spec",
        )
    if pointer not in _error_schemas(doc, operation, str(status), op_pointer):
        where = f"{op_pointer}/responses/{status}" if str(status) in responses else op_pointer + "/responses"
        edits = response_edits(doc.data, op_pointer, int(status), name, error.description) if status else None
        fix = Fix("error response", tuple(edits)) if edits else None
        log.add(error.line, where, f"error {key} is on the page, not among the operation's {status} responses", fix)
    properties = schemas[name].get("properties") or {}
    code = (properties.get("errorCode") or {}).get("const")
    if error.code is not None and code != error.code:
        log.add(
            error.line,
            pointer + "/properties/errorCode",
            f"error {key} has code {error.code} on the page, {code} in the spec",
        )
    if error.parameters is not None and "parameters" in properties:
        params, params_pointer = deref(doc.data, properties["parameters"], pointer + "/properties/parameters")
        spec_params = sorted((params.get("properties") or {}) if isinstance(params, dict) else {})
        if sorted(error.parameters) != spec_params:
            log.add(
                error.line,
                params_pointer,
                f"error {key} has parameters {error.parameters} on the page, {spec_params} in the spec",
            )


def _compare_limits(log: DriftLog, operation: dict[str, Any], op_pointer: str, request_media: str) -> None:
    page = log.page
    preview = operation.get("x-preview")
    if page.preview is not None:
        param, value = page.preview.value
        if not isinstance(preview, dict):
            log.add(
                page.preview.line,
                op_pointer,
                f"the page says the endpoint is in preview ({param}={value}); the spec has no x-preview",
            )
        elif preview.get("param") != param or str(preview.get("value")).lower() != value.lower():
            log.add(
                page.preview.line,
                op_pointer + "/x-preview",
                f"the page's preview flag is {param}={value}, the spec's x-preview differs",
            )
    elif preview is not None:
        log.add(
            page.line, op_pointer + "/x-preview", "the spec marks the endpoint preview (x-preview); the page does not"
        )
    batch = operation.get("x-batch")
    if page.max_batch is not None:
        if not isinstance(batch, dict):
            log.add(
                page.max_batch.line,
                op_pointer,
                f"the page gives a maximum batch size of {page.max_batch.value}; the spec has no x-batch",
            )
        elif batch.get("max-size") != page.max_batch.value:
            log.add(
                page.max_batch.line,
                op_pointer + "/x-batch/max-size",
                f"maximum batch size is {page.max_batch.value} on the page, {batch.get('max-size')} in the spec",
                one("batch limit", Edit("set", op_pointer + "/x-batch/max-size", page.max_batch.value)),
            )
        schema, where = deref(log.doc.data, _media_schema(log.doc, request_media), request_media + "/schema")
        if isinstance(schema, dict) and schema.get("maxItems") != page.max_batch.value:
            log.add(
                page.max_batch.line,
                where + "/maxItems",
                f"maximum batch size is {page.max_batch.value} on the page; the body's maxItems is {schema.get('maxItems')}",
                one("batch limit", Edit("set", where + "/maxItems", page.max_batch.value)),
            )
    elif batch is not None:
        log.add(page.line, op_pointer + "/x-batch", "the spec has a maximum batch size (x-batch); the page states none")
    _compare_scopes(log, operation, op_pointer)


def _compare_scopes(log: DriftLog, operation: dict[str, Any], op_pointer: str) -> None:
    page = log.page
    schemes = (log.doc.data.get("components") or {}).get("securitySchemes") or {}
    oauth = {name for name, scheme in schemes.items() if isinstance(scheme, dict) and scheme.get("type") == "oauth2"}
    spec_scopes = {
        s for req in operation.get("security") or [] for name, scopes in req.items() if name in oauth for s in scopes
    }
    where = op_pointer + "/security" if "security" in operation else op_pointer
    for scope in page.scopes:
        if scope.value not in spec_scopes:
            log.add(scope.line, where, f"OAuth scope {scope.value} is on the page, not in the operation's security")
    for scope in sorted(spec_scopes - {s.value for s in page.scopes}):
        log.add(page.line, where, f"OAuth scope {scope} of the spec is not on the page")


def _compare_auth(log: DriftLog, operation: dict[str, Any], op_pointer: str) -> None:
    page = log.page
    security = operation["security"] if "security" in operation else log.doc.data.get("security") or []
    where = op_pointer + "/security" if "security" in operation else "/security"
    required = bool(security) and all(requirement for requirement in security)
    if page.requires_auth is not None and not required:
        log.add(
            page.requires_auth.line, where, "the page requires a JWT; the spec's security lets the call go without one"
        )
    elif page.requires_auth is None and required:
        log.add(page.line, where, "the spec requires authentication; the page does not say `Requires JWT.`")

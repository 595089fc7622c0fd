"""Checks of the project's x- extensions (see spec/README.md)."""

from __future__ import annotations

import keyword
import re
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.naming import method_name, operation_tag, resource_name, snake_case
from ..openapi.pointer import join_pointer, split_pointer
from ..openapi.refs import deref
from ..openapi.sdk_names import RUNTIME_CLIENTS, sdk_names
from ..openapi.walk import iter_operations
from .lint import Lint

ENVELOPE_KEYS = ("key", "message", "parameters", "instance-id", "code", "success")
URL_LABEL = re.compile(r"[^\x00-\x1f\x7f,]{1,32}")  # a Project-URL label (PEP 753): short, no comma, one line
HTTP_URL = re.compile(r"https?://[^\s]+")


def _is_pointer(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("/")


def check_extensions(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    """Diagnostics for missing (lint rules x-sdk, x-error-envelope) or inconsistent x- extensions."""
    found = _check_document_extensions(doc, lint)
    found += _check_errors(doc)
    found += check_method_names(doc)
    for pointer, _path, _method, operation in iter_operations(doc.data):
        params = _operation_params(doc, pointer, operation)
        body_schema = _body_schema(doc, operation, pointer)
        found += _check_pagination(doc, pointer, operation, params, body_schema)
        found += _check_batch(doc, pointer, operation, body_schema)
        preview = operation.get("x-preview")
        if preview is not None:
            if not isinstance(preview, dict) or not isinstance(preview.get("param"), str) or "value" not in preview:
                found.append(
                    doc.diagnostic(
                        pointer + "/x-preview", "x-preview must be {param: <query parameter>, value: <value>}"
                    )
                )
            elif params.get(preview["param"]) != "query":
                found.append(
                    doc.diagnostic(
                        pointer + "/x-preview",
                        f"x-preview names {preview['param']!r}, which is not a query parameter of the operation",
                    )
                )
    return found


def _check_document_extensions(doc: SpecDocument, lint: Lint) -> list[Diagnostic]:
    found = []
    sdk = doc.data.get("x-sdk")
    names = sdk_names(doc.data)
    if sdk is None:
        found += lint.check(
            doc,
            "x-sdk",
            "",
            f"document has no x-sdk extension; from info.title: package {names.package!r}, client "
            f"{names.client + 'Client'!r}, environment prefix {names.env_prefix!r}",
        )
    elif not isinstance(sdk, dict):
        found.append(doc.diagnostic("/x-sdk", "x-sdk must be a mapping ({package, client, env-prefix})"))
    if names.client in RUNTIME_CLIENTS:
        found.append(doc.diagnostic("/x-sdk/client", f"x-sdk.client {names.client!r} names the runtime's client class"))
    for key, value in (("package", names.package), ("client", names.client)):
        if not value.isidentifier() or keyword.iskeyword(value):
            found.append(
                doc.diagnostic(
                    f"/x-sdk/{key}" if key in (sdk or {}) else "/x-sdk" if sdk else "/info/title",
                    f"x-sdk.{key} must be a Python identifier, got {value!r}",
                )
            )
    found += _check_package_metadata(doc, sdk if isinstance(sdk, dict) else {})
    envelope = doc.data.get("x-error-envelope")
    if envelope is None:
        found += lint.check(
            doc, "x-error-envelope", "", "document has no x-error-envelope; errors are told apart by HTTP status"
        )
    elif not isinstance(envelope, dict) or not _is_pointer(envelope.get("key")):
        found.append(doc.diagnostic("/x-error-envelope", "x-error-envelope needs at least a `key` JSON pointer"))
    else:
        for key, value in envelope.items():
            if key not in ENVELOPE_KEYS:
                found.append(
                    doc.diagnostic(
                        f"/x-error-envelope/{key}",
                        f"unknown x-error-envelope key {key!r} (known: {', '.join(ENVELOPE_KEYS)})",
                    )
                )
            elif not _is_pointer(value):
                found.append(
                    doc.diagnostic(
                        f"/x-error-envelope/{key}", f"x-error-envelope.{key} must be a JSON pointer, got {value!r}"
                    )
                )
    return found


def _check_package_metadata(doc: SpecDocument, sdk: dict[str, Any]) -> list[Diagnostic]:
    """The optional x-sdk.license (an SPDX expression) and x-sdk.urls ({label: http(s) URL}) of the wheel."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    found = []
    if "license" in sdk:
        try:
            canonicalize_license_expression(sdk["license"] if isinstance(sdk["license"], str) else "")
        except InvalidLicenseExpression:
            message = (
                f"x-sdk.license must be an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`), got {sdk['license']!r}"
            )
            found.append(doc.diagnostic("/x-sdk/license", message))
    urls = sdk.get("urls", {})
    if not isinstance(urls, dict):
        return [
            *found,
            doc.diagnostic("/x-sdk/urls", "x-sdk.urls must map labels to URLs (Documentation: https://...)"),
        ]
    for label, url in urls.items():
        if not URL_LABEL.fullmatch(label) or not isinstance(url, str) or not HTTP_URL.fullmatch(url):
            message = (
                f"x-sdk.urls needs labels of 1-32 characters without a comma and http(s) URLs, got {label!r}: {url!r}"
            )
            found.append(doc.diagnostic(join_pointer("x-sdk", "urls", label), message))
    return found


def _check_errors(doc: SpecDocument) -> list[Diagnostic]:
    found = []
    keys: dict[str, str] = {}
    for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
        error = schema.get("x-error") if isinstance(schema, dict) else None
        if error is None:
            continue
        pointer = join_pointer("components", "schemas", name, "x-error")
        status = error.get("status") if isinstance(error, dict) else None
        if not isinstance(error, dict) or "key" not in error or not isinstance(status, int) or not 400 <= status <= 599:
            found.append(
                doc.diagnostic(pointer, "x-error must be {key: <value at the envelope key>, status: <4xx or 5xx>}")
            )
            continue
        key = str(error["key"])
        if key in keys:
            found.append(doc.diagnostic(pointer, f"x-error key {key!r} is already used by {keys[key]}"))
        keys[key] = name
    return found


def _operation_params(doc: SpecDocument, pointer: str, operation: dict[str, Any]) -> dict[str, str]:
    params = {}
    for index, param in enumerate(operation.get("parameters") or []):
        param, _ = deref(doc.data, param, f"{pointer}/parameters/{index}")
        if isinstance(param, dict) and isinstance(param.get("name"), str):
            params[param["name"]] = str(param.get("in"))
    return params


def _body_schema(doc: SpecDocument, operation: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    body, body_pointer = deref(doc.data, operation.get("requestBody"), pointer + "/requestBody")
    schema = (((body or {}).get("content") or {}).get("application/json") or {}).get("schema")
    resolved, _ = deref(doc.data, schema, body_pointer)
    return resolved if isinstance(resolved, dict) else None


def _check_pagination(
    doc: SpecDocument, pointer: str, operation: dict[str, Any], params: dict[str, str], body: dict[str, Any] | None
) -> list[Diagnostic]:
    spec = operation.get("x-pagination")
    if spec is None:
        return []
    where = pointer + "/x-pagination"
    if not isinstance(spec, dict):
        return [doc.diagnostic(where, "x-pagination must be a mapping")]
    found = []
    body_props = set((body or {}).get("properties") or {})
    for role in ("cursor", "page-size"):
        item = spec.get(role)
        if item is None and role == "page-size":
            continue
        if (
            not isinstance(item, dict)
            or item.get("in") not in ("query", "body")
            or not isinstance(item.get("param"), str)
        ):
            found.append(
                doc.diagnostic(
                    f"{where}/{role}" if role in spec else where,
                    f"x-pagination.{role} must be {{param: <name>, in: query|body}}",
                )
            )
            continue
        declared = item["param"] in body_props if item["in"] == "body" else params.get(item["param"]) == "query"
        if not declared:
            found.append(
                doc.diagnostic(
                    f"{where}/{role}",
                    f"{role} parameter {item['param']!r} is not declared in the operation's {item['in']}",
                )
            )
    for key in ("next-cursor", "items"):
        if not _is_pointer(spec.get(key)):
            found.append(
                doc.diagnostic(
                    f"{where}/{key}" if key in spec else where,
                    f"x-pagination.{key} must be a JSON pointer into the response body",
                )
            )
    if "total" in spec and not _is_pointer(spec["total"]):
        found.append(doc.diagnostic(f"{where}/total", "x-pagination.total must be a JSON pointer"))
    lookup = spec.get("lookup")
    if lookup is not None:
        collections = lookup.get("collections") if isinstance(lookup, dict) else None
        if (
            not isinstance(collections, dict)
            or not collections
            or not all(_is_pointer(v) for v in collections.values())
        ):
            found.append(
                doc.diagnostic(f"{where}/lookup", "x-pagination.lookup.collections must map names to JSON pointers")
            )
    return found


def _check_batch(
    doc: SpecDocument, pointer: str, operation: dict[str, Any], body: dict[str, Any] | None
) -> list[Diagnostic]:
    spec = operation.get("x-batch")
    if spec is None:
        return []
    where = pointer + "/x-batch"
    if (
        not isinstance(spec, dict)
        or not isinstance(spec.get("max-size"), int)
        or not isinstance(spec.get("item-key"), str)
        or not _is_pointer(spec.get("merge"))
    ):
        return [doc.diagnostic(where, "x-batch must be {max-size: <int>, item-key: <name>, merge: <JSON pointer>}")]
    if body is None or body.get("type") != "array":
        return [doc.diagnostic(where, "x-batch needs a request body that is a JSON array")]
    found = []
    if body.get("maxItems") != spec["max-size"]:
        found.append(
            doc.diagnostic(
                f"{where}/max-size",
                f"x-batch.max-size {spec['max-size']} differs from the body's maxItems {body.get('maxItems')}",
            )
        )
    items, _ = deref(doc.data, body.get("items"), join_pointer(*split_pointer(where)))
    if spec["item-key"] not in ((items or {}).get("properties") or {}):
        found.append(doc.diagnostic(f"{where}/item-key", f"body elements have no property {spec['item-key']!r}"))
    return found


def check_method_names(doc: SpecDocument) -> list[Diagnostic]:
    """SDK method names (x-sdk-name, the operationId, or method and path) are unique within a resource."""
    found = []
    seen: dict[tuple[str, str], str] = {}
    for pointer, path, http_method, operation in iter_operations(doc.data):
        name = operation.get("x-sdk-name")
        if name is not None and (not isinstance(name, str) or not name.isidentifier() or name != snake_case(name)):
            found.append(
                doc.diagnostic(
                    pointer + "/x-sdk-name", f"x-sdk-name must be a snake_case Python identifier, got {name!r}"
                )
            )
            continue
        method = method_name(path, http_method, operation)
        tag = resource_name(operation_tag(operation))  # `Teams` and `teams`: one resource
        if (tag, method) in seen:
            found.append(
                doc.diagnostic(
                    pointer,
                    f"method {method!r} of resource {tag!r} is also generated for {seen[(tag, method)]}; "
                    "give one of them an x-sdk-name",
                )
            )
        seen[(tag, method)] = pointer
    return found

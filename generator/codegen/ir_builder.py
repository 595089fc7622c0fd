"""Parse stage: the IR of one validated spec (operations by resource, errors, names) for the client templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument
from ..openapi.naming import method_name, operation_tag, pascal_case, python_name, snake_case
from ..openapi.pointer import resolve_pointer, split_pointer
from ..openapi.refs import deref, iter_refs, ref_pointer
from ..openapi.sdk_names import sdk_names
from ..openapi.walk import iter_operations
from ..runtime._errors import status_error_class
from .inline_schemas import is_json_media
from .ir import ErrorClass, Operation, Param, Resource, Service
from .ir_operation import OperationShape, name_clashes
from .render_models import ModelIndex

SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True)
class _Request:
    """What an operation's request body becomes: its kind and media type, the body class, the arguments."""

    kind: str | None
    media: str
    body_class: str | None
    params: list[Param]
    batch_arg: str | None = None
    value_type: str | None = None


class _Builder:
    """Builds the Service IR from a validated document and the model index."""

    def __init__(self, doc: SpecDocument, models: ModelIndex) -> None:
        self.doc, self.data, self.models = doc, doc.data, models
        self.sdk: dict[str, Any] = self.data.get("x-sdk") or {}
        self.problems: list[Diagnostic] = []

    def schema_class(self, schema: Any) -> str | None:
        """The generated class of a `$ref`ed component schema, if it is one."""
        target = ref_pointer(schema.get("$ref", "")) if isinstance(schema, dict) else None
        if target and target.startswith("/components/schemas/"):
            return self.models.classes.get(target.rsplit("/", 1)[1])
        return None

    def annotation(self, schema: Any) -> str:
        """A Python type annotation for a parameter, item or body schema."""
        cls = self.schema_class(schema)
        if cls:
            return cls
        schema, _ = deref(self.data, schema, "")
        if not isinstance(schema, dict):
            return "Any"
        kind = schema.get("type")
        members = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(members, list) and members:
            return " | ".join(dict.fromkeys(self.annotation(m) for m in members))
        if kind == "array":
            return f"list[{self.annotation(schema.get('items'))}]"
        if kind == "object" or (kind is None and "additionalProperties" in schema):
            values = schema.get("additionalProperties")
            return f"dict[str, {self.annotation(values) if isinstance(values, dict) else 'Any'}]"
        if isinstance(kind, list):
            parts = [SCALARS.get(k, "None" if k == "null" else "Any") for k in kind]
            return " | ".join(dict.fromkeys(parts))
        return SCALARS.get(kind, "Any") if isinstance(kind, str) else "Any"

    def schema_at(self, schema: Any, pointer: str) -> Any:
        """The sub-schema that describes the value at `pointer` of a document described by `schema`."""
        for token in split_pointer(pointer):
            schema, _ = deref(self.data, schema, "")
            if not isinstance(schema, dict):
                return None
            if token in (schema.get("properties") or {}):
                schema = schema["properties"][token]
            elif schema.get("type") == "array" or "items" in schema:
                schema = schema.get("items")
            else:
                schema = schema.get("additionalProperties")
        return schema

    def response_schema(self, operation: dict[str, Any]) -> Any:
        """The JSON schema of the first success response that has one."""
        for code, response in (operation.get("responses") or {}).items():
            resolved, _ = deref(self.data, response, "")
            if str(code).startswith("2") and isinstance(resolved, dict):
                for media, entry in (resolved.get("content") or {}).items():
                    if is_json_media(media) and isinstance(entry, dict):
                        return entry.get("schema")
        return None

    def error_names(self, operation: dict[str, Any]) -> list[str]:
        """The x-error components an operation's error responses can carry (followed through $refs)."""
        schemas = (self.data.get("components") or {}).get("schemas") or {}
        responses = {code: r for code, r in (operation.get("responses") or {}).items() if not str(code).startswith("2")}
        pending = [t for _, ref in iter_refs(responses) if (t := ref_pointer(ref))]
        found: set[str] = set()
        seen: set[str] = set()
        while pending:
            target = pending.pop()
            if target in seen:
                continue
            seen.add(target)
            name = target.removeprefix("/components/schemas/")
            if name != target and "x-error" in (schemas.get(name) or {}):
                found.add(name)
                continue
            try:
                node = resolve_pointer(self.data, target)
            except KeyError:
                continue
            pending += [t for _, ref in iter_refs(node) if (t := ref_pointer(ref))]
        return sorted(found)

    def hidden_params(self, raw: dict[str, Any]) -> set[tuple[str, Any]]:
        """(location, name) of the parameters the SDK fills itself: the preview switch and the page cursor."""
        hidden = {("query", (raw.get("x-preview") or {}).get("param"))}
        pagination = raw.get("x-pagination")
        if pagination:
            hidden.add((pagination["cursor"]["in"], pagination["cursor"]["param"]))
        return hidden

    def request(self, shape: OperationShape, raw: dict[str, Any], hidden: set[tuple[str, Any]]) -> _Request:
        """How the request body becomes arguments: a batch's keys, a model's fields, one value, form fields, content."""
        kind, media, body, body_at = shape.request_media()
        body_class = self.schema_class(body) if kind == "json" else None
        batch = raw.get("x-batch")
        if batch:
            value_type = self.annotation(self.schema_at(self.response_schema(raw), batch["merge"] + "/*"))
            return _Request(kind, media, None, [], snake_case(batch["item-key"]) + "s", value_type)
        fields = self.models.fields.get(body_class) if body_class else None
        if body_class and fields and all(f.name for f in fields):
            return _Request(kind, media, body_class, self.body_fields(body, body_class, hidden))
        if kind == "json":
            annotation = body_class or self.annotation(body)
            value = Param("body", "", "body-value", annotation, shape.body_required(), "the request body")
            return _Request(kind, media, annotation, [value])
        if kind in ("form", "multipart"):
            return _Request(kind, media, None, shape.form_params(kind, body, body_at))
        if kind == "content":
            description = f"the body, sent as {media}: bytes, a binary file object or an iterator of chunks"
            content = Param("content", "", "content", "RawContent", shape.body_required(), description)
            return _Request(kind, media, None, [content])
        return _Request(kind, media, None, [])

    def operation(self, pointer: str, path: str, method: str, raw: dict[str, Any]) -> Operation:
        """One operation of the document as a method: its arguments, body, response, errors and paging."""
        shape = OperationShape(self, pointer, raw)
        hidden = self.hidden_params(raw)
        params = shape.parameters(hidden, set(self.sdk.get("client-path-params") or []))
        request = self.request(shape, raw, hidden)
        params += request.params
        pagination, preview = raw.get("x-pagination"), raw.get("x-preview")
        item_type, item_types = self.page_item_types(raw, pagination) if pagination else (None, None)
        response_kind, response_type, accept = shape.response()
        unwrap, unwrapped = shape.unwrap(self.response_schema(raw))
        self.problems += shape.problems
        self.check_names(pointer, params)
        params.sort(key=lambda p: (not p.required, p.location != "path"))
        return Operation(
            operation_id=str(raw.get("operationId") or method_name(path, method, raw)),
            method_name=method_name(path, method, raw),
            http_method=method.upper(),
            path=path,
            summary=raw.get("summary", ""),
            description=raw.get("description", ""),
            params=params,
            body_class=request.body_class,
            response_class=unwrapped or response_type,
            safe_to_retry=raw.get("x-safe-to-retry") is True,
            constant_query={preview["param"]: _wire_text(preview["value"])} if preview else {},
            error_classes=self.error_names(raw),
            pagination=pagination,
            item_type=item_type,
            item_types=item_types,
            batch=raw.get("x-batch"),
            batch_arg=request.batch_arg,
            value_type=request.value_type,
            deprecated=raw.get("deprecated") is True,
            request_kind=request.kind,
            request_media=request.media,
            response_kind=response_kind,
            accept=accept,
            query_delimiters=shape.query_delimiters,
            unwrap=unwrap,
        )

    def body_fields(self, body: Any, body_class: str, hidden: set[tuple[str, Any]]) -> list[Param]:
        """One argument per field of a JSON body model."""
        params = []
        properties = (deref(self.data, body, "")[0] or {}).get("properties") or {}
        for field in self.models.fields.get(body_class, []):
            if ("body", field.alias) in hidden:
                continue
            prop, _ = deref(self.data, properties.get(field.alias) or {}, "")
            description = (properties.get(field.alias) or {}).get("description") or (prop or {}).get("description", "")
            omit = not field.required and not re.search(r"\bNone\b", field.type)
            params.append(Param(field.name, field.alias, "body", field.type, field.required, description, omit))
        return params

    def page_item_types(self, raw: dict[str, Any], pagination: dict[str, Any]) -> tuple[str, dict[str, str] | None]:
        """The item annotation of a listing, and one per collection of a lookup with `by`."""
        response = self.response_schema(raw)
        lookup = pagination.get("lookup")
        if not lookup:
            return self.annotation(self.schema_at(response, pagination["items"] + "/0")), None
        types = {
            k: self.annotation(self.schema_at(response, v + "/*")) for k, v in sorted(lookup["collections"].items())
        }
        return " | ".join(dict.fromkeys(types.values())), types if lookup.get("by") else None

    def check_names(self, pointer: str, params: list[Param]) -> None:
        """Two arguments of one method may not share a Python name."""
        self.problems += [self.doc.diagnostic(pointer, message) for message in name_clashes(params)]

    def errors(self) -> list[ErrorClass]:
        envelope = self.data.get("x-error-envelope") or {}
        found = []
        for name, schema in sorted(((self.data.get("components") or {}).get("schemas") or {}).items()):
            error = schema.get("x-error") if isinstance(schema, dict) else None
            if not error:
                continue
            status = int(error["status"])
            base = status_error_class(status).__name__
            params_schema = (
                self.schema_at({"$ref": f"#/components/schemas/{name}"}, envelope["parameters"])
                if "parameters" in envelope
                else None
            )
            found.append(
                ErrorClass(
                    name,
                    str(error["key"]),
                    status,
                    base,
                    self.schema_class(params_schema),
                    schema.get("description", ""),
                )
            )
        return found

    def service(self) -> Service:
        info = self.data.get("info") or {}
        tags = {t.get("name"): t.get("description", "") for t in self.data.get("tags") or [] if isinstance(t, dict)}
        resources: dict[str, Resource] = {}
        for pointer, path, method, raw in iter_operations(self.data):
            tag = operation_tag(raw)
            resource = resources.setdefault(
                python_name(tag),
                Resource(python_name(tag), pascal_case(python_name(tag)) + "Resource", tags.get(tag, "")),
            )
            resource.operations.append(self.operation(pointer, path, method, raw))
        if self.problems:
            raise GenerationError(self.problems)
        for resource in resources.values():
            resource.operations.sort(key=lambda o: o.method_name)
        servers = self.data.get("servers") or [{}]
        names = sdk_names(self.data)
        return Service(
            package=names.package,
            client_name=names.client,
            env_prefix=names.env_prefix,
            names_from_title=names.derived_from,
            title=info.get("title", ""),
            description=info.get("description", ""),
            version=str(info.get("version", "")),
            default_base_url=_server_url(servers[0]),
            client_path_params=list(self.sdk.get("client-path-params") or []),
            token_renewal_header=self.sdk.get("token-renewal-header"),
            envelope={k: v for k, v in sorted((self.data.get("x-error-envelope") or {}).items())},
            resources=[resources[k] for k in sorted(resources)],
            errors=self.errors(),
            model_classes=sorted(set(self.models.classes.values()) | set(self.models.fields)),
        )


def _wire_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _server_url(server: dict[str, Any]) -> str | None:
    """The clients' default server: the spec's first server URL, unless it is a template or not absolute.

    A URL with variables (`https://{hostname}`) names a per-deployment server whose variable
    defaults are examples; a client defaulting to one would send its token to a placeholder host.
    """
    url = str(server.get("url", ""))
    if "{" in url or not url.startswith(("https://", "http://")):
        return None
    return url


def build_service(doc: SpecDocument, models: ModelIndex) -> Service:
    """The IR of one validated spec."""
    return _Builder(doc, models).service()

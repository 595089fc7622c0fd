"""Parse stage: the IR of one validated document, from the document alone, and the diagnostics of building it.

Each operation is built or `Skipped` (why, and where); the IR chooses every name: inline schemas are
hoisted once (inline_schemas.py) and every class and field is named here (ir_models.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument
from ..openapi.naming import method_name, operation_tag, pascal_case, resource_name, snake_case
from ..openapi.pointer import resolve_pointer
from ..openapi.refs import deref, iter_refs, ref_pointer
from ..openapi.sdk_names import sdk_names
from ..openapi.security import credential_kind
from ..openapi.walk import iter_operations
from ..runtime._status import status_error_name
from . import ir_dual as dual_forms
from . import ir_extensions as ext
from .inline_schemas import name_inline_schemas
from .ir import (
    MERGE_PATCH,
    ErrorClass,
    Operation,
    Param,
    ParamLocation,
    PartEncoding,
    RequestKind,
    Resource,
    ResponseKind,
    SecurityRequirement,
    SecurityScheme,
    Server,
    Service,
    Skipped,
)
from .ir_declarations import unique_declarations
from .ir_models import ModelNames
from .ir_operation import OperationShape, optional_text, response_schema, schema_at, unique_names
from .ir_security import client_security
from .ir_types import ModelRef, RuntimeType, TypeRef, union


@dataclass(frozen=True)
class _Request:
    """What an operation's request body becomes: its kind and media type, the body's type and model, the arguments."""

    kind: RequestKind | None
    media: str
    params: list[Param]
    body_type: TypeRef | None = None
    body_model: str | None = None
    batch_arg: str | None = None
    value_type: TypeRef | None = None
    body_optional: bool = False
    encodings: tuple[PartEncoding, ...] = ()


class _Builder:
    """Builds the Service IR of one validated document whose inline schemas are named."""

    def __init__(self, doc: SpecDocument) -> None:
        self.doc, self.data = doc, doc.data
        self.names = ModelNames(doc.data)
        self.left_out_params: list[Diagnostic] = []  # of the operations built (ir_params.declared_arguments)
        sdk = self.data.get("x-sdk")
        self.sdk: dict[str, Any] = sdk if isinstance(sdk, dict) else {}

    def type_at(self, schema: Any, pointer: str) -> TypeRef:
        """The type of the value at `pointer` of a document described by `schema`."""
        return self.names.plain_type(schema_at(self.data, schema, pointer))

    def error_names(self, operation: dict[str, Any]) -> tuple[str, ...]:
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
        return tuple(sorted(found))

    @staticmethod
    def hidden_params(preview: ext.Preview | None, pagination: ext.Pagination | None) -> set[tuple[str, Any]]:
        """(location, name) of the parameters the SDK fills itself: the preview switch and the page cursor."""
        hidden: set[tuple[str, Any]] = {("query", preview.param if preview else None)}
        if pagination:
            hidden.add((pagination.cursor_in, pagination.cursor_param))
        return hidden

    def request(self, shape: OperationShape, raw: dict[str, Any], hidden: set[tuple[str, Any]]) -> _Request:
        """How the request body becomes arguments: a batch's keys, a model's fields, one value, form fields, content."""
        kind, media, body, body_at = shape.request_media()
        batch = ext.batch(raw.get("x-batch"))
        if batch:
            value_type = self.type_at(response_schema(self.data, raw), batch.merge + "/*")
            return _Request(kind, media, [], batch_arg=snake_case(batch.item_key) + "s", value_type=value_type)
        required = shape.body_required()
        if kind == RequestKind.JSON:
            return self.json_request(media, body, required, hidden)
        if kind in (RequestKind.FORM, RequestKind.MULTIPART):
            params, encodings = shape.form_params(kind, body, body_at)
            optional = not required and bool(params) and not any(p.required for p in params)
            return _Request(kind, media, params, encodings=encodings, body_optional=optional)
        if kind == RequestKind.CONTENT:
            description = f"the body, sent as {media}: bytes, a binary file object or an iterator of chunks"
            content = Param("content", "", ParamLocation.CONTENT, RuntimeType("RawContent"), required, description)
            return _Request(kind, media, [content])
        return _Request(kind, media, [])

    def json_request(self, media: str, body: Any, required: bool, hidden: set[tuple[str, Any]]) -> _Request:
        """A JSON body: the fields of its object model as arguments, else one `body` argument.

        A body that is not required keeps its fields as arguments only when none of them is required
        (given none, no body is sent); otherwise it is one optional `body`. A merge patch's fields
        default to NOT_GIVEN (left out), so None can be sent as null.
        """
        kind, patch = RequestKind.JSON, media.lower() == MERGE_PATCH
        body_type = self.names.plain_type(body)
        model = self.names.models.get(body_type.name) if isinstance(body_type, ModelRef) else None
        if model and model.fields:
            fields = self.body_fields(body, model.fields, hidden, patch)
            if required or not any(p.required for p in fields):
                return _Request(kind, media, fields, body_type, model.class_name, body_optional=not required)
        description = "the request body" if required else "the request body; without one (None), none is sent"
        value = Param("body", "", ParamLocation.BODY_VALUE, body_type, required, description)
        return _Request(kind, media, [value], body_type)

    def body_fields(self, body: Any, fields: Any, hidden: set[tuple[str, Any]], patch: bool = False) -> list[Param]:
        """One argument per field of a JSON body model; readOnly fields are the server's, not arguments."""
        params = []
        properties = (deref(self.data, body, "")[0] or {}).get("properties") or {}
        for field in fields:
            if ("body", field.wire_name) in hidden or field.read_only:
                continue
            raw = properties.get(field.wire_name) or {}
            prop, _ = deref(self.data, raw, "")
            description = raw.get("description") or (prop or {}).get("description", "")
            params.append(
                Param(
                    field.python_name,
                    field.wire_name,
                    ParamLocation.BODY,
                    self.names.field_type(raw) if field.relaxed else field.type,  # a writeOnly one: as declared
                    field.required_in_request,
                    description,
                    field.omit_when_none,
                    patch=patch,
                )
            )
        return params

    def operation(
        self, pointer: str, path: str, method: str, raw: dict[str, Any]
    ) -> tuple[Operation, ...] | list[Diagnostic]:
        """One operation of the document as a method (two for a JSON-or-stream one: ir_dual.py), or the
        diagnostics of what it cannot express."""
        shape = OperationShape(self.doc, self.names, pointer, raw)
        pagination, preview = ext.pagination(raw.get("x-pagination")), ext.preview(raw.get("x-preview"))
        hidden = self.hidden_params(preview, pagination)
        params = shape.parameters(hidden, set(self.sdk.get("client-path-params") or []))
        request = self.request(shape, raw, hidden)
        dual = shape.dual_stream()
        body = shape.request_media()[2] if dual else None  # only a JSON-or-stream operation looks for its flag
        flag, body_params = (
            dual_forms.take_flag(self.data, request.kind, body, request.params) if dual else (None, request.params)
        )
        params += body_params
        item_type, item_types = self.page_item_types(raw, pagination) if pagination else (None, None)
        response_kind, response_type, accept, responses = shape.response(events=False if dual else None)
        unwrap, unwrapped = shape.unwrap(response_schema(self.data, raw))
        single = response_kind in (ResponseKind.VARIANTS, ResponseKind.EVENTS) or dual
        if single and (unwrap or pagination or "x-batch" in raw):
            shape.problem(pointer + "/responses", "x-unwrap, x-pagination and x-batch need one JSON success response")
        events = shape.response(events=True) if dual else None
        params = unique_names(params)
        problems = list(dict.fromkeys(shape.problems))
        if problems:  # left out whole: its optional parameters' problems are among the reasons
            return problems + [d for d in dict.fromkeys(shape.left_out_params) if d not in problems]
        self.left_out_params += dict.fromkeys(shape.left_out_params)
        params.sort(key=lambda p: (not p.required, p.location != ParamLocation.PATH))
        built = Operation(
            operation_id=str(raw.get("operationId") or method_name(path, method, raw)),
            method_name=method_name(path, method, raw),
            http_method=method.upper(),
            path=path,
            summary=raw.get("summary", ""),
            description=raw.get("description", ""),
            params=tuple(params),
            safe_to_retry=raw.get("x-safe-to-retry") is True,
            error_classes=self.error_names(raw),
            responses=responses,
            response_kind=response_kind,
            response_type=unwrapped or response_type,
            accept=accept,
            request_kind=request.kind,
            request_media=request.media,
            body_type=request.body_type,
            body_model=request.body_model,
            body_optional=request.body_optional,
            encodings=request.encodings,
            preview=preview,
            pagination=pagination,
            item_type=item_type,
            item_types=item_types,
            batch=ext.batch(raw.get("x-batch")),
            batch_arg=request.batch_arg,
            value_type=request.value_type,
            unwrap=unwrap,
            deprecated=raw.get("deprecated") is True,
            security=_security(raw["security"]) if isinstance(raw.get("security"), list) else None,
            servers=self.servers_of(path, raw),
            problem_errors=shape.problem_errors(),
            flag=flag,
        )
        if events is None:
            return (built,)
        return dual_forms.forms(built, events, "" if flag else dual_forms.selector(self.data, body))

    def security_schemes(self) -> tuple[SecurityScheme, ...]:
        """The document's security schemes, in its order (the order a client tries them in)."""
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        found = []
        for name, raw in schemes.items():
            scheme, _ = deref(self.data, raw, "")
            if isinstance(scheme, dict):
                found.append(
                    SecurityScheme(
                        str(name),
                        str(scheme.get("type", "")),
                        optional_text(scheme.get("scheme")),
                        optional_text(scheme.get("in")),
                        optional_text(scheme.get("name")),
                        credential_kind(scheme),
                    )
                )
        return tuple(found)

    def servers_of(self, path: str, raw: dict[str, Any]) -> tuple[Server, ...]:
        """The operation's own servers, else its path item's (empty: the document's)."""
        item = (self.data.get("paths") or {}).get(path) or {}
        return _servers(raw.get("servers") or item.get("servers"))

    def page_item_types(
        self, raw: dict[str, Any], pagination: ext.Pagination
    ) -> tuple[TypeRef, tuple[tuple[str, TypeRef], ...] | None]:
        """The item type of a listing, and one per collection of a lookup with `by`."""
        response = response_schema(self.data, raw)
        lookup = pagination.lookup
        if not lookup:
            return self.type_at(response, pagination.items + "/0"), None
        types = tuple((name, self.type_at(response, pointer + "/*")) for name, pointer in sorted(lookup.collections))
        return union([t for _, t in types]), types if lookup.by else None

    def errors(self, envelope: ext.ErrorEnvelope) -> tuple[ErrorClass, ...]:
        found = []
        for name, schema in sorted(((self.data.get("components") or {}).get("schemas") or {}).items()):
            error = schema.get("x-error") if isinstance(schema, dict) else None
            if not error:
                continue
            status = int(error["status"])
            parameters = envelope.get("parameters")
            params_schema = (
                schema_at(self.data, {"$ref": f"#/components/schemas/{name}"}, parameters) if parameters else None
            )
            found.append(
                ErrorClass(
                    name,
                    str(error["key"]),
                    status,
                    status_error_name(status),
                    self.names.ref(params_schema),
                    schema.get("description", ""),
                )
            )
        return tuple(found)

    def service(self) -> tuple[Service, list[Diagnostic]]:
        info = self.data.get("info") or {}
        tags = {t.get("name"): t.get("description", "") for t in self.data.get("tags") or [] if isinstance(t, dict)}
        operations: dict[str, list[Operation]] = {}
        problems: list[Diagnostic] = []
        skipped: list[Skipped] = []
        pointers: dict[tuple[str, str], str] = {}
        resource_tags: dict[str, str] = {}  # resource -> the first tag that named it (`Teams` and `teams`: one)
        for pointer, path, method, raw in iter_operations(self.data):
            built = self.operation(pointer, path, method, raw)
            resource = resource_name(operation_tag(raw))  # two methods of one name: validate/extensions.py
            if isinstance(built, list):
                problems += built
                reason = "; ".join(d.message for d in built)
                skipped.append(Skipped(method.upper(), path, reason, pointer, tuple(built)))
                continue
            resource_tags.setdefault(resource, operation_tag(raw))
            operations.setdefault(resource, []).extend(built)
            pointers[(method.upper(), path)] = pointer
        shape_notes = dual_forms.keep_twins(self.doc, pointers, operations)
        unique_declarations(operations)
        resources = {
            name: Resource(
                name,
                pascal_case(name) + "Resource",
                tags.get(resource_tags.get(name), ""),
                tuple(sorted(ops, key=lambda o: o.method_name)),
            )
            for name, ops in operations.items()
        }
        servers = _servers(self.data.get("servers"))
        names = sdk_names(self.data)
        envelope = ext.error_envelope(self.data.get("x-error-envelope"))
        path_params = tuple(self.sdk.get("client-path-params") or [])
        default = _security(self.data["security"]) if isinstance(self.data.get("security"), list) else None
        schemes = self.security_schemes()
        credentials = client_security(
            schemes,
            default,
            [op for ops in operations.values() for op in ops],
            names.env_prefix,
            tuple(snake_case(name) for name in path_params),
        )
        service = Service(
            package=names.package,
            client_name=names.client,
            env_prefix=names.env_prefix,
            names_from_title=names.derived_from,
            title=info.get("title", ""),
            description=info.get("description", ""),
            version=str(info.get("version", "")),
            default_base_url=_default_url(servers[0] if servers else None),
            client_path_params=path_params,
            token_renewal_header=self.sdk.get("token-renewal-header"),
            envelope=envelope,
            resources=tuple(resources[k] for k in sorted(resources)),
            errors=self.errors(envelope),
            models=tuple(self.names.models.values()),
            model_document=self.doc,
            servers=servers,
            security=default,
            security_schemes=schemes,
            credentials=credentials,
            skipped=tuple(skipped),
            model_warnings=tuple(self.doc.diagnostic(at, m, "warning") for at, m in self.names.unrelaxed()),
            shape_notes=tuple(shape_notes),
            left_out_params=tuple(self.left_out_params),
        )
        return service, problems


def _servers(raw: Any) -> tuple[Server, ...]:
    entries = raw if isinstance(raw, list) else []
    return tuple(
        Server(
            str(s.get("url", "")),
            str(s.get("description", "")),
            tuple(
                (str(name), str(v["default"]))
                for name, v in (s.get("variables") or {}).items()
                if isinstance(v, dict) and "default" in v
            ),
            tuple(
                (str(name), tuple(map(str, v["enum"])))
                for name, v in (s.get("variables") or {}).items()
                if isinstance(v, dict) and isinstance(v.get("enum"), list) and v["enum"]
            ),
        )
        for s in entries
        if isinstance(s, dict)
    )


def _security(raw: list[Any]) -> tuple[SecurityRequirement, ...]:
    return tuple(
        SecurityRequirement(tuple((str(name), tuple(map(str, scopes or ()))) for name, scopes in entry.items()))
        for entry in raw
        if isinstance(entry, dict)
    )


def _default_url(server: Server | None) -> str | None:
    """The clients' default server: the spec's first server URL, unless it is a template or not absolute.

    A URL with variables (`https://{hostname}`) names a per-deployment server whose variable
    defaults are examples; a client defaulting to one would send its token to a placeholder host.
    """
    url = server.url if server else ""
    if "{" in url or not url.startswith(("https://", "http://")):
        return None
    return url


def build_service(doc: SpecDocument) -> tuple[Service, list[Diagnostic]]:
    """The IR of one validated document and the diagnostics of building it (an operation it cannot express)."""
    try:
        named = name_inline_schemas(doc)
    except GenerationError as exc:
        named, problems = doc, exc.diagnostics
    else:
        problems = []
    service, found = _Builder(named).service()
    return service, problems + found

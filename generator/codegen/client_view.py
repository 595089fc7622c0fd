"""A read-only view of the IR for the client templates: every value render-ready (annotations spelt, text rewritten).

Built from the IR without changing it; the templates read nothing else.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from typing import Any

from ..runtime._media import MediaKind, media_kind
from .docstrings import sdk_operation
from .ir import (
    ClientSecurity,
    CredentialKind,
    CredentialSetting,
    Operation,
    Param,
    ParamLocation,
    PartEncoding,
    RequestKind,
    ResponseKind,
    ResponseVariant,
    Service,
)
from .ir_extensions import Batch, Pagination
from .ir_params import STYLES
from .ir_security import requirements
from .ir_types import ANY, Aliases, Scalar, TypeRef, annotation, imported_names, optional

_TYPED = (ResponseKind.JSON, ResponseKind.VARIANTS, ResponseKind.EVENTS)
STR = Scalar("string")


def _read_as(variant: ResponseVariant) -> str:
    """What `read_variant` makes of one success response, as a type."""
    if variant.type is not None:
        return annotation(variant.type)
    if variant.media_type is None:
        return "None"
    return {MediaKind.TEXT: "str", MediaKind.JSON: "Any"}.get(media_kind(variant.media_type), "bytes")


def qualified(t: TypeRef, *, inputs: Aliases | None = None) -> str:
    """A type as the client modules spell it: model classes through the models module; `inputs`: an argument's
    type, covariant (see `annotation`)."""
    return annotation(t, lambda name: f"_models.{name}", inputs=inputs)


def part_encoding(encoding: PartEncoding) -> str:
    """The runtime `PartEncoding(...)` of one field's `encoding`, as source."""
    arguments = []
    if encoding.content_type:
        arguments.append(f"content_type={encoding.content_type!r}")
    if encoding.headers:
        arguments.append(f"headers={dict(encoding.headers)!r}")
    if encoding.style:
        style = [repr(encoding.style)]
        style += [f"explode={encoding.explode!r}"] if encoding.explode is not None else []
        style += ["allow_reserved=True"] if encoding.allow_reserved else []
        arguments.append(f"style=ParamStyle({', '.join(style)})")
    return f"PartEncoding({', '.join(arguments)})"


@dataclass(frozen=True)
class ParamView:
    """One argument, render-ready."""

    python_name: str
    wire_name: str
    location: str
    annotation: str  # covariant: `Sequence[...]`, `Mapping[...]` where the model has `list`, `dict` (ir_types)
    optional_annotation: str  # `T | None` for an argument that defaults to None (`T | None | NotGiven`: NOT_GIVEN)
    dumped_as: str  # the type as the models have it (`list`, `dict`, aliases by name): what `dump_value` dumps by
    default: str  # an optional argument's default: None, or NOT_GIVEN for a merge-patch field
    required: bool
    description: str
    omit_when_none: bool
    positional: bool
    field_name: str  # the model field a body argument fills
    schema_default: str | None  # the schema's default as Python source (None: the argument defaults to `default`)

    @classmethod
    def of(cls, p: Param, aliases: Aliases) -> ParamView:
        """The view of one argument; `aliases`: the models' list and map aliases (`Service.aliases`)."""
        description = f"Deprecated. {p.description}".strip() if p.deprecated else p.description
        if p.content:
            text = (description or p.wire_name).rstrip()
            description = (
                f"{text} Sent as {p.content} text." if text.endswith(".") else f"{text} (sent as {p.content} text)"
            )
        return cls(
            p.python_name,
            p.wire_name,
            str(p.location),
            qualified(p.type, inputs=aliases),
            qualified(optional(p.type), inputs=aliases) + (" | NotGiven" if p.patch else ""),
            qualified(p.type),
            "NOT_GIVEN" if p.patch else "None",
            p.required,
            description,
            p.omit_when_none,
            p.positional,
            p.field_name or p.python_name,
            None if p.default is None else repr(p.default),
        )


def style_expression(p: Param) -> str:
    """The runtime's `ParamStyle(...)` of a parameter serialized otherwise than its location's default."""
    if p.content:
        return f"ParamStyle(content={p.content!r})"
    style = p.style or STYLES[p.location][0]
    arguments = [repr(style)] if style != "form" else []
    arguments += [f"explode={p.explode}"] if p.explode is not None else []
    arguments += ["allow_reserved=True"] if p.allow_reserved else []
    return f"ParamStyle({', '.join(arguments)})"


@dataclass(frozen=True)
class OperationView:
    """One operation, render-ready."""

    @property
    def variants_const(self) -> str:
        """The name of its response variants' tuple: `__` keeps it from any operation's own name (a const name
        never has two underscores in a row: Mailchimp's `..._ID_VARIANTS` operation met `..._ID` + `_VARIANTS`)."""
        return self.const_name + "__VARIANTS"

    const_name: str
    operation_id: str
    method_name: str
    http_method: str
    path: str
    summary: str
    description: str
    params: tuple[ParamView, ...]
    safe_to_retry: bool
    constant_query: dict[str, str]
    accept: str
    param_styles: tuple[
        tuple[tuple[str, str], str], ...
    ]  # ((location, wire name), `ParamStyle(...)`) when not the default
    error_classes: tuple[str, ...]
    pagination: Pagination | None
    unwrap: tuple[tuple[str, str], ...]
    batch: Batch | None
    batch_arg: str | None
    value_type: str | None  # a model class of the models module
    value_annotation: str | None
    request_kind: str | None
    request_media: str
    response_kind: str
    streams: bool
    body_class: str | None  # the JSON body's model, when its fields are the arguments
    body_optional: bool  # nothing given sends no body
    merge_patch: bool  # application/merge-patch+json: NOT_GIVEN left out, None sent as null
    encodings: tuple[tuple[str, str], ...]  # (wire name, PartEncoding(...) expression) of a form or multipart body
    styled_parts: bool  # some part of the form or multipart body has its own `style` (a `ParamStyle` in its encoding)
    response_annotation: str | None
    item_type: str
    item_types: tuple[tuple[str, str], ...] | None
    imported_names: frozenset[str]  # of typing (Any, Literal), of formats' types (date, UUID, ...), Sequence, ...
    variants: tuple[tuple[str, str | None, str | None], ...]  # (status, media type, type) of a `variants` read
    variant_imported_names: frozenset[str]  # the typing and format names the declared variant types use
    variants_doc: tuple[str, ...]  # `200 application/json: Item`, one per success response of a `variants` read
    servers: tuple[
        tuple[str, dict[str, str], dict[str, tuple[str, ...]]], ...
    ]  # the operation's (or its path's) own servers: URL, variable defaults, the values an `enum` allows
    security: tuple[tuple[str, ...], ...] | None  # the operation's own `security` alternatives; None: the client's
    awaitable: bool  # the async method is `async def` (a pager or an event stream is returned at once)
    problem_errors: tuple[tuple[str, str], ...]  # (status, description) of errors documented as problem+json
    raw_doc: tuple[str, ...]  # `200 text/csv`, one per success response: what a `_stream` sibling may hand over
    raw_media_types: tuple[str, ...]  # the distinct success media types, in the spec's order
    expects: str | None  # `Expects(method, media types)`: the only success media the method reads (ir_dual.py)
    flag_in: str  # where the method sets the body's `stream` flag: model, value, form, multipart; "" none
    flag_wire: str
    flag_field: str  # the body model's field of the flag
    flag_value: str  # `True` or `False`, as source
    form_doc: tuple[str, ...]  # the docstring paragraph of one form of a JSON-or-stream operation

    def params_in(self, location: str) -> list[ParamView]:
        """The parameters that go to one place of the request."""
        return [p for p in self.params if p.location == location]

    @classmethod
    def of(cls, ir: Operation, aliases: Aliases) -> OperationView:
        """The view of one operation; `aliases`: the models' list and map aliases (`Service.aliases`)."""
        op = sdk_operation(ir)
        response = op.response_type if op.response_kind in _TYPED else None
        if op.response_kind == ResponseKind.EVENTS:
            response = response or STR
        returned = (op.value_type or ANY) if op.batch else op.item_type if op.pagination else response
        used = [imported_names(p.type, inputs=aliases) for p in op.params]
        used += [imported_names(returned)] if returned else []
        return cls(
            const_name=op.const_name,
            operation_id=op.operation_id,
            method_name=op.method_name,
            http_method=op.http_method,
            path=op.path,
            summary=op.summary,
            description=op.description,
            params=tuple(ParamView.of(p, aliases) for p in op.params),
            safe_to_retry=op.safe_to_retry,
            constant_query={op.preview.param: op.preview.value} if op.preview else {},
            accept=op.accept,
            param_styles=tuple(((str(p.location), p.wire_name), style_expression(p)) for p in op.params if p.styled),
            error_classes=op.error_classes,
            pagination=op.pagination,
            unwrap=op.unwrap.fields() if op.unwrap else (),
            batch=op.batch,
            batch_arg=op.batch_arg,
            value_type=annotation(op.value_type) if op.value_type else None,
            value_annotation=qualified(op.value_type or ANY) if op.batch else None,
            request_kind=str(op.request_kind) if op.request_kind else None,
            request_media=op.request_media,
            response_kind=str(op.response_kind),
            streams=op.streams,
            body_class=op.body_model,
            body_optional=op.body_optional,
            merge_patch=op.merge_patch,
            encodings=tuple((e.name, part_encoding(e)) for e in op.encodings),
            styled_parts=any(e.style for e in op.encodings),
            response_annotation=qualified(response) if response else None,
            item_type=qualified(op.item_type) if op.item_type else "object",
            item_types=tuple((k, qualified(v)) for k, v in op.item_types) if op.item_types else None,
            imported_names=frozenset(set().union(*used)),
            variants=tuple((v.status, v.media_type, qualified(v.type) if v.type else None) for v in op.responses)
            if op.response_kind == ResponseKind.VARIANTS
            else (),
            variant_imported_names=frozenset(
                set().union(*(imported_names(v.type) for v in op.responses if v.type))
                if op.response_kind == ResponseKind.VARIANTS
                else ()
            ),
            variants_doc=tuple(f"{v.status} {v.media_type or '(no body)'}: {_read_as(v)}" for v in op.responses),
            servers=tuple((s.url, dict(s.variables), dict(s.choices)) for s in op.servers),
            security=requirements(list(op.security)) if op.security is not None else None,
            awaitable=not op.pagination and op.response_kind != ResponseKind.EVENTS,
            problem_errors=op.problem_errors,
            raw_doc=tuple(f"{v.status} {v.media_type or '(no body)'}" for v in op.responses),
            raw_media_types=tuple(dict.fromkeys(v.media_type for v in op.responses if v.media_type)),
            expects=f"Expects({op.method_name!r}, {op.expects!r})" if op.expects else None,
            flag_in=_flag_place(op),
            flag_wire=op.flag.wire_name if op.flag else "",
            flag_field=op.flag.field_name if op.flag else "",
            flag_value=repr(op.flag.value) if op.flag else "",
            form_doc=tuple(textwrap.wrap(form_text(op), 100, break_long_words=False, break_on_hyphens=False)),
        )


def _flag_place(op: Operation) -> str:
    """Where a method sets the body's `stream` flag: a model field, the dumped `body`, a form or multipart field."""
    if op.flag is None:
        return ""
    if op.flag.field_name and op.request_kind == RequestKind.JSON:
        return "model"
    return "value" if op.request_kind == RequestKind.JSON else str(op.request_kind)


def form_text(op: Operation) -> str:
    """What one form of a JSON-or-stream operation does, for its docstring ("" for any other method)."""
    if not op.expects:
        return ""
    other = "A success of the other form raises UnexpectedContentTypeError."
    selector = next((p.python_name for p in op.params if p.wire_name == op.selector), op.selector)
    chosen = f" (`{selector}` selects it)" if selector else ""
    if op.flag:
        passed = " (a `body` passed in has it overridden)" if not op.flag.field_name else " (no argument)"
        sets = f"it sends `{op.flag.wire_name}: {str(op.flag.value).lower()}` itself{passed}"
    else:
        sets = f"the server chooses the form by the request{chosen}"
    if op.twin:
        return (
            f"The event-stream form of `{op.pair}`: the events as they are made, asked for with "
            f"`Accept: text/event-stream`; {sets}. {other}"
        )
    twin = f" For the events as they are made, call `{op.pair}`." if op.pair else ""
    return f"Reads {' or '.join(op.expects)}, never the event stream; {sets}. {other}{twin}"


@dataclass(frozen=True)
class SettingArgument:
    """One credential argument of the client's constructor: its annotation, docstring and environment variable."""

    name: str
    annotation: str
    doc: str
    env_const: str  # the module constant naming the variable (`TOKEN_ENV`); "" for token_provider
    env_var: str

    @property
    def doc_lines(self) -> list[str]:
        """Its entry of the client's Args section, wrapped (the template indents the continuation lines)."""
        text = f"{self.name}: {self.doc}" + (f"; defaults to ${self.env_var}." if self.env_var else ".")
        return textwrap.wrap(text, 100, break_long_words=False, break_on_hyphens=False)


@dataclass(frozen=True)
class CredentialView:
    """One credential setting of the client, render-ready: the runtime setting that reads it, and its arguments."""

    kind: str
    schemes: tuple[str, ...]
    arguments: tuple[SettingArgument, ...]
    location: str
    wire_name: str
    runtime_class: str  # BearerSetting, BasicSetting, ApiKeySetting or ExternalSetting

    @classmethod
    def of(cls, setting: CredentialSetting) -> CredentialView:
        runtime = {CredentialKind.API_KEY: "ApiKeySetting"}.get(setting.kind, f"{setting.kind.title()}Setting")
        return cls(
            str(setting.kind), setting.schemes, _arguments(setting), setting.location, setting.wire_name, runtime
        )


def _arguments(setting: CredentialSetting) -> tuple[SettingArgument, ...]:
    env = dict(zip(setting.arguments, setting.env_vars, strict=False))
    if setting.kind == CredentialKind.BEARER:
        return (
            SettingArgument("token", "str | None", "the bearer token", "TOKEN_ENV", env["token"]),
            SettingArgument(
                "token_provider",
                "Callable[[], str] | None",
                "called before every request for a fresh token, instead of `token`",
                "",
                "",
            ),
        )
    if setting.kind == CredentialKind.BASIC:
        return tuple(
            SettingArgument(name, "str | None", f"the {name} of HTTP basic auth", f"{name.upper()}_ENV", env[name])
            for name in setting.arguments
        )
    return tuple(
        SettingArgument(name, "str | None", setting.describe(), f"{name.upper()}_ENV", env[name])
        for name in setting.arguments
    )


def credentials_context(security: ClientSecurity) -> dict[str, Any]:
    """What the client template renders of the credentials: each setting, the default `security`, the rule."""
    settings = [CredentialView.of(s) for s in security.settings]
    given = [s for s in settings if s.kind != CredentialKind.EXTERNAL]
    ways = [" and ".join(a.name for a in s.arguments if a.env_const) for s in given]
    ways = [f"{way} (or token_provider)" if way == "token" else way for way in ways]
    return {
        "credentials": settings,
        "credential_arguments": [a for s in settings for a in s.arguments],
        "credential_env_vars": list(security.env_vars),
        "credentials_required": security.required,
        "credentials_default": security.default,
        "credentials_rule": textwrap.wrap(
            f"Give at least one credential, as an argument or its environment variable: {'; '.join(ways)}. "
            "A call sends the first credential its operation's security accepts.",
            100,
        )
        if security.required and len(given) > 1
        else [],
        "external_schemes": [name for s in settings if s.kind == CredentialKind.EXTERNAL for name in s.schemes],
    }


def body_exports(service: Service) -> list[str]:
    """What the package exports for its methods' bodies: `File` for file parts, `NOT_GIVEN` for merge patches."""
    params = [p for r in service.resources for op in r.operations for p in op.params]
    found = {"File"} if any(p.location == ParamLocation.FILE for p in params) else set()
    found |= {"NOT_GIVEN"} if any(p.patch for p in params) else set()
    return sorted(found)


# Builtins a method of a resource may be named (GoDaddy's `list`): mypy reads a method's signature in its class's
# scope, where the name is the method (`-> list[...]`: "Function ... is not valid as a type"); the signatures of
# that class spell the builtin `builtins.list`.
SHADOWABLE = frozenset({"list", "dict", "set", "frozenset", "tuple", "type", "str", "int", "float", "bool", "bytes"})
_QUOTED = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")


def unshadowed(ops: list[OperationView]) -> list[OperationView]:
    """A resource's operations with the builtins its methods' names hide spelt `builtins.<name>` in the signatures
    (a `Literal`'s quoted values stay as they are)."""
    names = sorted(SHADOWABLE & {op.method_name for op in ops})
    if not names:
        return ops
    pattern = re.compile(rf"(?<![\w.])({'|'.join(names)})\b")

    def spelt(text: str) -> str:
        parts = _QUOTED.split(text)
        return "".join(part if index % 2 else pattern.sub(r"builtins.\1", part) for index, part in enumerate(parts))

    def spelt_or_none(text: str | None) -> str | None:
        return spelt(text) if text is not None else None

    return [
        replace(
            op,
            params=tuple(
                replace(p, annotation=spelt(p.annotation), optional_annotation=spelt(p.optional_annotation))
                for p in op.params
            ),
            response_annotation=spelt_or_none(op.response_annotation),
            value_annotation=spelt_or_none(op.value_annotation),
            item_type=spelt(op.item_type),
            item_types=tuple((k, spelt(v)) for k, v in op.item_types) if op.item_types else op.item_types,
        )
        for op in ops
    ]


def service_context(service: Service) -> dict[str, Any]:
    """What the client templates render: the service, and a view of each resource's operations."""
    aliases = service.aliases
    return {
        "service": service,
        "operations": {
            resource.name: unshadowed([OperationView.of(op, aliases) for op in resource.operations])
            for resource in service.resources
        },
        "errors_by_name": {e.class_name: e for e in service.errors},
        "uses_errors": any(op.error_classes for r in service.resources for op in r.operations),
        "errors_use_models": any(e.parameters_type for e in service.errors),
        "body_exports": body_exports(service),
        "document_servers": (
            [(s.url, dict(s.variables), dict(s.choices)) for s in service.servers]
            if any(op.servers for r in service.resources for op in r.operations)
            else []
        ),
        "server_variables": sorted(
            {name for r in service.resources for op in r.operations for s in op.servers for name, _ in s.variables}
        ),
    } | credentials_context(service.credentials)

"""The intermediate representation: one typed, frozen model of the API, built from the document alone.

The builder (ir_builder.py) makes it; the models backend, the client templates (through a read-only
view, client_view.py) and the code samples render from it. Types are `ir_types` values, never strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.naming import constant_name
from ..runtime._media import MediaKind, media_kind
from .ir_extensions import Batch, ErrorEnvelope, Pagination, Preview, Unwrap
from .ir_models import Model
from .ir_types import TypeRef


class ParamLocation(StrEnum):
    """Where an argument's value goes on the wire."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"  # a field of a JSON body model
    BODY_VALUE = "body-value"  # the whole JSON body
    CONTENT = "content"  # a raw body of another media type
    FORM = "form"
    MULTIPART = "multipart"
    FILE = "file"  # a file part of a multipart body


BODY_LOCATIONS = frozenset(
    {
        ParamLocation.BODY,
        ParamLocation.BODY_VALUE,
        ParamLocation.CONTENT,
        ParamLocation.FORM,
        ParamLocation.MULTIPART,
        ParamLocation.FILE,
    }
)


MERGE_PATCH = "application/merge-patch+json"


class RequestKind(StrEnum):
    """How a request body is sent."""

    JSON = "json"
    CONTENT = "content"
    FORM = "form"
    MULTIPART = "multipart"


class ResponseKind(StrEnum):
    """What a method makes of its success response."""

    JSON = "json"  # parsed into the response type
    BYTES = "bytes"  # the body as bytes, and a `_stream` sibling method
    NONE = "none"  # nothing
    VARIANTS = "variants"  # text, or success responses that differ: read_variant into the union of their types
    EVENTS = "events"  # text/event-stream: an iterator of ServerSentEvent (data typed when the spec says)


@dataclass(frozen=True)
class Param:
    """One argument of a generated method, and where its value goes on the wire."""

    python_name: str
    wire_name: str
    location: ParamLocation
    type: TypeRef
    required: bool
    description: str = ""
    omit_when_none: bool = False  # an optional body field whose model type has no None (a const with its default)
    style: str | None = None  # a parameter's serialization style, as declared (None: the location's default)
    explode: bool | None = None  # as declared (None: the style's default)
    field_name: str = ""  # a body argument: the model field it fills (its Python name unless renamed for a clash)
    allow_reserved: bool = False  # a query parameter's `allowReserved`: reserved characters sent as they are
    content: str | None = None  # a `content`-typed parameter's media type (its value is sent as JSON text)
    default: str | int | float | bool | None = None  # the schema's default, when the signature can spell it
    deprecated: bool = False  # the parameter (or its schema) is `deprecated`
    patch: bool = False  # a merge-patch field: defaults to NOT_GIVEN (left out); None is sent as null

    @property
    def styled(self) -> bool:
        """Serialized otherwise than its location's default (`simple` in path and header, `form` elsewhere)."""
        return bool(self.style or self.explode is not None or self.allow_reserved or self.content)

    @property
    def positional(self) -> bool:
        """Path parameters and required body parts may be passed by position."""
        return self.location == ParamLocation.PATH or (self.required and self.location in BODY_LOCATIONS)


@dataclass(frozen=True)
class PartEncoding:
    """The `encoding` of one field of a form or multipart body (the runtime's `PartEncoding`, as data).

    `content_type` is the part's media type (multipart); `headers` are the part's headers whose
    value the spec fixes (`const`, `default` or a one-value `enum`); `style`, `explode` and
    `allow_reserved` serialize an urlencoded field like a query parameter (None: not declared).
    """

    name: str  # the field's wire name
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    style: str | None = None
    explode: bool | None = None
    allow_reserved: bool = False


@dataclass(frozen=True)
class BodyFlag:
    """A boolean field of the request body that the method sets itself (no argument): a JSON-or-stream
    operation's `stream`, false in the ordinary method and true in its `_stream` twin."""

    wire_name: str
    field_name: str  # the body model's field (a JSON body whose fields are the arguments)
    value: bool


@dataclass(frozen=True)
class ResponseVariant:
    """One documented success response: its status, media type (None: no body) and type (None: not JSON)."""

    status: str
    media_type: str | None
    type: TypeRef | None


@dataclass(frozen=True)
class Server:
    """A server an operation may be sent to (its URL may hold `{variables}`, with their defaults)."""

    url: str
    description: str = ""
    variables: tuple[tuple[str, str], ...] = ()
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a variable's `enum`: the only values it may take


@dataclass(frozen=True)
class SecurityScheme:
    """A security scheme of the document: its kind, and where an `apiKey` goes."""

    name: str
    kind: str  # http | apiKey | oauth2 | openIdConnect | mutualTLS
    scheme: str | None = None  # http: bearer, basic, ...
    location: str | None = None  # apiKey: header | query | cookie
    parameter: str | None = None  # apiKey: the header, query parameter or cookie name
    credential: str = "external"  # what the client gives: bearer | basic | apiKey | external (openapi/security.py)


@dataclass(frozen=True)
class SecurityRequirement:
    """One alternative of an operation's `security`: every named scheme (with its scopes) at once."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]


class CredentialKind(StrEnum):
    """What a client setting holds."""

    BEARER = "bearer"
    BASIC = "basic"
    API_KEY = "apiKey"
    EXTERNAL = "external"  # configured on the client's http_client; the SDK sends nothing itself


@dataclass(frozen=True)
class CredentialSetting:
    """One credential of the client: the schemes it serves, its arguments and their environment variables."""

    kind: CredentialKind
    schemes: tuple[str, ...]
    arguments: tuple[str, ...] = ()  # bearer: token, token_provider; basic: username, password; apiKey: one
    env_vars: tuple[str, ...] = ()  # one per argument that a variable can give (not token_provider)
    location: str = ""  # apiKey: header | query | cookie
    wire_name: str = ""  # apiKey: the header, query parameter or cookie name

    def describe(self) -> str:
        """What the setting is, for a docstring: `the API key of scheme X, sent in the Y header`."""
        schemes = ", ".join(self.schemes)
        if self.kind == CredentialKind.BEARER:
            return f"the bearer token ({schemes})"
        if self.kind == CredentialKind.BASIC:
            return f"HTTP basic auth ({schemes})"
        if self.kind == CredentialKind.API_KEY:
            where = {"header": "header", "query": "query parameter", "cookie": "cookie"}[self.location]
            return f"the API key of scheme {schemes}, sent in the `{self.wire_name}` {where}"
        return f"{schemes}: set it up on http_client"


@dataclass(frozen=True)
class ClientSecurity:
    """Every credential setting of the client, whether it needs one, and the document's default `security`."""

    settings: tuple[CredentialSetting, ...] = ()
    required: bool = False  # some operation needs credentials: a client without any is refused
    default: tuple[tuple[str, ...], ...] | None = None  # the document's `security`; None: whatever the client has

    def of_kind(self, kind: CredentialKind) -> CredentialSetting | None:
        """The setting of a bearer token or of basic auth (there is at most one of each)."""
        return next((s for s in self.settings if s.kind == kind), None)

    @property
    def api_keys(self) -> tuple[CredentialSetting, ...]:
        """The apiKey settings, in the document's order."""
        return tuple(s for s in self.settings if s.kind == CredentialKind.API_KEY)

    @property
    def env_vars(self) -> tuple[str, ...]:
        """Every credential environment variable, in the order of the arguments."""
        return tuple(v for s in self.settings for v in s.env_vars)

    @property
    def arguments(self) -> tuple[str, ...]:
        """Every credential argument of the constructor."""
        return tuple(a for s in self.settings for a in s.arguments)


@dataclass(frozen=True)
class ErrorClass:
    """A documented error: an exception class raised when the envelope's key equals `key`."""

    class_name: str
    key: str
    status: int
    base_class: str
    parameters_type: str | None  # a model class
    description: str


@dataclass(frozen=True)
class Operation:
    """One API operation as a method of a resource."""

    operation_id: str
    method_name: str
    http_method: str
    path: str
    summary: str
    description: str
    params: tuple[Param, ...]
    safe_to_retry: bool
    error_classes: tuple[str, ...]
    responses: tuple[ResponseVariant, ...] = ()
    response_kind: ResponseKind = ResponseKind.NONE
    response_type: TypeRef | None = None  # what the method returns for a JSON response (after x-unwrap)
    accept: str = "application/json"
    request_kind: RequestKind | None = None
    request_media: str = ""
    body_type: TypeRef | None = None  # the JSON body's type
    body_model: str | None = None  # the JSON body's model class, when its fields are the arguments
    body_optional: bool = False  # `requestBody.required` is not true: nothing given sends no body
    encodings: tuple[PartEncoding, ...] = ()  # a form or multipart body's per-field `encoding`
    preview: Preview | None = None
    pagination: Pagination | None = None
    item_type: TypeRef | None = None
    item_types: tuple[tuple[str, TypeRef], ...] | None = None  # per collection of a lookup with `by`
    batch: Batch | None = None
    batch_arg: str | None = None
    value_type: TypeRef | None = None
    unwrap: Unwrap | None = None
    deprecated: bool = False
    security: tuple[SecurityRequirement, ...] | None = None  # None: the document's default
    servers: tuple[Server, ...] = ()  # empty: the document's servers
    problem_errors: tuple[tuple[str, str], ...] = ()  # (status, description): errors documented as problem+json
    # A JSON-or-stream operation (an event stream next to other success media) is two methods: the ordinary
    # one and its `_stream` twin (ir_dual.py). Each reads only its own media types (`expects`, checked by
    # the runtime), names the other (`pair`), and may set the body's `stream` flag (`flag`).
    expects: tuple[str, ...] = ()  # the success media types the method reads; empty: any
    pair: str = ""  # the method name of the operation's other form
    flag: BodyFlag | None = None
    selector: str = ""  # without a flag: the request field that evidently selects the stream (for the docstring)
    # The name of its declaration in `_operations.py` where the one made from its operationId is another's
    # (`getPets` and `get_pets`: ir_declarations.py); empty: that one.
    declaration: str = ""

    @property
    def merge_patch(self) -> bool:
        """An `application/merge-patch+json` body: arguments not passed are left out, None is sent as null."""
        return self.request_kind == RequestKind.JSON and self.request_media.lower() == MERGE_PATCH

    @property
    def streams(self) -> bool:
        """Some success response is text or bytes: the method has a `_stream` sibling, the raw response.

        It hands the body over as it arrives, whichever documented media type the server sends (a JSON
        one included), so a success of another media type than the one a caller expects is reachable.
        """
        raw = (MediaKind.TEXT, MediaKind.BINARY)
        return self.response_kind == ResponseKind.BYTES or (
            self.response_kind == ResponseKind.VARIANTS
            and any(v.media_type is not None and media_kind(v.media_type) in raw for v in self.responses)
        )

    def params_in(self, location: ParamLocation) -> list[Param]:
        """The parameters that go to one place of the request."""
        return [p for p in self.params if p.location == location]

    @property
    def twin(self) -> bool:
        """The `_stream` (or `_events`) twin of a JSON-or-stream operation (its event stream)."""
        return bool(self.pair) and self.response_kind == ResponseKind.EVENTS

    @property
    def const_name(self) -> str:
        """The module-level name of the operation's declaration (a twin's has its method's suffix appended:
        `_STREAM`, or `_EVENTS`)."""
        suffix = "_" + self.method_name.removeprefix(self.pair + "_").upper() if self.twin else ""
        return (self.declaration or constant_name(self.operation_id)) + suffix

    @property
    def declared_names(self) -> tuple[str, ...]:
        """Every module-level name its declarations take in `_operations.py` (as the template writes them; a
        `__VARIANTS` name is left out: no other name has two underscores in a row)."""
        companions = {"PAGES": self.pagination, "UNWRAP": self.unwrap, "ENCODING": self.encodings, "BATCH": self.batch}
        return (self.const_name, *(f"{self.const_name}_{name}" for name, used in companions.items() if used))


@dataclass(frozen=True)
class Skipped:
    """An operation the builder cannot express: left out, with why and where (a JSON pointer), and each problem."""

    method: str
    path: str
    reason: str
    location: str
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Resource:
    """A group of operations (one OpenAPI tag) exposed as `client.<name>`."""

    name: str
    class_name: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Service:
    """One API: its names, resources, errors and models; what every backend renders from."""

    package: str
    client_name: str
    env_prefix: str
    title: str
    description: str
    version: str
    default_base_url: str | None  # None: the spec's server is a template; base_url is required
    client_path_params: tuple[str, ...]
    token_renewal_header: str | None
    envelope: ErrorEnvelope
    resources: tuple[Resource, ...]
    errors: tuple[ErrorClass, ...]
    models: tuple[Model, ...]
    model_document: SpecDocument  # the document with its inline schemas named, for the models backend
    names_from_title: str | None = None  # the info.title the names were derived from (no x-sdk)
    servers: tuple[Server, ...] = ()
    security: tuple[SecurityRequirement, ...] | None = None  # the document's; None: it declares none
    security_schemes: tuple[SecurityScheme, ...] = ()
    credentials: ClientSecurity = ClientSecurity()
    skipped: tuple[Skipped, ...] = ()
    model_warnings: tuple[
        Diagnostic, ...
    ] = ()  # what a model keeps otherwise than the spec says (lint rule model-shape)
    shape_notes: tuple[Diagnostic, ...] = ()  # how a JSON-or-stream operation was generated (rule operation-shape)
    left_out_params: tuple[Diagnostic, ...] = ()  # optional parameters no method can send (rule operation-shape)

    @property
    def paginated(self) -> bool:
        """True when some operation is a cursor listing (the clients then take `prefetch_pages`)."""
        return any(op.pagination for resource in self.resources for op in resource.operations)

    @property
    def operation_count(self) -> int:
        """How many operations the SDK has."""
        return sum(1 for resource in self.resources for op in resource.operations if not op.twin)

    @property
    def model_classes(self) -> list[str]:
        """The class names of the models module, sorted."""
        return sorted(m.class_name for m in self.models)

    @property
    def aliases(self) -> dict[str, TypeRef]:
        """The target of every model that is a type alias of a list or a map (ir_models.Model.alias), by class."""
        return {m.class_name: m.alias for m in self.models if m.alias is not None}

    def model(self, class_name: str) -> Model | None:
        """The model of a class name."""
        return next((m for m in self.models if m.class_name == class_name), None)

"""The intermediate representation: one typed, frozen model of the API, built from the document alone.

The builder (ir_builder.py) makes it; the models backend, the client templates (through a read-only
view, client_view.py) and the code samples render from it. Types are `ir_types` values, never strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import SpecDocument
from ..openapi.naming import snake_case
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

    @property
    def positional(self) -> bool:
        """Path parameters and required body parts may be passed by position."""
        return self.location == ParamLocation.PATH or (self.required and self.location in BODY_LOCATIONS)


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


@dataclass(frozen=True)
class SecurityRequirement:
    """One alternative of an operation's `security`: every named scheme (with its scopes) at once."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]


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
    preview: Preview | None = None
    pagination: Pagination | None = None
    item_type: TypeRef | None = None
    item_types: tuple[tuple[str, TypeRef], ...] | None = None  # per collection of a lookup with `by`
    batch: Batch | None = None
    batch_arg: str | None = None
    value_type: TypeRef | None = None
    unwrap: Unwrap | None = None
    deprecated: bool = False
    query_delimiters: tuple[tuple[str, str], ...] = ()
    security: tuple[SecurityRequirement, ...] | None = None  # None: the document's default
    servers: tuple[Server, ...] = ()  # empty: the document's servers
    problem_errors: tuple[tuple[str, str], ...] = ()  # (status, description): errors documented as problem+json

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
    def const_name(self) -> str:
        """The module-level name of the operation's declaration."""
        return snake_case(self.operation_id).upper()


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
    security: tuple[SecurityRequirement, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def paginated(self) -> bool:
        """True when some operation is a cursor listing (the clients then take `prefetch_pages`)."""
        return any(op.pagination for resource in self.resources for op in resource.operations)

    @property
    def operation_count(self) -> int:
        """How many operations the SDK has."""
        return sum(len(resource.operations) for resource in self.resources)

    @property
    def model_classes(self) -> list[str]:
        """The class names of the models module, sorted."""
        return sorted(m.class_name for m in self.models)

    def model(self, class_name: str) -> Model | None:
        """The model of a class name."""
        return next((m for m in self.models if m.class_name == class_name), None)

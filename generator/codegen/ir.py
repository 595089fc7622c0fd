"""The intermediate representation the client templates render: plain, render-ready values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..openapi.naming import snake_case


@dataclass(frozen=True)
class Param:
    """One argument of a generated method, and where its value goes on the wire."""

    python_name: str
    wire_name: str
    location: str  # path | query | header | cookie | body | body-value | content | form | multipart | file
    annotation: str
    required: bool
    description: str = ""
    omit_when_none: bool = False  # an optional body field whose model type has no None (a const with its default)

    @property
    def positional(self) -> bool:
        """Path parameters and required body parts may be passed by position."""
        return self.location == "path" or (self.required and self.location in BODY_LOCATIONS)


BODY_LOCATIONS = frozenset({"body", "body-value", "content", "form", "multipart", "file"})


@dataclass(frozen=True)
class ErrorClass:
    """A documented error: an exception class raised when the envelope's key equals `key`."""

    class_name: str
    key: str
    status: int
    base_class: str
    parameters_type: str | None
    description: str


@dataclass
class Operation:
    """One API operation as a method of a resource."""

    operation_id: str
    method_name: str
    http_method: str
    path: str
    summary: str
    description: str
    params: list[Param]
    body_class: str | None
    response_class: str | None  # the annotation of a JSON response (a class, `list[...]`, `dict[...]`)
    safe_to_retry: bool
    constant_query: dict[str, str]
    error_classes: list[str]
    pagination: dict[str, Any] | None = None
    item_type: str | None = None
    item_types: dict[str, str] | None = None
    batch: dict[str, Any] | None = None
    batch_arg: str | None = None
    value_type: str | None = None
    deprecated: bool = False
    request_kind: str | None = None  # json | content | form | multipart (None: no body)
    request_media: str = ""
    response_kind: str = "none"  # json | bytes | none
    accept: str = "application/json"
    query_delimiters: dict[str, str] = field(default_factory=dict)
    unwrap: dict[str, str] | None = None

    @property
    def streams(self) -> bool:
        """A non-JSON response: the method returns bytes and has a `_stream` sibling."""
        return self.response_kind == "bytes"

    def params_in(self, location: str) -> list[Param]:
        """The parameters that go to one place of the request."""
        return [p for p in self.params if p.location == location]

    @property
    def const_name(self) -> str:
        """The module-level name of the operation's declaration."""
        return snake_case(self.operation_id).upper()


@dataclass
class Resource:
    """A group of operations (one OpenAPI tag) exposed as `client.<name>`."""

    name: str
    class_name: str
    description: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Service:
    """Everything the client templates need for one spec."""

    package: str
    client_name: str
    env_prefix: str
    title: str
    description: str
    version: str
    default_base_url: str | None  # None: the spec's server is a template; base_url is required
    client_path_params: list[str]
    token_renewal_header: str | None
    envelope: dict[str, str]
    resources: list[Resource]
    errors: list[ErrorClass]
    model_classes: list[str]
    names_from_title: str | None = None  # the info.title the names were derived from (no x-sdk)

    @property
    def paginated(self) -> bool:
        """True when some operation is a cursor listing (the clients then take `prefetch_pages`)."""
        return any(op.pagination for resource in self.resources for op in resource.operations)

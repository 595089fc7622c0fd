# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""The runtime's public names, all imported: what `from ._core import X` finds (see __init__.py)."""

from ._async_client import DEFAULT_BATCH_CONCURRENCY, AsyncApiClient
from ._auth import TokenAuth
from ._batch import BatchSpec
from ._body import NOT_GIVEN, NotGiven, any_given, dump_body, dump_patch, dump_value, given, with_flag
from ._call import Call
from ._client import SyncApiClient
from ._client_credentials import ApiKeySetting, BasicSetting, BearerSetting, ExternalSetting, client_credentials
from ._envelope import ErrorEnvelope, json_pointer_get
from ._errors import (
    ApiConnectionError,
    ApiDecodeError,
    ApiError,
    ApiResponseValidationError,
    ApiTimeoutError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidTokenError,
    MissingTokenError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    ProblemDetails,
    RateLimitError,
    RequestEntityTooLargeError,
    ResponseTooLargeError,
    SdkError,
    ServiceUnavailableError,
    UnauthorizedError,
    UnexpectedContentTypeError,
    UnprocessableEntityError,
    status_error_class,
)
from ._listing_guard import DEFAULT_MAX_EMPTY_PAGES
from ._media import Expects, MediaKind, is_json, media_kind
from ._operation import Operation, Server
from ._options import DEFAULT_TIMEOUT, RequestOptions
from ._pagers import AsyncPager, SyncPager
from ._pagination import LookupSpec, Page, PaginationSpec
from ._params import ParamStyle
from ._request_body import File, FileInput, FormBody, MultipartBody, PartEncoding, RawBody, RawContent, RequestBody
from ._response import DEFAULT_MAX_RESPONSE_BYTES, ApiResponse
from ._retry import RetryPolicy
from ._security import (
    ApiKeyCredential,
    BasicCredential,
    BearerCredential,
    Credential,
    Credentials,
    ExternalCredential,
    MissingCredentialsError,
    Requirement,
    Security,
)
from ._sequences import SequenceNotStr
from ._settings import client_auth, optional_setting, required_setting
from ._sse import AsyncEventStream, EventStream, ServerSentEvent
from ._streaming import AsyncStreamContext, AsyncStreamedResponse, StreamContext, StreamedResponse
from ._unwrap import UnwrapSpec, unwrap
from ._variants import ResponseVariant, read_variant

__all__ = [
    "DEFAULT_BATCH_CONCURRENCY",
    "DEFAULT_MAX_EMPTY_PAGES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiError",
    "ApiKeyCredential",
    "ApiKeySetting",
    "ApiResponse",
    "ApiResponseValidationError",
    "ApiTimeoutError",
    "AsyncApiClient",
    "AsyncEventStream",
    "AsyncPager",
    "AsyncStreamContext",
    "AsyncStreamedResponse",
    "BadRequestError",
    "BasicCredential",
    "BasicSetting",
    "BatchSpec",
    "BearerCredential",
    "BearerSetting",
    "Call",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "Credential",
    "Credentials",
    "ErrorEnvelope",
    "EventStream",
    "Expects",
    "ExternalCredential",
    "ExternalSetting",
    "File",
    "FileInput",
    "FormBody",
    "InternalServerError",
    "InvalidTokenError",
    "LookupSpec",
    "MediaKind",
    "MissingCredentialsError",
    "MissingTokenError",
    "MultipartBody",
    "NotFoundError",
    "NotGiven",
    "Operation",
    "Page",
    "PaginationError",
    "PaginationSpec",
    "ParamStyle",
    "PartEncoding",
    "PermissionDeniedError",
    "ProblemDetails",
    "RateLimitError",
    "RawBody",
    "RawContent",
    "RequestBody",
    "RequestEntityTooLargeError",
    "RequestOptions",
    "Requirement",
    "ResponseTooLargeError",
    "ResponseVariant",
    "RetryPolicy",
    "SdkError",
    "Security",
    "SequenceNotStr",
    "Server",
    "ServerSentEvent",
    "ServiceUnavailableError",
    "StreamContext",
    "StreamedResponse",
    "SyncApiClient",
    "SyncPager",
    "TokenAuth",
    "UnauthorizedError",
    "UnexpectedContentTypeError",
    "UnprocessableEntityError",
    "UnwrapSpec",
    "any_given",
    "client_auth",
    "client_credentials",
    "dump_body",
    "dump_patch",
    "dump_value",
    "given",
    "is_json",
    "json_pointer_get",
    "media_kind",
    "optional_setting",
    "read_variant",
    "required_setting",
    "status_error_class",
    "unwrap",
    "with_flag",
]

# The hand-written SDK runtime, copied by `make generate` from generator/runtime/; do not edit. See README.md.

"""Hand-written runtime core of the generated SDKs: transport, retries, errors, auth and pagination.

The generator copies this package verbatim into each SDK as `<package>/_core/`, so every
import inside it is relative and it depends only on the standard library, httpx and pydantic.
"""

from ._async_client import DEFAULT_BATCH_CONCURRENCY, AsyncApiClient
from ._auth import TokenAuth
from ._batch import BatchSpec
from ._body import dump_body, dump_value
from ._client import SyncApiClient
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
    RateLimitError,
    RequestEntityTooLargeError,
    ResponseTooLargeError,
    SdkError,
    ServiceUnavailableError,
    UnauthorizedError,
    UnprocessableEntityError,
    status_error_class,
)
from ._listing_guard import DEFAULT_MAX_EMPTY_PAGES
from ._operation import Operation
from ._options import DEFAULT_TIMEOUT, RequestOptions
from ._pagers import AsyncPager, SyncPager
from ._pagination import LookupSpec, Page, PaginationSpec
from ._request_body import File, FileInput, FormBody, MultipartBody, RawBody, RawContent, RequestBody
from ._response import DEFAULT_MAX_RESPONSE_BYTES, ApiResponse
from ._retry import RetryPolicy
from ._settings import client_auth, required_setting
from ._streaming import AsyncStreamContext, AsyncStreamedResponse, StreamContext, StreamedResponse
from ._unwrap import UnwrapSpec, unwrap

__all__ = [
    "DEFAULT_BATCH_CONCURRENCY",
    "DEFAULT_MAX_EMPTY_PAGES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiError",
    "ApiResponse",
    "ApiResponseValidationError",
    "ApiTimeoutError",
    "AsyncApiClient",
    "AsyncPager",
    "AsyncStreamContext",
    "AsyncStreamedResponse",
    "BadRequestError",
    "BatchSpec",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ErrorEnvelope",
    "File",
    "FileInput",
    "FormBody",
    "InternalServerError",
    "InvalidTokenError",
    "LookupSpec",
    "MissingTokenError",
    "MultipartBody",
    "NotFoundError",
    "Operation",
    "Page",
    "PaginationError",
    "PaginationSpec",
    "PermissionDeniedError",
    "RateLimitError",
    "RawBody",
    "RawContent",
    "RequestBody",
    "RequestEntityTooLargeError",
    "RequestOptions",
    "ResponseTooLargeError",
    "RetryPolicy",
    "SdkError",
    "ServiceUnavailableError",
    "StreamContext",
    "StreamedResponse",
    "SyncApiClient",
    "SyncPager",
    "TokenAuth",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "UnwrapSpec",
    "client_auth",
    "dump_body",
    "dump_value",
    "json_pointer_get",
    "required_setting",
    "status_error_class",
    "unwrap",
]

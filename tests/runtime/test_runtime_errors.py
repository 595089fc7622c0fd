"""Error mapping: documented classes with typed parameters, status classes, failed envelopes, bad bodies."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

import httpx
import pytest
from pydantic import BaseModel

from generator.runtime import (
    ApiConnectionError,
    ApiDecodeError,
    ApiError,
    ApiResponseValidationError,
    ApiTimeoutError,
    BadRequestError,
    Call,
    ConflictError,
    ErrorEnvelope,
    InternalServerError,
    NotFoundError,
    Operation,
    PermissionDeniedError,
    RateLimitError,
    RequestEntityTooLargeError,
    SdkError,
    ServiceUnavailableError,
    SyncApiClient,
    UnauthorizedError,
    UnprocessableEntityError,
    status_error_class,
)
from generator.runtime._status import status_error_name
from tests.runtime.conftest import FakeClock


class BranchNotFoundParameters(BaseModel):
    datasetRid: str
    branchId: str


class BranchNotFound(NotFoundError):
    """The requested branch could not be found."""

    error_key: ClassVar[str] = "BranchNotFound"
    parameters_model: ClassVar[type[BaseModel] | None] = BranchNotFoundParameters
    parameters: BranchNotFoundParameters


class BulkSelectionError(UnprocessableEntityError):
    """Unicat app error 1006."""

    error_key: ClassVar[str] = "1006"


class Thing(BaseModel):
    id: str
    size: int


LIST_FILES = Operation(
    operation_id="listFiles",
    method="GET",
    path="/v1/datasets/{datasetRid}/files",
    errors={"BranchNotFound": BranchNotFound},
)
BULK_GET = Operation(
    operation_id="bulkGetRecords", method="POST", path="/p/x/records/bulk/get", errors={"1006": BulkSelectionError}
)
GET_THING = Operation(operation_id="getThing", method="GET", path="/things/1")

BRANCH_BODY = {
    "errorCode": "NOT_FOUND",
    "errorName": "BranchNotFound",
    "errorInstanceId": "00813215-0844",
    "parameters": {"datasetRid": "ri.foundry.main.dataset.1", "branchId": "master"},
}


def answer(
    status: int, body: Any = None, *, content: bytes | None = None, headers: dict[str, str] | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, content=content, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    return handler


def raised(client: SyncApiClient, op: Operation = LIST_FILES, **kwargs: Any) -> ApiError:
    with pytest.raises(ApiError) as caught:
        client.request(op, Call(**kwargs))
    return caught.value


def test_documented_error_gets_its_class_and_typed_parameters(make_client: Callable[..., SyncApiClient]) -> None:
    client = make_client(answer(404, BRANCH_BODY, headers={"x-request-id": "req-77"}))
    error = raised(client, path_params={"datasetRid": "ri.foundry.main.dataset.1"})
    assert type(error) is BranchNotFound
    assert isinstance(error, NotFoundError) and isinstance(error, SdkError)
    assert isinstance(error.parameters, BranchNotFoundParameters)
    assert error.parameters.branchId == "master"
    assert (error.status_code, error.error_key, error.error_code) == (404, "BranchNotFound", "NOT_FOUND")
    assert error.error_instance_id == "00813215-0844"
    assert error.request_id == "req-77"
    assert error.operation_id == "listFiles"
    assert error.body == BRANCH_BODY
    assert str(error) == (
        "BranchNotFound (404) on listFiles: {'datasetRid': 'ri.foundry.main.dataset.1', 'branchId': 'master'} "
        "[errorInstanceId 00813215-0844]"
    )


def test_request_id_falls_back_to_the_instance_id(make_client: Callable[..., SyncApiClient]) -> None:
    error = raised(make_client(answer(404, BRANCH_BODY)), path_params={"datasetRid": "d"})
    assert error.request_id == "00813215-0844"


def test_unknown_key_falls_back_to_the_status_class(make_client: Callable[..., SyncApiClient]) -> None:
    body = {**BRANCH_BODY, "errorName": "DatasetNotFound", "parameters": {"datasetRid": "d"}}
    error = raised(make_client(answer(404, body)), path_params={"datasetRid": "d"})
    assert type(error) is NotFoundError
    assert error.error_key == "DatasetNotFound"
    assert error.parameters == {"datasetRid": "d"}
    assert type(error).error_key is None


def test_parameters_that_do_not_validate_fall_back_with_a_warning(
    make_client: Callable[..., SyncApiClient], caplog: pytest.LogCaptureFixture
) -> None:
    body = {**BRANCH_BODY, "parameters": {"datasetRid": "d"}}
    with caplog.at_level(logging.WARNING, logger="test_sdk"):
        error = raised(make_client(answer(404, body)), path_params={"datasetRid": "d"})
    assert type(error) is NotFoundError
    assert error.parameters == {"datasetRid": "d"}
    assert error.error_key == "BranchNotFound"
    assert any("BranchNotFoundParameters" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, UnauthorizedError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, RequestEntityTooLargeError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, ServiceUnavailableError),
        (418, ApiError),
    ],
)
def test_status_classes(status: int, cls: type[ApiError], make_client: Callable[..., SyncApiClient]) -> None:
    error = raised(make_client(answer(status, {"errorName": "Whatever"})), GET_THING)
    assert type(error) is cls
    assert error.status_code == status


def test_every_status_gets_the_class_the_generator_names() -> None:
    """The generator writes _status.py's names into the SDK; the runtime raises the classes of those names."""
    for status in range(100, 600):
        cls = status_error_class(status)
        assert issubclass(cls, ApiError) and cls.__name__ == status_error_name(status), status


def test_service_unavailable_is_an_internal_server_error() -> None:
    assert issubclass(ServiceUnavailableError, InternalServerError)


def test_empty_404_body(make_client: Callable[..., SyncApiClient]) -> None:
    error = raised(make_client(answer(404, content=b"")), GET_THING)
    assert type(error) is NotFoundError
    assert error.body is None
    assert str(error) == "Not Found (404) on getThing"


def test_non_json_error_body_keeps_its_start(make_client: Callable[..., SyncApiClient]) -> None:
    html = b"<html><body>Bad gateway from the proxy</body></html>"
    error = raised(make_client(answer(502, content=html)), GET_THING)
    assert type(error) is InternalServerError
    assert error.body is None
    assert error.raw_text.startswith("<html><body>Bad gateway")
    assert "Bad gateway from the proxy" in str(error)


# --- Unicat: the envelope's success flag ------------------------------------------------------------


def unicat_error(code: int, message: str, info: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"success": False, "result": {"code": code, "message": message, "info": info or {}}, "data": {}}


def test_success_false_on_http_200_raises_the_documented_error(
    make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    body = unicat_error(1006, "Bulk selection error", {"selection": "bad gid"})
    error = raised(make_client(answer(200, body), envelope=unicat_envelope), BULK_GET)
    assert type(error) is BulkSelectionError
    assert error.status_code == 200
    assert error.error_key == "1006"
    assert error.message == "Bulk selection error"
    assert error.parameters == {"selection": "bad gid"}
    assert "1006 (HTTP 200, code 1006) on bulkGetRecords: Bulk selection error" in str(error)


@pytest.mark.parametrize(
    ("code", "cls"), [(401, UnauthorizedError), (500, InternalServerError), (1003, UnprocessableEntityError)]
)
def test_success_false_picks_the_class_from_the_code(
    code: int, cls: type[ApiError], make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    error = raised(make_client(answer(200, unicat_error(code, "nope")), envelope=unicat_envelope), BULK_GET)
    assert type(error) is cls
    assert error.error_code == str(code)


def test_success_false_without_a_code_is_a_plain_api_error(
    make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    error = raised(make_client(answer(200, {"success": False}), envelope=unicat_envelope), BULK_GET)
    assert type(error) is ApiError


def test_success_true_and_http_errors_with_the_unicat_envelope(
    make_client: Callable[..., SyncApiClient], unicat_envelope: ErrorEnvelope
) -> None:
    ok = make_client(answer(200, {"success": True, "result": {}, "data": {}}), envelope=unicat_envelope)
    assert ok.request(BULK_GET).json()["success"] is True
    denied = make_client(answer(401, unicat_error(401, "Permission denied")), envelope=unicat_envelope)
    error = raised(denied, BULK_GET)
    assert type(error) is UnauthorizedError
    assert error.message == "Permission denied"
    documented = make_client(answer(422, unicat_error(1006, "Bulk selection error")), envelope=unicat_envelope)
    assert type(raised(documented, BULK_GET)) is BulkSelectionError


# --- bodies that cannot be read --------------------------------------------------------------------


def test_non_json_success_body_raises_decode_error_quoting_the_start(make_client: Callable[..., SyncApiClient]) -> None:
    body = "<html>" + "x" * 300 + "TAIL-MARKER</html>"
    response = make_client(answer(200, content=body.encode())).request(GET_THING)
    with pytest.raises(ApiDecodeError) as caught:
        response.parse(Thing)
    message = str(caught.value)
    assert "'<html>xxx" in message
    assert "TAIL-MARKER" not in message
    assert "getThing" in message and "HTTP 200" in message
    assert caught.value.body_start == body[:200]
    with pytest.raises(ApiDecodeError):
        response.json()


@pytest.mark.parametrize("content", [b'{"id": "a", "size": 1', b""])
def test_truncated_or_empty_json_raises_decode_error(content: bytes, make_client: Callable[..., SyncApiClient]) -> None:
    response = make_client(answer(200, content=content)).request(GET_THING)
    with pytest.raises(ApiDecodeError, match="getThing"):
        response.parse(Thing)


def test_schema_mismatch_raises_validation_error_naming_the_operation(
    make_client: Callable[..., SyncApiClient],
) -> None:
    response = make_client(answer(200, {"id": "a", "size": "SECRET-VALUE"})).request(GET_THING)
    with pytest.raises(ApiResponseValidationError) as caught:
        response.parse(Thing)
    message = str(caught.value)
    assert message.startswith("Response of getThing (HTTP 200) does not match Thing: 1 validation error: size:")
    assert "SECRET-VALUE" not in message
    assert caught.value.errors[0]["loc"] == ("size",)


def test_parse_lists_and_json_is_parsed_once(make_client: Callable[..., SyncApiClient], clock: FakeClock) -> None:
    slow = answer(200, [{"id": "a", "size": 1}, {"id": "b", "size": 2}])

    def handler(request: httpx.Request) -> httpx.Response:
        clock.now += 0.25  # the server takes a quarter of a second
        return slow(request)

    response = make_client(handler).request(GET_THING)
    assert response.json() is response.json()
    things = response.parse(list[Thing])
    assert [t.id for t in things] == ["a", "b"]
    assert response.elapsed.total_seconds() == pytest.approx(0.25)
    assert repr(response) == "<ApiResponse [200] getThing>"


def test_connection_error_and_timeout(make_client: Callable[..., SyncApiClient]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused")

    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out")

    with pytest.raises(ApiConnectionError) as refused:
        make_client(refuse).request(GET_THING)
    assert type(refused.value) is ApiConnectionError
    assert "Connection refused" in str(refused.value) and "getThing" in str(refused.value)
    with pytest.raises(ApiTimeoutError) as stalled:
        make_client(stall).request(GET_THING)
    assert stalled.value.request is not None and stalled.value.request.url.path == "/api/things/1"

"""Mistakes caught where they are made: client settings, request fields, what a 401/403 says, the error module."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import httpx
import karat_sdk
import pydantic
import pytest
import unicat_sdk
from karat_sdk import errors as karat_errors
from karat_sdk import models as km
from unicat_sdk import errors as unicat_errors
from unicat_sdk import models as um

TOKEN = "setup-token-2b9d"
SETTINGS_ENV = ("KARAT_BASE_URL", "KARAT_TOKEN", "UNICAT_BASE_URL", "UNICAT_TOKEN", "UNICAT_PROJECT_GID")

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)


def transport(handler: Handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def test_unicat_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNICAT_BASE_URL", "https://env.unicat.test")
    monkeypatch.setenv("UNICAT_TOKEN", TOKEN)
    monkeypatch.setenv("UNICAT_PROJECT_GID", "project-from-env")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"success": True, "result": {"records": []}, "data": {"records": {}}})

    with unicat_sdk.UnicatClient(http_client=transport(handler)) as client:
        list(client.records.bulk_get(["a"]))
    assert seen[0].url.host == "env.unicat.test"
    assert seen[0].url.path == "/api/p/project-from-env/records/bulk/get"
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("arguments", "environment", "named"),
    [
        ({"project_gid": "p"}, {}, "UNICAT_TOKEN"),
        ({"token": "", "project_gid": "p"}, {}, "token is empty"),
        ({"token": "  ", "project_gid": "p"}, {"UNICAT_TOKEN": TOKEN}, "token is empty"),
        ({"project_gid": "p"}, {"UNICAT_TOKEN": ""}, "$UNICAT_TOKEN is set but empty"),
        ({"token": TOKEN}, {}, "UNICAT_PROJECT_GID"),
        ({"token": TOKEN, "project_gid": ""}, {}, "project_gid is empty"),
        ({"token": TOKEN}, {"UNICAT_PROJECT_GID": " "}, "$UNICAT_PROJECT_GID is set but empty"),
        ({"token": TOKEN, "project_gid": "p", "base_url": ""}, {}, "base_url is empty"),
        ({"token": TOKEN, "project_gid": "p"}, {"UNICAT_BASE_URL": ""}, "$UNICAT_BASE_URL is set but empty"),
        ({"token": TOKEN, "project_gid": "p", "base_url": "unicat.test"}, {}, "absolute http(s) URL"),
    ],
)
def test_missing_or_empty_settings_are_refused_when_the_client_is_built(
    monkeypatch: pytest.MonkeyPatch, arguments: dict[str, Any], environment: dict[str, str], named: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    for client_class in (unicat_sdk.UnicatClient, unicat_sdk.AsyncUnicatClient):
        with pytest.raises(unicat_errors.ConfigurationError) as caught:
            client_class(**arguments)
        assert named in str(caught.value)
        assert isinstance(caught.value, ValueError)  # a wrong argument, as Python code expects it


def test_no_placeholder_host_a_templated_server_url_gives_no_default() -> None:
    with pytest.raises(karat_errors.ConfigurationError) as caught:
        karat_sdk.KaratClient(token=TOKEN)  # the spec's server is https://{hostname}
    assert "pass base_url=... or set the KARAT_BASE_URL environment variable" in str(caught.value)
    unicat = unicat_sdk.UnicatClient(token=TOKEN, project_gid="p")  # the spec's server is one fixed URL
    assert repr(unicat) == "UnicatClient(base_url='https://unicat.app')"


def test_request_models_refuse_unknown_fields_naming_them_response_models_keep_them() -> None:
    where = km.SearchCheckpointRecordsRequest(filter=km.EqFilter(field=km.EqFilterField.CHECKPOINT_TYPE, value="LOGIN"))
    with pytest.raises(pydantic.ValidationError) as caught:
        km.SearchRecordsRequest(where=where, sortDirecton="ASC")  # type: ignore[call-arg]  # deliberately misspelt: under test
    assert caught.value.errors()[0]["loc"] == ("sortDirecton",)
    assert caught.value.errors()[0]["type"] == "extra_forbidden"
    with pytest.raises(pydantic.ValidationError, match=r"where\.filter\.eq\.vlaue"):
        km.SearchRecordsRequest.model_validate(
            {"where": {"filter": {"type": "eq", "field": "checkpointType", "vlaue": 1}}}
        )
    with pytest.raises(pydantic.ValidationError, match="chidlren"):
        um.RecordsBulkGetRequest.model_validate({"selection": [{"chidlren": "gid"}]})
    page = km.ListFilesResponse.model_validate({"data": [], "nextPageToken": None, "addedLater": 1})
    assert page.model_extra == {"addedLater": 1}


def test_a_token_provider_needs_no_token() -> None:
    client = karat_sdk.KaratClient(base_url="https://karat.test", token_provider=lambda: TOKEN)
    assert TOKEN not in repr(client)


def foundry_error(status: int, name: str, code: str, **parameters: str) -> Handler:
    body = {
        "errorCode": code,
        "errorName": name,
        "errorInstanceId": "0f0e0d0c-0000-4000-8000-000000000001",
        "parameters": parameters,
    }
    return lambda request: httpx.Response(status, json=body)


def unicat_error(status: int, message: str) -> Handler:
    body = {"success": False, "result": {"code": status, "message": message, "info": {}}, "data": {}}
    return lambda request: httpx.Response(status, json=body)


def test_a_401_says_to_check_the_token_and_where_it_comes_from() -> None:
    http = transport(foundry_error(401, "Default:Unauthorized", "UNAUTHORIZED"))
    client = karat_sdk.KaratClient(base_url="https://karat.test", token=TOKEN, http_client=http)
    with pytest.raises(karat_errors.UnauthorizedError) as caught:
        client.records.get_batch(["ri.checkpoints.main.checkpoint.1"])
    message = str(caught.value)
    assert message.startswith("Default:Unauthorized (401) on getRecordsBatch")
    assert "Check the token (token=, token_provider= or $KARAT_TOKEN)" in message
    assert TOKEN not in message


def test_a_unicat_401_is_named_by_its_status_not_its_number_twice() -> None:
    http = transport(unicat_error(401, "Permission denied"))
    client = unicat_sdk.UnicatClient(base_url="https://unicat.test", token=TOKEN, project_gid="p-1", http_client=http)
    with pytest.raises(unicat_errors.UnauthorizedError) as caught:
        list(client.records.bulk_get(["a"]))
    assert str(caught.value).startswith("Unauthorized (401) on getRecordsBulk: Permission denied. Check the token")


def test_a_403_says_to_check_permissions_and_for_unicat_the_project_membership() -> None:
    http = transport(foundry_error(403, "ApiUsageDenied", "PERMISSION_DENIED", missingScope="api:checkpoints-read"))
    karat = karat_sdk.KaratClient(base_url="https://karat.test", token=TOKEN, http_client=http)
    with pytest.raises(karat_errors.ApiUsageDenied) as karat_caught:
        karat.records.get_batch(["ri.checkpoints.main.checkpoint.1"])
    assert "may not do this: check the user's permissions and, for an OAuth2 application" in str(karat_caught.value)

    http = transport(unicat_error(403, "Forbidden"))
    unicat = unicat_sdk.UnicatClient(base_url="https://unicat.test", token=TOKEN, project_gid="p-1", http_client=http)
    with pytest.raises(unicat_errors.PermissionDeniedError) as unicat_caught:
        list(unicat.records.bulk_get(["a"]))
    assert "check that the token's user is a member of project_gid 'p-1'" in str(unicat_caught.value)


@pytest.mark.parametrize("errors", [karat_errors, unicat_errors], ids=["karat", "unicat"])
def test_the_errors_module_exports_only_errors_named_by_itself(errors: Any) -> None:
    public = {name for name in dir(errors) if not name.startswith("_")}
    assert public == set(errors.__all__)
    for name in public:
        cls = getattr(errors, name)
        assert isinstance(cls, type) and issubclass(cls, Exception), name
        assert (cls.__module__, cls.__qualname__) == (errors.__name__, name)


def test_a_traceback_names_the_public_module() -> None:
    error = karat_errors.UnprocessableEntityError("Conjure:UnprocessableEntity (422) on searchRecords", status_code=422)
    shown = "".join(traceback.format_exception(error))
    assert "karat_sdk.errors.UnprocessableEntityError: Conjure:UnprocessableEntity" in shown
    assert "_core" not in shown

"""The runtime side of JSON-or-stream operations: which Content-Types a method's `Expects` reads, and the body
flag a method sets itself (`with_flag`)."""

from __future__ import annotations

import httpx
import pytest

from generator.runtime import (
    Call,
    ErrorEnvelope,
    Expects,
    Operation,
    SyncApiClient,
    UnexpectedContentTypeError,
    with_flag,
)
from generator.runtime._errors import ApiDecodeError

JSON = Expects("create", ("application/json",))
EVENTS = Expects("create_stream", ("text/event-stream",))
AUDIO = Expects("speak", ("application/octet-stream",))


@pytest.mark.parametrize(
    ("expects", "content_type", "read"),
    [
        (JSON, "application/json; charset=utf-8", True),
        (JSON, "application/vnd.x+json", True),
        (JSON, "text/event-stream", False),
        (JSON, None, True),  # nothing says it is not JSON: parsing decides
        (EVENTS, "text/event-stream; charset=utf-8", True),
        (EVENTS, "application/json", False),
        (EVENTS, None, False),  # events need their media type
        (AUDIO, "audio/mpeg", True),  # a documented octet-stream reads any binary type
        (AUDIO, "text/event-stream", False),
    ],
)
def test_expects_compares_kinds(expects: Expects, content_type: str | None, read: bool) -> None:
    assert expects.accepts(content_type) is read


def test_with_flag_overrides_a_body_and_makes_one_only_to_send_true() -> None:
    assert with_flag({"a": 1, "stream": True}, "stream", False) == {"a": 1, "stream": False}
    assert with_flag({"a": 1}, "stream", True) == {"a": 1, "stream": True}
    assert with_flag(None, "stream", False) is None
    assert with_flag(None, "stream", True) == {"stream": True}


def test_a_success_of_another_kind_raises_naming_the_method() -> None:
    operation = Operation(operation_id="create", method="POST", path="/c", expects=EVENTS, accept="text/event-stream")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"text": "whole"}))
    client = SyncApiClient(
        base_url="https://api.test",
        http_client=httpx.Client(transport=transport),
        envelope=ErrorEnvelope(),
        logger_name="t",
        user_agent="t/1",
    )
    with client, pytest.raises(UnexpectedContentTypeError) as raised, client.events(operation, Call()) as events:
        list(events)
    error = raised.value
    assert isinstance(error, ApiDecodeError)
    assert (error.method, error.expected, error.received, error.status_code) == (
        "create_stream",
        ("text/event-stream",),
        "application/json",
        200,
    )
    assert str(error) == (
        "create_stream reads text/event-stream, but the response of create (HTTP 200) is application/json: "
        "the server answered another form of the operation than this method reads"
    )
    assert error.body_start == '{"text":"whole"}'

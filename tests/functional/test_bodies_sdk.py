"""The `bodies` golden case's SDK, sync and async: what each request body shape puts on the wire.

An optional body left out (no body, no Content-Type), a merge patch (None as null, NOT_GIVEN left
out, its own media type), readOnly fields that are not arguments and writeOnly ones not needed in
responses, multipart parts with their declared content type and headers, and urlencoded fields
serialized per their `encoding`'s style and explode.
"""

from __future__ import annotations

import asyncio
import email.policy
import inspect
import json
from datetime import UTC, datetime
from email.message import MIMEPart
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.functional.conftest import Recorder, clients, sdk

NOTE = {"id": "n1", "createdTime": "2024-05-01T10:00:00Z", "title": "T"}  # no writeOnly `secret` comes back


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path in ("/api/uploads", "/api/searches", "/api/feedback") or request.url.path.endswith("/touch"):
        return httpx.Response(204)
    return httpx.Response(200, json=NOTE)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def bodies(golden_sdks: dict[str, Path]) -> tuple[Any, Any, Recorder]:
    return clients(sdk(golden_sdks, "bodies_sdk"), "Bodies", answer)


def call(mode: str, bodies: tuple[Any, Any, Recorder], resource: str, method: str, *args: Any, **kwargs: Any) -> Any:
    sync, asynchronous, _ = bodies
    if mode == "sync":
        return getattr(getattr(sync, resource), method)(*args, **kwargs)
    return asyncio.run(getattr(getattr(asynchronous, resource), method)(*args, **kwargs))


def parts(request: httpx.Request) -> list[MIMEPart]:
    """The parts of a multipart request, as sent."""
    head = b"Content-Type: " + request.headers["Content-Type"].encode() + b"\r\n\r\n"
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    return list(message.iter_parts())


# -------------------------------------------------------------------- required: false


def test_optional_body_left_out_sends_no_body_and_no_content_type(mode: str, bodies: Any) -> None:
    assert call(mode, bodies, "notes", "touch_note", "n1") is None
    sent = bodies[2].last
    assert sent.content == b""
    assert "Content-Type" not in sent.headers
    assert "Content-Length" not in sent.headers or sent.headers["Content-Length"] == "0"


def test_optional_body_given_is_sent_as_json(mode: str, bodies: Any) -> None:
    when = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    call(mode, bodies, "notes", "touch_note", "n1", at=when)
    sent = bodies[2].last
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.content) == {"at": "2024-05-01T10:00:00Z"}


def test_optional_body_with_a_required_field_is_one_optional_body_argument(mode: str, bodies: Any) -> None:
    models = sdk({}, "bodies_sdk").models
    call(mode, bodies, "notes", "copy_note", "n1")
    assert bodies[2].last.content == b""
    assert "Content-Type" not in bodies[2].last.headers
    copy = call(mode, bodies, "notes", "copy_note", "n1", body=models.CopyRequest(title="Copy"))
    assert json.loads(bodies[2].last.content) == {"title": "Copy"}
    assert copy.id == "n1"


# -------------------------------------------------------------------- merge patch


def test_merge_patch_sends_none_as_null_and_leaves_out_what_was_not_passed(mode: str, bodies: Any) -> None:
    note = call(mode, bodies, "notes", "update_note", "n1", body=None, tags=["a"], pinned=False)
    sent = bodies[2].last
    assert sent.method == "PATCH"
    assert sent.headers["Content-Type"] == "application/merge-patch+json"
    assert sent.content == b'{"body":null,"pinned":false,"tags":["a"]}'
    assert note.title == "T"


def test_merge_patch_with_nothing_passed_is_an_empty_patch(mode: str, bodies: Any) -> None:
    call(mode, bodies, "notes", "update_note", "n1")
    assert bodies[2].last.content == b"{}"
    assert bodies[2].last.headers["Content-Type"] == "application/merge-patch+json"


def test_merge_patch_arguments_default_to_not_given_and_say_so(bodies: Any) -> None:
    module = sdk({}, "bodies_sdk")
    method = bodies[0].notes.update_note
    assert inspect.signature(method).parameters["title"].default is module._core.NOT_GIVEN
    assert "passed as None is sent as null" in (method.__doc__ or "")


# -------------------------------------------------------------------- readOnly / writeOnly


def test_read_only_fields_are_not_arguments_and_write_only_ones_are_required(mode: str, bodies: Any) -> None:
    parameters = inspect.signature(bodies[0].notes.create_note).parameters
    assert "id" not in parameters and "created_time" not in parameters
    assert parameters["secret"].default is inspect.Parameter.empty
    note = call(mode, bodies, "notes", "create_note", "A title", "s3cret")
    assert json.loads(bodies[2].last.content) == {"title": "A title", "secret": "s3cret"}
    # The response has the readOnly fields and lacks the writeOnly one, and still reads.
    assert (note.id, note.created_time.year, note.secret) == ("n1", 2024, None)


def test_a_request_model_does_not_require_read_only_fields() -> None:
    models = sdk({}, "bodies_sdk").models
    assert models.Note(title="t", secret="s").id is None
    assert not models.Note.model_fields["id"].is_required()
    assert models.Note.model_fields["title"].is_required()


# -------------------------------------------------------------------- multipart encoding


def test_multipart_parts_carry_their_declared_content_type_and_headers(mode: str, bodies: Any) -> None:
    models = sdk({}, "bodies_sdk").models
    call(
        mode,
        bodies,
        "uploads",
        "upload_attachment",
        "folder-1",
        b"\x89PNG",
        meta=models.AttachmentMeta(caption="c", width=3),
        labels=["x", "y"],
    )
    found = {(p.get_param("name", header="content-disposition"), i): p for i, p in enumerate(parts(bodies[2].last))}
    by_name: dict[str, list[MIMEPart]] = {}
    for (name, _), part in sorted(found.items(), key=lambda item: item[0][1]):
        by_name.setdefault(str(name), []).append(part)
    assert by_name["parent"][0].get_payload(decode=True) == b"folder-1"
    assert by_name["parent"][0].get_content_type() == "text/plain"  # no Content-Type header: text
    assert "Content-Type" not in by_name["parent"][0]
    file = by_name["file"][0]
    assert file["Content-Type"] == "image/png"  # the first of `image/png, image/jpeg`
    assert file["X-Upload-Kind"] == "attachment"
    assert file.get_payload(decode=True) == b"\x89PNG"
    meta = by_name["meta"][0]
    assert meta["Content-Type"] == "application/json"
    payload = meta.get_payload(decode=True)
    assert isinstance(payload, bytes)  # narrows Message | bytes: a part that is not multipart decodes to bytes
    assert json.loads(payload) == {"caption": "c", "width": 3}
    assert [p.get_payload(decode=True) for p in by_name["labels"]] == [b"x", b"y"]


def test_a_file_own_content_type_wins_over_the_declared_one(mode: str, bodies: Any) -> None:
    module = sdk({}, "bodies_sdk")
    upload = module._core.File(b"\xff\xd8", "photo.jpg", "image/jpeg")
    call(mode, bodies, "uploads", "upload_attachment", "folder-1", upload)
    file = next(p for p in parts(bodies[2].last) if p.get_param("name", header="content-disposition") == "file")
    assert file["Content-Type"] == "image/jpeg"
    assert file.get_param("filename", header="content-disposition") == "photo.jpg"
    assert file["X-Upload-Kind"] == "attachment"


# -------------------------------------------------------------------- urlencoded encoding


def test_urlencoded_fields_follow_their_style_and_explode(mode: str, bodies: Any) -> None:
    models = sdk({}, "bodies_sdk").models
    call(
        mode,
        bodies,
        "uploads",
        "save_search",
        "my search",
        tags=["a", "b c"],
        ids=[1, 2, 3],
        filter=models.Filter(color="red", size=2),
        range=models.Range(min=1, max=9),
    )
    sent = bodies[2].last
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    # A field without an encoding as HTML forms send it (`+` for a space); the declared ones as the
    # query serializer writes their style: form not exploded, pipeDelimited, deepObject; an object
    # without an encoding is form, exploded (OpenAPI's default).
    assert sent.content == b"name=my+search&tags=a,b%20c&ids=1|2|3&filter[color]=red&filter[size]=2&min=1&max=9"


def test_urlencoded_fields_left_out_are_not_sent(mode: str, bodies: Any) -> None:
    call(mode, bodies, "uploads", "save_search", "only")
    assert bodies[2].last.content == b"name=only"


def test_an_optional_form_left_out_sends_no_body(mode: str, bodies: Any) -> None:
    call(mode, bodies, "uploads", "send_feedback")
    assert bodies[2].last.content == b""
    assert "Content-Type" not in bodies[2].last.headers
    call(mode, bodies, "uploads", "send_feedback", rating=5)
    assert bodies[2].last.content == b"rating=5"
    assert bodies[2].last.headers["Content-Type"] == "application/x-www-form-urlencoded"

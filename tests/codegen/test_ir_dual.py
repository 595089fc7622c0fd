"""The IR of JSON-or-stream operations (codegen/ir_dual.py): an event stream next to other success media is
split into the ordinary method and its `_stream` twin; the body's boolean `stream` is set by each (found
through $ref and allOf, in a JSON or a multipart body); a twin whose name is taken is named `_events`, or left out, and said."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from generator.codegen.ir import BodyFlag, Operation, ParamLocation, ResponseKind, Service
from generator.codegen.ir_builder import build_service
from generator.codegen.pipeline import left_out
from generator.openapi.load import parse_text
from generator.validate.lint import Lint

PIECE = {"type": "object", "required": ["delta"], "properties": {"delta": {"type": "string"}}}
ANSWER = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Dual", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Answer": ANSWER,
            "Piece": PIECE,
            "Base": {
                "type": "object",
                "properties": {"stream": {"anyOf": [{"type": "boolean"}, {"type": "null"}]}, "n": {"type": "integer"}},
            },
            "Request": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "required": ["prompt"], "properties": {"prompt": {"type": "string"}}},
                ]
            },
            "Plain": {
                "type": "object",
                "required": ["prompt"],
                "properties": {"prompt": {"type": "string"}, "stream": {"type": "boolean"}},
            },
        }
    },
}
JSON_MEDIA = {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}
EVENT_MEDIA = {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Piece"}}}
DUAL = {"description": "whole or streamed", "content": JSON_MEDIA | EVENT_MEDIA}


def build(operations: dict[str, Any]) -> tuple[Service, dict[str, Operation], list[str]]:
    doc = copy.deepcopy(BASE)
    doc["paths"] = operations
    service, problems = build_service(parse_text(yaml.safe_dump(doc), "doc.yaml"))
    ops = {op.method_name: op for resource in service.resources for op in resource.operations}
    return service, ops, [p.message for p in problems]


def post(op_id: str, body: dict[str, Any] | None, responses: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": op_id, "responses": responses or {"200": DUAL}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    return {"post": operation}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def test_a_flag_through_ref_and_allof_makes_two_methods_that_set_it() -> None:
    service, ops, problems = build({"/c": post("complete", json_body({"$ref": "#/components/schemas/Request"}))})
    assert problems == []
    ordinary, twin = ops["complete"], ops["complete_stream"]
    assert (ordinary.response_kind, ordinary.accept, ordinary.expects) == (
        ResponseKind.JSON,
        "application/json",
        ("application/json",),
    )
    assert (twin.response_kind, twin.accept, twin.expects) == (
        ResponseKind.EVENTS,
        "text/event-stream",
        ("text/event-stream",),
    )
    assert [v.media_type for v in ordinary.responses] == ["application/json"]
    assert [v.media_type for v in twin.responses] == ["text/event-stream"]
    assert getattr(twin.response_type, "name", None) == "Piece"
    assert (ordinary.pair, twin.pair, twin.twin, ordinary.twin) == ("complete_stream", "complete", True, False)
    assert ordinary.flag is not None and twin.flag is not None
    assert (ordinary.flag.value, twin.flag.value, ordinary.flag.wire_name) == (False, True, "stream")
    assert all(p.wire_name != "stream" for op in (ordinary, twin) for p in op.params)
    assert (ordinary.const_name, twin.const_name) == ("COMPLETE", "COMPLETE_STREAM")
    assert service.operation_count == 1  # one operation of the document, two methods
    assert len(service.shape_notes) == 1
    assert "complete sends `stream: false`" in service.shape_notes[0].message
    assert service.shape_notes[0].pointer == "/paths/~1c/post/responses"


def test_a_flag_among_the_fields_of_a_plain_model_is_no_argument() -> None:
    _, ops, _ = build({"/c": post("chat", json_body({"$ref": "#/components/schemas/Plain"}))})
    assert [p.wire_name for p in ops["chat"].params] == ["prompt"]
    assert [p.wire_name for p in ops["chat_stream"].params] == ["prompt"]
    assert ops["chat"].flag == BodyFlag("stream", "stream", False)
    assert ops["chat_stream"].flag == BodyFlag("stream", "stream", True)


def test_a_multipart_flag_is_set_as_a_form_field() -> None:
    schema = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "stream": {"type": ["boolean", "null"]},
        },
    }
    _, ops, problems = build({"/t": post("transcribe", {"multipart/form-data": {"schema": schema}})})
    assert problems == []
    assert [(p.wire_name, p.location) for p in ops["transcribe_stream"].params] == [("file", ParamLocation.FILE)]
    assert ops["transcribe_stream"].flag == BodyFlag("stream", "stream", True)


def test_without_a_boolean_flag_both_methods_are_made_and_the_selector_named() -> None:
    schema = {
        "type": "object",
        "properties": {"input": {"type": "string"}, "stream_format": {"type": "string", "enum": ["sse", "audio"]}},
    }
    service, ops, _ = build({"/s": post("speak", json_body(schema))})
    assert ops["speak"].flag is None and ops["speak_stream"].flag is None
    assert "stream_format" in [p.wire_name for p in ops["speak_stream"].params]
    assert ops["speak_stream"].selector == "stream_format"
    assert "`stream_format` selects which" in service.shape_notes[0].message


def test_a_string_stream_property_is_no_flag() -> None:
    schema = {"type": "object", "properties": {"stream": {"type": "string"}}}
    _, ops, _ = build({"/s": post("send", json_body(schema))})
    assert ops["send"].flag is None
    assert [p.wire_name for p in ops["send_stream"].params] == ["stream"]


def test_a_taken_stream_name_gives_the_twin_the_events_name() -> None:
    taken = {"get": {"operationId": "completeStream", "responses": {"200": {"description": "ok"}}}}
    service, ops, problems = build(
        {"/c": post("complete", json_body({"$ref": "#/components/schemas/Request"})), "/c/stream": taken}
    )
    assert problems == []
    assert ops["complete_stream"].http_method == "GET"  # the document's own operation, never overwritten
    assert ops["complete"].pair == "complete_events" and ops["complete_events"].pair == "complete"
    assert ops["complete_events"].response_kind == ResponseKind.EVENTS
    assert "complete_events sends `stream: true`" in service.shape_notes[0].message


def test_both_names_taken_leave_the_twin_out_and_say_so() -> None:
    def taken(name: str) -> dict[str, Any]:
        return {"get": {"operationId": name, "responses": {"200": {"description": "ok"}}}}

    paths = {"/c": post("complete", json_body({"$ref": "#/components/schemas/Request"}))}
    service, ops, problems = build(paths | {"/c/stream": taken("completeStream"), "/c/events": taken("completeEvents")})
    assert problems == []
    assert ops["complete_stream"].http_method == ops["complete_events"].http_method == "GET"  # never overwritten
    assert ops["complete"].pair == ""
    assert ops["complete"].expects == ("application/json",)  # still refuses an event stream
    assert len(service.shape_notes) == 1
    message = service.shape_notes[0].message
    assert "one method, complete" in message
    assert "twin is left out: other methods are named complete_stream and complete_events" in message


def test_a_bytes_method_whose_stream_sibling_takes_the_name_keeps_its_sibling() -> None:
    audio = {
        "description": "audio or events",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "text/event-stream": {"schema": {"$ref": "#/components/schemas/Piece"}},
        },
    }
    service, ops, _ = build({"/a": post("speak", json_body(ANSWER), {"200": audio})})
    assert ops["speak"].response_kind == ResponseKind.BYTES and ops["speak"].streams  # speak_stream: the bytes
    assert "speak_stream" not in ops and ops["speak_events"].response_kind == ResponseKind.EVENTS
    assert "speak_events yields the events" in service.shape_notes[0].message


def test_the_note_is_a_warning_unless_the_rule_is_off() -> None:
    service, _, _ = build({"/c": post("complete", json_body({"$ref": "#/components/schemas/Request"}))})
    for level, shown in (("error", "warning"), ("warning", "warning"), ("off", None)):
        kept = left_out(service, [], Lint({"operation-shape": level}))
        assert [d.level for d in kept] == ([shown] if shown else []), level
        assert all(d.message.endswith("(lint rule operation-shape)") for d in kept)


def test_an_event_stream_next_to_no_body_is_still_left_out() -> None:
    responses = {"200": {"description": "events", "content": EVENT_MEDIA}, "204": {"description": "none"}}
    service, ops, problems = build({"/w": post("watch", None, responses)})
    assert ops == {}
    assert problems == ["an event stream next to a success without a body"]


def test_a_json_only_operation_keeps_its_stream_argument() -> None:
    json_only = {"200": {"description": "ok", "content": JSON_MEDIA}}
    _, ops, _ = build({"/c": post("chat", json_body({"$ref": "#/components/schemas/Plain"}), json_only)})
    assert set(ops) == {"chat"}
    assert ops["chat"].flag is None and ops["chat"].expects == () and ops["chat"].pair == ""
    assert [p.wire_name for p in ops["chat"].params] == ["prompt", "stream"]

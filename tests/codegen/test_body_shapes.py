"""The IR of request bodies: optional bodies, merge patches, readOnly/writeOnly fields, per-field `encoding`,
and a located problem for each part of a body the SDK could not send as declared."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from generator.codegen.ir import Operation, ParamLocation, PartEncoding, RequestKind
from generator.codegen.ir_builder import build_service
from generator.codegen.pipeline import left_out
from generator.codegen.render_models import model_view
from generator.openapi.load import parse_text
from generator.validate.lint import Lint

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Bodies", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id", "name", "password"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "name": {"type": "string"},
                    "password": {"type": "string", "writeOnly": True},
                },
            }
        }
    },
}


def build(paths: dict[str, Any]) -> tuple[dict[str, Operation], list[str]]:
    doc = copy.deepcopy(BASE)
    doc["paths"] = paths
    service, problems = build_service(parse_text(yaml.safe_dump(doc), "doc.yaml"))
    ops = {op.operation_id: op for resource in service.resources for op in resource.operations}
    return ops, [f"{p.message} [{p.pointer}]" for p in problems]


def post(body: dict[str, Any], op_id: str = "send", response: dict[str, Any] | None = None) -> dict[str, Any]:
    responses = {"200": response} if response else {"204": {"description": "ok"}}
    return {"/send": {"post": {"operationId": op_id, "requestBody": body, "responses": responses}}}


def multipart(encoding: dict[str, Any], form: str = "multipart/form-data") -> dict[str, Any]:
    schema = {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}},
    }
    return post({"required": True, "content": {form: {"schema": schema, "encoding": encoding}}})


ITEM = {"$ref": "#/components/schemas/Item"}
ITEM_RESPONSE = {"description": "ok", "content": {"application/json": {"schema": ITEM}}}


def test_read_only_fields_are_no_arguments_and_write_only_ones_stay_required() -> None:
    ops, problems = build(post({"required": True, "content": {"application/json": {"schema": ITEM}}}))
    assert problems == []
    assert [(p.python_name, p.required) for p in ops["send"].params] == [("name", True), ("password", True)]


def test_fields_are_relaxed_only_for_the_direction_that_lacks_them() -> None:
    request_only = post({"required": True, "content": {"application/json": {"schema": ITEM}}})
    response_only = {"/get": {"get": {"operationId": "get", "responses": {"200": ITEM_RESPONSE}}}}
    for paths, relaxed in ((request_only, {"id"}), (response_only, {"password"})):
        doc = copy.deepcopy(BASE)
        doc["paths"] = paths
        service, _ = build_service(parse_text(yaml.safe_dump(doc), "doc.yaml"))
        model = service.model("Item")
        assert model is not None and model.fields is not None
        assert {f.wire_name for f in model.fields if f.relaxed} == relaxed
        view = model_view(doc, {"Item": "Item"}, {"Item": relaxed})
        assert set(view["components"]["schemas"]["Item"]["required"]) == {"id", "name", "password"} - relaxed


def test_both_directions_relax_both() -> None:
    body = {"required": True, "content": {"application/json": {"schema": ITEM}}}
    ops, _ = build(post(body, response=ITEM_RESPONSE))
    assert [p.python_name for p in ops["send"].params] == ["name", "password"]


def test_an_optional_body_without_required_fields_keeps_its_fields_and_sends_none_when_none_is_given() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    ops, problems = build(post({"required": False, "content": {"application/json": {"schema": schema}}}))
    assert problems == []
    assert ops["send"].body_optional and [p.location for p in ops["send"].params] == [ParamLocation.BODY]


def test_an_optional_body_with_a_required_field_is_one_optional_body_argument() -> None:
    ops, _ = build(post({"required": False, "content": {"application/json": {"schema": ITEM}}}))
    [body] = ops["send"].params
    assert (body.python_name, body.location, body.required) == ("body", ParamLocation.BODY_VALUE, False)


def test_a_merge_patch_has_patch_fields_and_its_media_type() -> None:
    patch = {"type": "object", "properties": {"name": {"type": "string"}}}
    ops, _ = build(post({"required": True, "content": {"application/merge-patch+json": {"schema": patch}}}))
    op = ops["send"]
    assert op.merge_patch and op.request_media == "application/merge-patch+json"


def test_multipart_encoding_content_type_and_fixed_headers() -> None:
    fixed = {"X-Kind": {"schema": {"type": "string", "const": "photo"}}, "X-Rev": {"schema": {"default": 2}}}
    ops, problems = build(multipart({"file": {"contentType": "image/*, image/png", "headers": fixed}}))
    assert problems == []
    assert ops["send"].encodings == (PartEncoding("file", "image/*, image/png", (("X-Kind", "photo"), ("X-Rev", "2"))),)


def test_a_part_header_without_a_fixed_value_is_a_located_problem() -> None:
    optional = {"X-Note": {"schema": {"type": "string"}}}
    ops, problems = build(multipart({"file": {"contentType": "image/png", "headers": optional}}))
    assert problems == [] and ops["send"].encodings == (PartEncoding("file", "image/png"),)  # optional: not sent
    required = {"X-Sum": {"required": True, "schema": {"type": "string"}}}
    ops, problems = build(multipart({"file": {"headers": required}}))
    assert ops == {}
    assert problems == [
        "part header 'X-Sum' has no fixed value (a `const`, `default` or one-value `enum`) to send "
        "[/paths/~1send/post/requestBody/content/multipart~1form-data/encoding/file/headers/X-Sum]"
    ]


def test_an_encoding_of_no_field_and_a_style_a_form_cannot_take_are_located_problems() -> None:
    form = "application/x-www-form-urlencoded"
    ops, problems = build(multipart({"nope": {"contentType": "text/plain"}}, form="multipart/form-data"))
    assert problems == [
        "`encoding` names 'nope', which is not a field of the body "
        "[/paths/~1send/post/requestBody/content/multipart~1form-data/encoding/nope]"
    ]
    body = {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "string"}}}}
    paths = post({"required": True, "content": {form: {"schema": body, "encoding": {"ids": {"style": "matrix"}}}}})
    ops, problems = build(paths)
    assert problems == [
        "style 'matrix' is not one a form field takes ('ids') "
        "[/paths/~1send/post/requestBody/content/application~1x-www-form-urlencoded/encoding/ids/style]"
    ]


def test_deep_object_form_fields_of_every_shape_are_sent() -> None:
    """deepObject sends objects, arrays by index (Stripe's `enabled_events[0]=a`) and a primitive as the rule's
    base case (`n=1`): a field of any shape with it, required or not, is kept."""
    form = "application/x-www-form-urlencoded"
    body = {
        "type": "object",
        "required": ["events", "n"],
        "properties": {
            "events": {"type": "array", "items": {"type": "string"}},
            "n": {"type": "integer"},
            "expand": {"type": "array", "items": {"type": "string"}},
        },
    }
    deep = {"style": "deepObject", "explode": True}
    encoding = {"events": deep, "n": {"style": "deepObject"}, "expand": deep}
    ops, problems = build(post({"required": True, "content": {form: {"schema": body, "encoding": encoding}}}))
    assert problems == [] and ops["send"].encodings == (
        PartEncoding("events", style="deepObject", explode=True),
        PartEncoding("expand", style="deepObject", explode=True),
        PartEncoding("n", style="deepObject"),
    )


def test_urlencoded_objects_default_to_form_exploded() -> None:
    body = {"type": "object", "properties": {"range": {"type": "object", "properties": {"min": {"type": "integer"}}}}}
    form = "application/x-www-form-urlencoded"
    ops, problems = build(post({"required": True, "content": {form: {"schema": body}}}))
    assert problems == []
    assert ops["send"].encodings == (PartEncoding("range", style="form"),)


def test_the_model_warning_comes_at_the_level_of_lint_rule_model_shape() -> None:
    doc = copy.deepcopy(BASE)
    doc["components"]["schemas"]["Pet"] = {
        "allOf": [{"type": "object", "required": ["tag"], "properties": {"tag": {"type": "string", "readOnly": True}}}]
    }
    pet = {"$ref": "#/components/schemas/Pet"}
    doc["paths"] = post({"required": True, "content": {"application/json": {"schema": pet}}})
    service, found = build_service(parse_text(yaml.safe_dump(doc), "doc.yaml"))
    for level in ("warning", "error"):
        [diagnostic] = left_out(service, found, Lint(levels={"model-shape": level}))
        assert (diagnostic.level, diagnostic.message.endswith("(lint rule model-shape)")) == (level, True)
    assert left_out(service, found, Lint(levels={"model-shape": "off"})) == []


def test_a_composition_relaxes_its_own_properties_and_warns_of_an_inline_member() -> None:
    doc = copy.deepcopy(BASE)
    doc["components"]["schemas"]["Pet"] = {
        "allOf": [
            {"$ref": "#/components/schemas/Item"},
            {"type": "object", "required": ["tag"], "properties": {"tag": {"type": "string", "readOnly": True}}},
        ],
        "required": ["rid"],
        "properties": {"rid": {"type": "string", "readOnly": True}},
    }
    pet = {"$ref": "#/components/schemas/Pet"}
    doc["paths"] = post({"required": True, "content": {"application/json": {"schema": pet}}})
    service, problems = build_service(parse_text(yaml.safe_dump(doc), "doc.yaml"))
    pet_model, item_model = service.model("Pet"), service.model("Item")
    assert pet_model is not None and pet_model.relaxed == ("rid",)
    assert item_model is not None and item_model.relaxed == ("id",)  # the base a request reaches through Pet
    assert problems == []
    assert [(p.level, p.pointer, p.message) for p in service.model_warnings] == [
        (
            "warning",
            "/components/schemas/Pet/allOf/1/properties/tag",
            "required readOnly/writeOnly property 'tag' of an inline allOf member stays required in Pet both "
            "ways (make the member a component to have it optional where it is not sent)",
        )
    ]


def test_an_urlencoded_object_with_a_json_content_type_stays_json_text() -> None:
    body = {"type": "object", "properties": {"range": {"type": "object", "properties": {"min": {"type": "integer"}}}}}
    form = "application/x-www-form-urlencoded"
    encoding = {"range": {"contentType": "application/json"}}
    ops, problems = build(post({"required": True, "content": {form: {"schema": body, "encoding": encoding}}}))
    assert problems == [] and ops["send"].encodings == ()


def test_a_form_that_is_no_object_of_fields_gives_way_to_the_bodys_other_media_type() -> None:
    """Azure's Computer Vision (Swagger 2's `type: file`, converted): `multipart/form-data` and
    `application/octet-stream`, each `{type: object, format: file}`. The form has no fields to send, the
    octet stream is the image: the method sends that, where the operation used to be left out."""
    file = {"schema": {"type": "object", "format": "file"}}
    ops, problems = build(
        post({"required": True, "content": {"application/octet-stream": file, "multipart/form-data": file}})
    )
    assert problems == [] and (ops["send"].request_kind, ops["send"].request_media) == (
        RequestKind.CONTENT,
        "application/octet-stream",
    )
    ops, problems = build(post({"required": True, "content": {"multipart/form-data": file}}))  # nothing else: said
    assert ops == {} and problems == [
        "a multipart body must be an object schema with properties "
        "[/paths/~1send/post/requestBody/content/multipart~1form-data/schema]"
    ]


def test_a_form_of_an_allof_has_every_members_fields() -> None:
    """An `allOf` of a `$ref` and more properties (Mineskin's `allOf: [{$ref: GenerateOptions}, {properties:
    {...}}]`): one argument per field of every member, required where a member requires it; it was left out
    ("must be an object schema with properties")."""
    schema = {"allOf": [ITEM, {"properties": {"note": {"type": "string"}}, "required": ["note"]}]}
    for media, kind in (("application/x-www-form-urlencoded", "form"), ("multipart/form-data", "multipart")):
        ops, problems = build(post({"required": True, "content": {media: {"schema": schema}}}))
        fields = [(p.wire_name, p.required, p.location) for p in ops["send"].params]
        assert problems == [] and fields == [
            ("id", True, ParamLocation(kind)),
            ("name", True, ParamLocation(kind)),
            ("password", True, ParamLocation(kind)),
            ("note", True, ParamLocation(kind)),
        ], media


def test_an_urlencoded_body_of_a_string_is_sent_as_the_caller_encoded_it() -> None:
    """Spoonacular's `application/x-www-form-urlencoded: {schema: {type: string}}` (`text=...`): the body is the
    form, encoded already; it was left out as no object of fields. A multipart string has no boundary to give: said."""
    text = {"schema": {"type": "string"}}
    ops, problems = build(post({"required": True, "content": {"application/x-www-form-urlencoded": text}}))
    send = ops["send"]
    assert problems == [] and (send.request_kind, send.request_media) == (
        RequestKind.CONTENT,
        "application/x-www-form-urlencoded",
    )
    assert [(p.python_name, p.location, p.required) for p in send.params] == [("content", ParamLocation.CONTENT, True)]
    ops, problems = build(post({"required": True, "content": {"multipart/form-data": text}}))
    assert ops == {} and problems == [
        "a multipart body must be an object schema with properties "
        "[/paths/~1send/post/requestBody/content/multipart~1form-data/schema]"
    ]

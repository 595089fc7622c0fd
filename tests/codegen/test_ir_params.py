"""Parameters in the IR (codegen/ir_params.py): types, names of inline objects, text and defaults from the schema,
and a located problem for each construct the SDK cannot send as declared."""

from __future__ import annotations

import textwrap

from generator.codegen.ir import Param
from generator.codegen.ir_builder import build_service
from generator.codegen.ir_types import annotation
from generator.openapi.load import parse_text

SPEC = """
openapi: 3.1.0
info: {title: Params, version: "1"}
paths:
  /things/{id}:
    parameters:
      - {name: where, in: query, schema: {type: object, properties: {a: {type: string}}}}
      - $ref: '#/components/parameters/Scope'
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: open, in: query, schema: {type: string, enum: [a, b], x-open-enum: true}}
        - {name: maybe, in: query, schema: {type: [string, "null"], enum: [x, null]}}
        - {name: size, in: query, schema: {$ref: '#/components/schemas/Size', default: 10}}
        - {name: odd, in: query, schema: {type: integer, default: "ten"}}
        - {name: old, in: query, schema: {$ref: '#/components/schemas/Old'}}
        - {name: ratio, in: query, schema: {type: number, enum: [0.5, 1.5]}}
        - {name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Rekognition.GetThing]}}
        - {name: v, in: query, required: true, schema: {const: 2}}
        - {name: kind, in: query, required: true, schema: {type: string, enum: [a, b]}}
      responses:
        "204": {description: ok}
    post:
      operationId: postThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: ok}
components:
  parameters:
    Scope:
      name: scope
      in: query
      style: deepObject
      schema: {type: object, properties: {team: {type: string}}}
  schemas:
    Size: {type: integer, minimum: 1}
    Old: {type: string, deprecated: true, description: Use something else.}
"""


def params(spec: str, operation: str) -> dict[str, Param]:
    service, problems = build_service(parse_text(textwrap.dedent(spec), "params.yaml"))
    assert not problems, problems
    [op] = [o for r in service.resources for o in r.operations if o.operation_id == operation]
    return {p.wire_name: p for p in op.params}


def test_types_names_and_text_from_the_schema() -> None:
    found = params(SPEC, "getThing")
    spelt = {name: annotation(p.type) for name, p in found.items()}
    assert spelt == {
        "id": "str",
        "where": "GetThingWhere",  # a path item's inline object: named from its first operation
        "scope": "ScopeParameter",  # a component parameter's: from the component
        "open": "Literal['a', 'b'] | str",
        "maybe": "Literal['x'] | None",
        "size": "Size",
        "odd": "int",
        "old": "Old",
        "ratio": "float",  # a float is no Literal
        "X-Amz-Target": "Literal['Rekognition.GetThing']",
        "v": "Literal[2]",
        "kind": "Literal['a', 'b']",
    }
    assert (found["size"].default, found["odd"].default) == (10, None)
    assert found["odd"].description == 'Defaults to "ten".'
    assert (found["old"].deprecated, found["old"].description) == (True, "Use something else.")
    assert found["scope"].style == "deepObject" and found["where"].style is None
    assert annotation(params(SPEC, "postThing")["where"].type) == "GetThingWhere"


def test_a_required_parameter_of_one_possible_value_is_sent_with_it_unless_passed() -> None:
    """AWS's `X-Amz-Target: {enum: [RekognitionService.CompareFaces]}`, required: every call had to spell it."""
    found = params(SPEC, "getThing")
    assert [(found[n].required, found[n].default) for n in ("X-Amz-Target", "v", "kind", "id")] == [
        (False, "Rekognition.GetThing"),
        (False, 2),
        (True, None),  # two values: the caller chooses
        (True, None),  # a path parameter stays positional
    ]


def problems_of(parameter: str) -> list[str]:
    spec = f"""
    openapi: 3.1.0
    info: {{title: Params, version: "1"}}
    paths:
      /things:
        get:
          parameters:
            - {parameter}
          responses:
            "204": {{description: ok}}
    """
    service, problems = build_service(parse_text(textwrap.dedent(spec), "params.yaml"))
    assert len(service.skipped) == (1 if problems else 0)
    said = [*problems, *service.left_out_params]  # an optional parameter: the method is generated without it
    return [f"{d.message} [{d.pointer.rsplit('/', 1)[1]}]" for d in said]


def test_what_cannot_be_sent_is_a_located_problem() -> None:
    """Of an optional parameter, the operation is built without it (the service's `left_out_params`)."""
    assert problems_of("{name: a, in: query, style: spaceDelimited, explode: true, schema: {type: array}}") == [
        "style 'spaceDelimited' with `explode: true` is not defined for an array (query parameter 'a') [explode]"
    ]
    assert problems_of("{name: a, in: header, content: {text/csv: {schema: {type: string}}}}") == [
        "header parameter 'a' is `content`-typed as 'text/csv'; only JSON media types can be sent [text~1csv]"
    ]
    assert problems_of("{name: a, in: cookie, schema: {type: object, additionalProperties: {type: array}}}") == [
        "cookie parameter 'a' is an object holding arrays or objects; style 'form' sends primitives only "
        "(declare it `style: deepObject` or `content: application/json`) [schema]"
    ]
    assert problems_of("{name: a, in: cookie, required: true, schema: {type: array, items: {type: array}}}") == [
        "cookie parameter 'a' is an array holding arrays or objects; style 'form' sends primitives only "
        "(declare it `style: deepObject` or `content: application/json`) [schema]"
    ]


def test_what_can_be_sent_is_no_problem() -> None:
    for parameter in (
        "{name: a, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: object}}}",
        "{name: a, in: query, style: deepObject, schema: {type: array, items: {type: string}}}",  # a[0]=x (Stripe)
        "{name: a, in: query, style: deepObject, schema: {type: array, items: {type: object}}}",
        "{name: a, in: query, style: deepObject, schema: {type: integer}}",  # a=1 (Stripe's scalars)
        "{name: a, in: query, style: pipeDelimited, schema: {type: object, properties: {b: {type: integer}}}}",
        "{name: a, in: query, content: {application/json: {schema: {type: array, items: {type: object}}}}}",
        "{name: a, in: header, explode: true, schema: {type: object, additionalProperties: {type: string}}}",
        "{name: a, in: query, schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}}",
        "{name: a, in: query, content: {'*/*': {schema: {type: string, format: uuid}}}}",  # Telnyx's report ids
        "{name: a, in: header, content: {text/plain: {schema: {type: integer}}}}",
    ):
        assert problems_of(parameter) == [], parameter
    assert problems_of("{name: a, in: query, content: {'*/*': {schema: {type: object}}}}") == [
        "query parameter 'a' is `content`-typed as '*/*'; only JSON media types can be sent [*~1*]"
    ]


def test_a_parameter_of_one_value_as_text_is_sent_as_a_schemas() -> None:
    """Telnyx's `id` path parameters: `content: {*/*: {schema: {type: string, format: uuid}}}`, left out before."""
    spec = """
    openapi: 3.1.0
    info: {title: Reports, version: "1"}
    paths:
      /reports/{id}:
        get:
          operationId: getReport
          parameters:
            - {name: id, in: path, required: true, content: {'*/*': {schema: {type: string, format: uuid}}}}
          responses:
            "204": {description: ok}
    """
    found = params(spec, "getReport")["id"]
    assert (annotation(found.type), found.style, found.content) == ("str", None, None)


def test_a_body_field_of_an_object_of_no_properties_is_a_mapping_as_in_its_model() -> None:
    """GitHub's `environment: {type: object, properties: {}, additionalProperties: true}`: the model's field is a
    `dict[str, Any]`; the method's argument was `Any` and took "x", which the model then refused."""
    spec = """
    openapi: 3.1.0
    info: {title: Hooks, version: "1"}
    paths:
      /hooks:
        post:
          operationId: createHook
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [environment, counts]
                  properties:
                    environment: {type: object, properties: {}, additionalProperties: true}
                    counts: {type: object, properties: {}, additionalProperties: {type: integer}}
                    shaped: {type: object, properties: {id: {type: integer}}}
          responses:
            "204": {description: ok}
    """
    found = {name: annotation(p.type) for name, p in params(spec, "createHook").items()}
    assert found == {
        "environment": "dict[str, Any]",
        "counts": "dict[str, int]",
        "shaped": "CreateHookRequestShaped | None",
    }

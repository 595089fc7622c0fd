"""Read what is meant: violations of the OpenAPI schema whose meaning is clear are warnings; --strict refuses them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.openapi.load import SpecDocument, load_spec
from generator.validate import lenient, openapi_schema
from generator.validate.lint import Lint
from generator.validate.openapi_schema import Violation
from generator.validate.structure import validate_document
from tests.conftest import ROOT, run_generator

SLOPPY_30 = """
openapi: 3.0.3
info: {title: Sloppy, version: "1"}
paths:
  /pets/{petId}/{kind}:
    get:
      operationId: getPet
      title: Get a pet
      reponses_note: kept out
      parameters:
        - {name: petId, in: path, schema: {type: integer, default: "one"}}
      responses:
        "200":
          description: a pet
          example: {name: Rex}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      required: name
      properties:
        name: {type: string}
        kind: {type: string, const: dog}
        tags: {type: array, items: [{type: string}, {type: integer}]}
"""

SLOPPY_31 = """
openapi: 3.1.0
info: {title: Sloppy, version: "1"}
paths: {}
components:
  schemas:
    Price:
      type: object
      required: [amount, amount]
      properties:
        amount: {type: number, minimum: 0, exclusiveMinimum: true}
        note: {type: string, nullable: true}
        tree: {$recursiveAnchor: true, type: object}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sloppy.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def generated(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`generate` the written sloppy.yaml into `out` with the project's templates, as a user would; it succeeds."""
    args = ["generate", "--spec", "sloppy.yaml", "--output", "out", "--templates", str(ROOT / "templates")]
    result = run_generator(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result


def messages(path: Path, lint: Lint) -> list[str]:
    _, found = validate_document(load_spec(path), lint)
    return [d.format().split(": ", 1)[1] for d in found if "lint rule" not in d.message]


def test_a_30_document_is_read_as_meant_with_a_located_warning_each(tmp_path: Path) -> None:
    path = write(tmp_path, SLOPPY_30)
    doc, found = validate_document(load_spec(path), Lint(default="off"))
    lines = [d.format() for d in found]
    assert all(": warning: read leniently: " in line for line in lines), lines
    assert lines == [
        "sloppy.yaml:6:7: warning: read leniently: path parameter 'kind' of '/pets/{petId}/{kind}' is not declared: "
        "read as a required string [#/paths/~1pets~1{petId}~1{kind}/get]",
        "sloppy.yaml:7:7: warning: read leniently: `title` is not defined here by OpenAPI 3.0.3: ignored "
        "[#/paths/~1pets~1{petId}~1{kind}/get/title]",
        "sloppy.yaml:8:7: warning: read leniently: `reponses_note` is not defined here by OpenAPI 3.0.3: ignored "
        "[#/paths/~1pets~1{petId}~1{kind}/get/reponses_note]",
        "sloppy.yaml:10:11: warning: read leniently: a path parameter without `required: true`: read as required "
        "(a path parameter always is) [#/paths/~1pets~1{petId}~1{kind}/get/parameters/0]",
        "sloppy.yaml:10:68: warning: read leniently: the default 'one' does not match its schema ('one' is not of "
        "type 'integer'): ignored [#/paths/~1pets~1{petId}~1{kind}/get/parameters/0/schema/default]",
        "sloppy.yaml:14:11: warning: read leniently: `example` is not defined here by OpenAPI 3.0.3: ignored "
        "[#/paths/~1pets~1{petId}~1{kind}/get/responses/200/example]",
        "sloppy.yaml:22:17: warning: read leniently: a lone value where a list belongs: read as ['name'] "
        "[#/components/schemas/Pet/required]",
        "sloppy.yaml:25:30: warning: read leniently: `const` is not OpenAPI 3.0.3: read as in OpenAPI 3.1 "
        "[#/components/schemas/Pet/properties/kind/const]",
        "sloppy.yaml:26:36: warning: read leniently: a list of schemas in `items` (older JSON Schema's tuples): "
        "read as `prefixItems` [#/components/schemas/Pet/properties/tags/items]",
    ]
    pet = doc.data["components"]["schemas"]["Pet"]
    assert pet["required"] == ["name"]
    assert pet["properties"]["kind"]["const"] == "dog"
    assert pet["properties"]["tags"]["prefixItems"] == [{"type": "string"}, {"type": "integer"}]
    operation = doc.data["paths"]["/pets/{petId}/{kind}"]["get"]
    assert "title" not in operation and "default" not in operation["parameters"][0]["schema"]
    assert [p["name"] for p in operation["parameters"] if p["required"]] == ["petId", "kind"]


def test_a_31_document_is_read_as_meant(tmp_path: Path) -> None:
    path = write(tmp_path, SLOPPY_31)
    doc, found = validate_document(load_spec(path), Lint(default="off"))
    assert [d.format().split(": warning: read leniently: ")[1] for d in found] == [
        "a list with repeated values: read with each value once [#/components/schemas/Price/required]",
        "a boolean `exclusiveMinimum` (OpenAPI 3.0): read as `exclusiveMinimum: 0` "
        "[#/components/schemas/Price/properties/amount/exclusiveMinimum]",
        "`nullable` is OpenAPI 3.0: read as a `null` type, as 3.0 means it [#/components/schemas/Price/properties/note/nullable]",
        "`$recursiveAnchor` is a keyword of an older JSON Schema: ignored "
        "[#/components/schemas/Price/properties/tree/$recursiveAnchor]",
    ]
    price = doc.data["components"]["schemas"]["Price"]
    assert price["required"] == ["amount"]
    assert price["properties"]["amount"] == {"type": "number", "exclusiveMinimum": 0}
    assert price["properties"]["note"] == {"type": ["string", "null"]}


def test_strict_refuses_every_violation(tmp_path: Path) -> None:
    path = write(tmp_path, SLOPPY_30)
    errors = messages(path, Lint(default="off", strict=True))
    assert errors and all(m.startswith("error: invalid OpenAPI: ") for m in errors), errors
    result = run_generator(
        "generate",
        "--spec",
        "sloppy.yaml",
        "--output",
        "out",
        "--templates",
        str(ROOT / "templates"),
        "--strict",
        cwd=tmp_path,
    )
    assert result.returncode == 1 and "invalid OpenAPI" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_sloppy_document_generates(tmp_path: Path) -> None:
    write(tmp_path, SLOPPY_30)
    result = generated(tmp_path)
    assert result.stderr.count("read leniently") == 9
    resource = (tmp_path / "out" / "sloppy_sdk" / "resources" / "default.py").read_text(encoding="utf-8")
    assert "def get_pet(" in resource and "kind: str" in resource


def test_a_violation_whose_meaning_is_not_clear_stays_an_error(tmp_path: Path) -> None:
    """Not read leniently: an error (its operation is left out of a foreign document's SDK: broken_operations.py)."""
    text = SLOPPY_31.replace("paths: {}", "paths:\n  /a:\n    get:\n      responses: {}")
    lint = Lint({"broken-operation": "error"}, default="off")
    errors = [m for m in messages(write(tmp_path, text), lint) if m.startswith("error")]
    assert errors == ["error: invalid OpenAPI: 'default' is a required property [#/paths/~1a/get/responses]"]


def test_this_projects_specs_are_strict_clean() -> None:
    for name in ("karat", "unicat"):
        doc = load_spec(ROOT / "spec" / f"{name}.yaml")
        _, lenient = validate_document(doc, Lint(default="error"))
        _, strict = validate_document(doc, Lint(default="error", strict=True))
        assert lenient == strict == []


TWO_MEDIA = """
openapi: 3.0.3
info: {title: Media, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: filter
          in: query
          content:
            application/xml:
              schema: {type: object, properties: {kind: {type: string}}}
            application/json:
              schema: {type: object, properties: {kind: {type: string}}}
      responses:
        "204": {description: none}
"""


def test_a_parameter_of_several_media_types_is_read_as_its_json_one(tmp_path: Path) -> None:
    path = write(tmp_path, TWO_MEDIA)
    doc, found = validate_document(load_spec(path), Lint(default="off"))
    assert [d.format() for d in found] == [
        "sloppy.yaml:11:13: warning: read leniently: a parameter has 2 media types (OpenAPI allows one): read as "
        "application/json (application/xml ignored) [#/paths/~1pets/get/parameters/0/content]"
    ]
    assert list(doc.data["paths"]["/pets"]["get"]["parameters"][0]["content"]) == ["application/json"]
    assert messages(path, Lint(default="off", strict=True)), "--strict refuses it"


SHARED_SHAPES_31 = """
openapi: 3.1.0
info: {title: Shapes, version: "1"}
paths:
  /rates:
    get:
      responses:
        "200":
          description: rates
          content:
            application/json:
              schema:
                type: array
                items: {anyOf: [{$ref: "#/components/schemas/First"}, {$ref: "#/components/schemas/Second"}]}
components:
  schemas:
    First:
      type: object
      properties:
        rate: {type: number, minimum: 0, exclusiveMinimum: true}
    Second:
      type: object
      properties:
        rate: {type: number, minimum: 0, exclusiveMinimum: true}
        beta: {type: number, minimum: 1, exclusiveMinimum: true}
"""


def test_a_schemas_meta_schema_errors_are_read_where_they_are_all_in_one_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second's `rate` is not taken for First's (same shape), and its second error is read with its first: one
    round reads all three, one more finds nothing (not one round a reading, as the validator reports them)."""
    rounds: list[str] = []
    violations = openapi_schema.violations  # what lenient imported (and calls by its own name)

    def counted(doc: SpecDocument) -> list[Violation]:
        rounds.append("round")
        return violations(doc)

    monkeypatch.setattr(lenient, "violations", counted)
    doc, found = validate_document(load_spec(write(tmp_path, SHARED_SHAPES_31)), Lint(default="off"))
    assert len(rounds) == 2
    assert sorted(d.pointer for d in found) == [
        "/components/schemas/First/properties/rate/exclusiveMinimum",
        "/components/schemas/Second/properties/beta/exclusiveMinimum",
        "/components/schemas/Second/properties/rate/exclusiveMinimum",
    ]
    assert all(d.level == "warning" and "read as `exclusiveMinimum: " in d.message for d in found)
    schemas = doc.data["components"]["schemas"]
    assert schemas["First"]["properties"]["rate"] == {"type": "number", "exclusiveMinimum": 0}
    assert schemas["Second"]["properties"]["rate"] == {"type": "number", "exclusiveMinimum": 0}
    assert schemas["Second"]["properties"]["beta"] == {"type": "number", "exclusiveMinimum": 1}


def test_an_unread_error_after_a_read_one_is_the_next_rounds_to_report(tmp_path: Path) -> None:
    """A schema's first error read, its next one not readable: it is reported once, as the validator's error."""
    beta = "beta: {type: number, minimum: 1, exclusiveMinimum: true"
    text = SHARED_SHAPES_31.replace(beta + "}", beta + ', maxLength: "x"}')  # checked after exclusiveMinimum
    _, found = validate_document(load_spec(write(tmp_path, text)), Lint({"broken-operation": "error"}, default="off"))
    errors = [d for d in found if d.level == "error"]
    assert [d.pointer for d in errors] == ["/components/schemas/Second/properties/beta/maxLength"]
    read = {d.pointer for d in found if d.level == "warning"}
    assert "/components/schemas/Second/properties/beta/exclusiveMinimum" in read


UNANSWERED_30 = """
openapi: 3.0.3
info: {title: Unanswered, version: "1"}
paths:
  /bars:
    post:
      operationId: createBar
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
  /pets:
    $ref: "#/components/pathItems/Pets"
components:
  pathItems:
    Pets:
      get:
        operationId: listPets
        responses:
          "200":
            description: the pets
            content:
              application/json:
                schema: {type: array, items: [{type: string}]}
"""


def test_a_30_operation_without_responses_and_a_path_item_ref_are_read_as_in_31(tmp_path: Path) -> None:
    path = write(tmp_path, UNANSWERED_30)
    doc, found = validate_document(load_spec(path), Lint(default="off"))
    assert [d.format() for d in found] == [
        "sloppy.yaml:6:7: warning: read leniently: a 3.0 operation without `responses`: read as in OpenAPI 3.1, "
        "documenting none [#/paths/~1bars/post]",
        "sloppy.yaml:12:5: warning: read leniently: a `$ref` to #/components/pathItems/Pets (OpenAPI 3.1) in a 3.0 "
        "document: read as that path item [#/paths/~1pets]",
        "sloppy.yaml:14:3: warning: read leniently: `pathItems` is not OpenAPI 3.0.3: read as in OpenAPI 3.1 "
        "[#/components/pathItems]",
        "sloppy.yaml:23:46: warning: read leniently: a list of schemas in `items` (older JSON Schema's tuples): read "
        "as `prefixItems` [#/paths/~1pets/get/responses/200/content/application~1json/schema/items]",
    ]
    assert "responses" not in doc.data["paths"]["/bars"]["post"]  # the placeholder is the validator's only
    assert doc.data["paths"]["/pets"]["get"]["operationId"] == "listPets"
    generated(tmp_path)
    resource = (tmp_path / "out" / "unanswered_sdk" / "resources" / "default.py").read_text(encoding="utf-8")
    assert "def create_bar(" in resource and "def list_pets(" in resource
    strict = messages(path, Lint(default="off", strict=True))
    assert "error: invalid OpenAPI: 'responses' is a required property [#/paths/~1bars/post]" in strict


NO_CONTENT = """
openapi: 3.0.3
info: {title: Banner, version: "1"}
paths:
  /banner:
    put:
      operationId: setBanner
      responses:
        "204": {description: set, content: {application/json: {schema: {}}}}
    get:
      operationId: getBanner
      responses:
        "200": {$ref: "#/components/responses/Banner"}
  /banner/old:
    delete:
      operationId: dropBanner
      responses:
        "204": {$ref: "#/components/responses/Banner"}
components:
  responses:
    Banner:
      description: the banner
      content: {application/json: {schema: {type: object, properties: {text: {type: string}}}}}
"""
CALLS = """
import httpx
from banner_sdk import BannerClient
def answer(request):
    if request.method == "GET":
        return httpx.Response(200, json={"text": "hi"})
    return httpx.Response(204)
client = BannerClient(base_url="https://banner.test", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
print(client.default.set_banner(), client.default.drop_banner(), client.default.get_banner().text)
"""


def test_a_reply_that_has_no_content_by_its_status_is_read_without_its_declared_content(tmp_path: Path) -> None:
    """Jira declares `204: content: application/json: schema: {}`: the method parsed the empty body of every
    reply as JSON and failed. A shared response a 204 names keeps its content for the others."""
    write(tmp_path, NO_CONTENT)
    result = generated(tmp_path)
    for where in ("~1banner/put/responses/204", "~1banner~1old/delete/responses/204"):
        said = f"read leniently: a 204 response has no body (HTTP): its `content` is ignored [#/paths/{where}/content]"
        assert said in result.stderr
    done = subprocess.run([sys.executable, "-c", CALLS], cwd=tmp_path / "out", capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "None None hi\n"), done.stderr


REQUIRED_UNDECLARED = """
openapi: 3.0.3
info: {title: Articles, version: "1"}
paths: {}
components:
  schemas:
    Article:
      type: object
      properties: {id: {type: integer}, tags: {type: array, items: {type: string}}}
    ArticlePrivate:
      allOf: [{$ref: '#/components/schemas/Article'}]
      properties: {account_id: {type: integer}}
      required: [account_id, id, "array[integer](optional)", tags]
    Regime:
      allOf: [{properties: {About: {type: string}}}]
      required: [Name]
    RateRequest:
      allOf: [{properties: {carrier: {type: string}}}]
      oneOf:
        - {properties: {shipment_id: {type: string}}, required: [shipment_id]}
        - {properties: {shipment: {type: object}}, required: [shipment]}
      required: [carrier, shipment_id, shipment]
"""


def test_a_name_required_but_declared_by_no_property_is_not_required(tmp_path: Path) -> None:
    """Figshare's `ArticleCompletePrivate` requires `"array[integer](optional)"`: openapi-spec-validator refused
    the whole document and said no place; the name is dropped, said at the schema's `required`. ShipEngine's
    `calculate_rates_request_body` requires names only its `oneOf` members declare (the validator counts the
    schema's own properties and its `allOf`'s): the members still require them."""
    path = write(tmp_path, REQUIRED_UNDECLARED)
    doc, found = validate_document(load_spec(path), Lint(default="off"))
    assert [d.format() for d in found] == [
        "sloppy.yaml:12:17: warning: read leniently: 'array[integer](optional)' required but declared by no "
        "property: not required [#/components/schemas/ArticlePrivate/required]",
        "sloppy.yaml:15:17: warning: read leniently: 'Name' required but declared by no property: not required "
        "[#/components/schemas/Regime/required]",
        "sloppy.yaml:21:17: warning: read leniently: 'shipment_id', 'shipment' required but declared only by a "
        "oneOf or anyOf member: not required [#/components/schemas/RateRequest/required]",
    ]
    one_of = doc.data["components"]["schemas"]["RateRequest"]
    assert (one_of["required"], [m["required"] for m in one_of["oneOf"]]) == (
        ["carrier"],
        [["shipment_id"], ["shipment"]],
    )
    assert doc.data["components"]["schemas"]["ArticlePrivate"]["required"] == ["account_id", "id", "tags"]
    assert "required" not in doc.data["components"]["schemas"]["Regime"]  # 3.0 wants a list that has names


OBJECT_KEYWORDS = """
openapi: 3.0.3
info: {title: Batches, version: "1"}
paths:
  /batch:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: array
              items: {type: object}
              properties: {data: {type: object}, css: {type: string}}
              required: [data]
      responses: {"204": {description: done}}
components:
  schemas:
    Code: {type: string, additionalProperties: false, minProperties: 1}
    Thing: {type: object, properties: {a: {type: string}}, required: [a]}
"""


def test_object_keywords_beside_a_type_that_is_no_object_are_ignored(tmp_path: Path) -> None:
    """FormAPI's batch body: `type: array` with the `properties` of one submission. The models made a union of a
    list and a class of them, the method took them as arguments and sent an object; now the body is the list."""
    from generator.codegen.ir_builder import build_service

    doc, found = validate_document(load_spec(write(tmp_path, OBJECT_KEYWORDS)), Lint(default="off"))
    assert [(d.pointer.rsplit("/", 1)[-1], d.message) for d in found] == [
        (key, f"read leniently: `{key}` beside `type: {kind}` applies to objects only: ignored")
        for key, kind in (
            ("properties", "array"),
            ("required", "array"),
            ("additionalProperties", "string"),
            ("minProperties", "string"),
        )
    ]
    assert doc.data["components"]["schemas"]["Thing"]["required"] == ["a"]  # an object's stay
    service, _ = build_service(doc)
    [operation] = [op for r in service.resources for op in r.operations]
    assert [(p.python_name, p.location) for p in operation.params] == [("body", "body-value")]


PATH_REFS = """
openapi: 3.1.0
info: {title: Paths, version: "1"}
paths:
  /ip-address:
    get:
      operationId: getIp
      responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
  /support/ip-address:
    $ref: '#/paths/~1ip-address'
  /shared:
    $ref: '#/components/pathItems/Shared'
components:
  pathItems:
    Shared:
      get:
        operationId: getShared
        responses: {"204": {description: ok}}
"""


def test_a_path_that_is_a_ref_is_a_copy_of_its_path_item(tmp_path: Path) -> None:
    """A 3.1 path `$ref` to `components/pathItems`, and SureVoIP's path `$ref` to another path: their operations
    were not generated, without a word (and the second one's operationId, repeated, refused the document)."""
    path = write(tmp_path, PATH_REFS)
    doc, found = validate_document(load_spec(path), Lint(default="off"))
    assert [d.format() for d in found] == [
        "sloppy.yaml:9:5: warning: read leniently: a `$ref` to the path item #/paths/~1ip-address: read as a copy of "
        "it, its operations named from this path (their operationIds are that path's) [#/paths/~1support~1ip-address]"
    ]
    assert doc.data["components"]["pathItems"] == {}  # nothing else refers to it: no unused component
    generated(tmp_path)
    resource = (tmp_path / "out" / "paths_sdk" / "resources" / "default.py").read_text(encoding="utf-8")
    assert all(f"def {name}(" in resource for name in ("get_ip", "get_shared", "get_support_ip_address"))
    strict = messages(path, Lint(default="off", strict=True))
    assert "error: a path that is a `$ref`: write its path item here [#/paths/~1shared/$ref]" in strict


COLON = """
openapi: 3.0.0
info: {title: Insights, version: "1"}
paths:
  /data/insights/{insight_id:}:
    get:
      parameters: [{name: "insight_id:", in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: done}}
"""


def test_a_template_name_the_validator_reads_otherwise_is_the_declared_one(tmp_path: Path) -> None:
    """IdealSpot's `{insight_id:}`: the validator reads `insight_id` (a format spec) and finds neither name; the
    reading added both, and the document was refused whole ("Duplicate parameter 'insight_id:'", at `#`)."""
    doc, found = validate_document(load_spec(write(tmp_path, COLON)), Lint(default="off"))
    assert found == []
    parameters = doc.data["paths"]["/data/insights/{insight_id:}"]["get"]["parameters"]
    assert [p["name"] for p in parameters] == ["insight_id:"]

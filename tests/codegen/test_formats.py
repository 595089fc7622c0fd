"""openapi/formats.py's table of formats is the models backend's: the same formats, the same Python types."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from datamodel_code_generator.parser.schema_version import get_data_formats  # the jsonschema parser's own table

from generator.codegen.ir_builder import build_service
from generator.codegen.ir_types import annotation
from generator.codegen.render_models import render_models
from generator.openapi.formats import FORMATS, JSON_TYPES, known_format, python_type_of_format
from generator.openapi.load import load_spec, parse_text
from generator.openapi.normalize import normalize
from generator.validate.lint import Lint
from generator.validate.structure import validate_document
from tests.conftest import TEMPLATES, mypy_strict


def test_the_known_formats_are_the_backends() -> None:
    backend = get_data_formats(is_openapi=True)
    assert set(backend) == set(JSON_TYPES)
    for kind in JSON_TYPES:
        assert {f for f in backend[kind] if f != "default"} == set(FORMATS.get(kind, {})), kind
        assert known_format(kind, "default") and not known_format(kind, "no-such-format")


def test_each_format_is_the_python_type_the_backend_gives_a_field() -> None:
    properties = {
        f"{kind}_{n}": {"type": kind, "format": fmt}
        for kind, formats in FORMATS.items()
        for n, fmt in enumerate(formats)
        if formats[fmt] is not None
    }
    text = '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},'
    text += f' "components": {{"schemas": {{"All": {{"type": "object", "properties": {properties!r}}}}}}}}}'
    doc = parse_text(text.replace("'", '"'), "formats.json")
    service, _ = build_service(doc)
    with tempfile.TemporaryDirectory() as work:
        models = render_models(service, TEMPLATES / "models", Path(work))
    for name, schema in properties.items():
        assert f"    {name}: {python_type_of_format(schema['type'], schema['format'])} | None = None" in models, name


def test_a_format_the_backend_types_narrower_than_its_json_type_keeps_the_json_type() -> None:
    # The backend types `number` + `unixtime` as int, which refuses 1741476542.5: a valid number of seconds.
    text = '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas":'
    text += ' {"Run": {"type": "object", "required": ["at", "whole"], "properties": {'
    text += '"at": {"type": "number", "format": "unixtime", "description": "Seconds."},'
    text += '"whole": {"type": "integer", "format": "unixtime"},'
    # and `string` + `byte` as Base64Str, which decodes the text and refuses content that is not UTF-8 (an image)
    text += '"image": {"type": "string", "format": "byte"}}}}}}'
    service, _ = build_service(parse_text(text, "formats.json"))
    with tempfile.TemporaryDirectory() as work:
        models = render_models(service, TEMPLATES / "models", Path(work))
    assert "    at: float\n" in models and "    whole: int\n" in models
    assert "Seconds. (format unixtime: a plain number, as JSON sends it)" in models
    assert python_type_of_format("number", "unixtime") == "float"
    assert "    image: str | None = None\n" in models and "(format byte: a plain string" in models
    assert python_type_of_format("string", "byte") == "str"
    [image] = [f for m in service.models if m.class_name == "Run" for f in m.fields or () if f.python_name == "image"]
    assert annotation(image.type) == "str | None"  # the IR's type, the arguments' too


DEFAULTS = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Deploy:
      type: object
      properties:
        url: {type: string, format: uri, default: "", description: Where it runs.}
        at: {type: string, format: date-time, default: "2020-01-01T00:00:00Z"}
        id: {type: string, format: uuid, default: "00000000-0000-0000-0000-000000000000"}
        tries: {type: integer, format: int64, default: 3}
        role: {type: string, default: [MEMBER, VIEWER]}
        ratio: {type: number, default: 1}
    Update:
      type: object
      properties:
        status: {type: string, enum: [queued, in_progress, completed]}
        conclusion: {type: string}
      anyOf:
        - properties: {status: {enum: [completed]}}
          required: [conclusion]
        - properties: {status: {enum: [queued, in_progress]}}
"""


def test_a_default_a_formats_type_cannot_hold_is_said_and_a_narrowing_member_leaves_the_field_to_its_object(
    tmp_path: Path,
) -> None:
    """`url: AnyUrl | None = ""` and a base class typing `status` narrower than its subclass: neither passes
    mypy --strict (GitHub's REST description has both). The defaults go to the description; the field is None."""
    service, _ = build_service(parse_text(DEFAULTS, "defaults.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    assert "    url: AnyUrl | None = None\n" in models and 'Where it runs. (default: "")' in models
    assert '(default: "2020-01-01T00:00:00Z")' in models and "    tries: int | None = 3\n" in models
    assert '(default: ["MEMBER", "VIEWER"])' in models and "    role: str | None = None\n" in models
    with checked_module(models, tmp_path / "check", "defaults_models") as module:
        deploy = module.Deploy.model_validate({})
        updates = pydantic.TypeAdapter(module.Update)
        queued = updates.validate_python({"status": "queued"})
        done = updates.validate_python({"status": "completed", "conclusion": "success"})
    assert deploy.url is None and deploy.tries == 3 and deploy.role is None and deploy.ratio == 1
    assert (queued.status, queued.conclusion) == (module.UpdateStatus.QUEUED, None)
    assert (done.status, done.conclusion) == (module.UpdateStatus.COMPLETED, "success")


@contextlib.contextmanager
def checked_module(models: str, folder: Path, name: str) -> Iterator[Any]:
    """The models, passed by `mypy --strict`, imported as module `name` for the block."""
    folder.mkdir()
    (folder / "models.py").write_text(models, encoding="utf-8")
    checked = mypy_strict(folder)
    assert checked.returncode == 0, checked.stdout
    spec = importlib.util.spec_from_file_location(name, folder / "models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the annotations through it
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


EXPANDABLE = """
openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    charge:
      type: object
      properties: {id: {type: string}}
    dispute:
      type: object
      properties:
        charge:
          anyOf:
            - {type: string, maxLength: 5000}
            - {$ref: '#/components/schemas/charge'}
        refund:
          anyOf:
            - {type: [string, "null"], maxLength: 5000}
            - {$ref: '#/components/schemas/charge'}
    coupon:
      type: object
      properties:
        products: {type: array, items: {type: string, maxLength: 5000}}
        labels: {type: object, additionalProperties: {type: string, maxLength: 50}}
        code: {type: string, maxLength: 12}
    label:
      type: object
      properties: {id: {type: string}}
    product:
      type: object
      properties: {id: {type: string}}
"""


def test_a_bounded_inline_primitive_does_not_take_a_components_class_name(tmp_path: Path) -> None:
    """Stripe's expandable fields (`charge: anyOf: [{type: string, maxLength: 5000}, {$ref: charge}]`) and its
    coupon's `products: items: {type: string, maxLength: 5000}`: the backend made the bounded string an alias
    named after the field (`Charge`, `Product`) and renamed the component's class (`ChargeModel`,
    `ProductModel`), which the client still called `Charge`, `Product`: every reply of one failed validation.
    A property's own bounds stay checked."""
    service, _ = build_service(parse_text(EXPANDABLE, "expandable.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    for name in ("Charge", "Product", "Label"):
        assert f"class {name}(BaseModel):" in models and f"{name}Model" not in models
    assert "    charge: str | Charge | None = None\n" in models
    assert "    products: list[str] | None = None\n" in models
    assert "    labels: dict[str, str] | None = None\n" in models
    assert "    code: Annotated[str | None, Field(max_length=12)] = None\n" in models
    with checked_module(models, tmp_path / "check", "expandable_models") as module:
        dispute = module.Dispute.model_validate({"charge": {"id": "ch_1"}, "refund": "re_1"})
        coupon = module.Coupon.model_validate({"products": ["p" * 6000], "labels": {"a": "b"}})
        with pytest.raises(pydantic.ValidationError, match="at most 12 characters"):
            module.Coupon.model_validate({"code": "c" * 13})
    assert isinstance(dispute.charge, module.Charge) and dispute.refund == "re_1"
    assert coupon.products == ["p" * 6000]


REFERENCED_PART = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Disk:
      type: object
      properties:
        image: {type: string, example: linode/debian9}
    Image:
      type: object
      properties: {id: {type: string}}
    Rebuild:
      type: object
      properties:
        image: {$ref: '#/components/schemas/Disk/properties/image'}
        from: {$ref: '#/components/schemas/Image'}
"""


def test_a_part_of_a_component_another_refers_to_is_a_component_of_its_own(tmp_path: Path) -> None:
    """Linode's `#/components/schemas/DiskRequest/properties/image`: the backend named the part from its field
    (`Image = str`) and renamed the component `Image` to `ImageModel`, which the client still called `Image`."""
    service, _ = build_service(parse_text(REFERENCED_PART, "parts.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    assert "class Image(BaseModel):" in models and "ImageModel" not in models
    assert "    image: DiskImage | None = None\n" in models and "    from_: Annotated[Image | None" in models
    with checked_module(models, tmp_path / "check", "parts_models") as module:
        rebuild = module.Rebuild.model_validate({"image": "linode/debian9", "from": {"id": "i"}})
    assert rebuild.image == "linode/debian9" and isinstance(rebuild.from_, module.Image)


REFERENCED_REF = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Region:
      type: object
      properties: {id: {type: string}}
    DatabaseRegion: {type: string, example: us-east}
    Database:
      type: object
      properties:
        region: {$ref: '#/components/schemas/DatabaseRegion', x-linode-cli-display: 3}
    DatabaseRequest:
      type: object
      required: [region]
      properties:
        region: {$ref: '#/components/schemas/Database/properties/region'}
"""


def test_a_ref_to_a_part_that_is_a_ref_is_one_to_its_target(tmp_path: Path) -> None:
    """Linode's `DatabaseMongoDBRequest.region`: a `$ref` to `DatabaseMongoDB/properties/region`, itself a `$ref`
    beside an extension. The backend named it from its field (`Region = DatabaseRegion`) and renamed the
    component `Region` to `Region1`, which the client still called `Region`: every reply of a region failed."""
    service, _ = build_service(parse_text(REFERENCED_REF, "refs.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    assert "class Region(BaseModel):" in models and "Region1" not in models
    assert "    region: DatabaseRegion\n" in models
    with checked_module(models, tmp_path / "check", "refs_models") as module:
        assert module.Region.model_validate({"id": "us-east"}).id == "us-east"
        assert module.DatabaseRequest.model_validate({"region": "us-east"}).region == "us-east"


ARRAY_KEYWORDS_BESIDE_A_UNION = """
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Profile:
      type: object
      properties:
        fields:
          items: {type: object}
          nullable: true
          oneOf:
            - {type: object}
            - {type: array, items: {}}
"""


def test_array_keywords_beside_a_union_apply_to_its_array_members(tmp_path: Path) -> None:
    """Slack's `objs_user_profile.fields`: `items` beside a `oneOf` of an object and an array, no `type`. The backend
    read `items` as an array and dropped the union: every reply whose `fields` was an object failed."""
    doc = normalize(parse_text(ARRAY_KEYWORDS_BESIDE_A_UNION, "slack.yaml"))
    service, _ = build_service(doc)
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    with checked_module(models, tmp_path / "check", "union_models") as module:
        assert module.Profile.model_validate({"fields": {"a": 1}}).fields == {"a": 1}
        assert module.Profile.model_validate({"fields": [{"b": 2}]}).fields == [{"b": 2}]
        assert module.Profile.model_validate({"fields": None}).fields is None


BESIDE_A_REF = """
openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    CurrencyCode: {type: string, enum: [AED, USD]}
    Money: {type: object, properties: {amount: {type: number}}}
    Currency:
      type: object
      properties:
        Code: {$ref: '#/components/schemas/CurrencyCode', type: string}
        Spent: {$ref: '#/components/schemas/Money', type: object, nullable: true}
        Kind: {$ref: '#/components/schemas/CurrencyCode', format: iso4217}
        Usual: {$ref: '#/components/schemas/CurrencyCode', default: Dirham}
        Home: {$ref: '#/components/schemas/CurrencyCode', default: USD}
        Usually: {allOf: [{$ref: '#/components/schemas/Money'}], default: {amount: 0}}
        Often: {$ref: '#/components/schemas/Money', default: {amount: 1}}
        Runtimes: {type: object, additionalProperties: {$ref: '#/components/schemas/Money'}, default: {runc: {amount: 2}}}
        Stops: {type: array, items: {$ref: '#/components/schemas/Money'}, default: [{amount: 3}]}
        Names: {type: array, items: {type: string}, default: [a]}
"""


def test_a_type_or_format_beside_a_ref_that_says_what_its_target_says_is_no_type_of_its_own(tmp_path: Path) -> None:
    """Xero's `Code: {$ref: CurrencyCode, type: string}`: the backend made the property a copy of the enum named
    after the field (`class Code(StrEnum)`), a type apart from `CurrencyCode`, which the client's parameters take;
    with a `null` beside it, a copy of the class. An unknown format beside a `$ref` stopped the backend."""
    service, _ = build_service(normalize(parse_text(BESIDE_A_REF, "xero.yaml")))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    assert "class Code" not in models and "class Spent" not in models and "class Kind" not in models
    # Visma's `{$ref: KeywordCategory, default: Case}`: a member's name, not its value: said, not the default
    assert '"""\n    (default: "Dirham")\n    """' in models and "= CurrencyCode.USD" in models
    with checked_module(models, tmp_path / "check", "beside_models") as module:
        currency = module.Currency.model_validate({"Code": "USD", "Spent": None, "Kind": "AED"})
        spent = module.Currency.model_validate({"Spent": {"amount": 2}}).spent
    assert (currency.code, currency.kind) == (module.CurrencyCode.USD, module.CurrencyCode.AED)
    assert currency.spent is None and isinstance(spent, module.Money)
    assert (currency.usual, currency.home) == (None, module.CurrencyCode.USD)
    # OpenAQ's (FastAPI's) `meta: {allOf: [{$ref: Meta}], default: {found: 0, ...}}`: a dict where the field is the
    # class; said, not the default (mypy refused the dict)
    assert (
        '"""\n    (default: {"amount": 0})\n    """' in models
        and '"""\n    (default: {"amount": 1})\n    """' in models
    )
    assert (currency.usually, currency.often) == (None, None)
    # Docker's `Runtimes: {additionalProperties: {$ref: Runtime}, default: {runc: {...}}}`, Linqr's stops: objects
    # where the values or items are classes, said likewise; a list of strings stays the default
    assert '(default: {"runc": {"amount": 2}})' in models and '(default: [{"amount": 3}])' in models
    assert (currency.runtimes, currency.stops, currency.names) == (None, None, ["a"])


def test_an_unknown_format_beside_a_ref_is_said_with_its_targets_type(tmp_path: Path) -> None:
    """`Kind: {$ref: CurrencyCode, format: iso4217}` is the enum, its format dropped: the lint says so, naming the
    target's type; a format that repeats the target's says nothing."""
    path = tmp_path / "xero.yaml"
    path.write_text(
        BESIDE_A_REF.replace("    Currency:\n", "    When: {type: string, format: date-time}\n    Currency:\n").replace(
            "Kind: {", "At: {$ref: '#/components/schemas/When', format: date-time}\n        Kind: {"
        ),
        encoding="utf-8",
    )
    _, found = validate_document(load_spec(path), Lint(default="off", levels={"unknown-format": "warning"}))
    assert [(d.pointer, d.message) for d in found] == [
        (
            "/components/schemas/Currency/properties/Kind/format",
            "format 'iso4217' is not known for type 'string'; beside a $ref to a string, it is ignored: the field "
            "is the $ref's type (lint rule unknown-format)",
        )
    ]

"""An allOf member's property that no model class can hold beside the inherited one is found (and left out of the
models, said): Asana's, Box's, Linode's and SendGrid's overrides made classes `mypy --strict` refused."""

from __future__ import annotations

from pathlib import Path

from generator.codegen.ir_builder import build_service
from generator.codegen.render_models import render_models
from generator.openapi.allof_conflicts import allof_conflicts, allof_flattened
from generator.openapi.load import read_yaml
from tests.codegen.test_formats import checked_module
from tests.conftest import TEMPLATES

DOC = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Resource:
      type: object
      properties:
        gid: {type: string}
        reasons: {type: array, items: {type: object, properties: {code: {type: string}}}}
    Task:
      allOf:
        - {$ref: '#/components/schemas/Resource'}
        - type: object
          properties:
            subtype: {type: string, enum: [default_task, milestone]}
            rules: {type: object, properties: {inbound: {type: string}}}
            name: {type: string}
            reasons: {type: array, items: {type: object, description: again, properties: {code: {type: string}}}}
    Parent:
      allOf:
        - {$ref: '#/components/schemas/Task'}
        - properties:
            subtype: {type: [string, "null"]}
            name: {type: string, description: the parent's name}
    Milestone:
      allOf:
        - {$ref: '#/components/schemas/Task'}
      properties:
        subtype: {type: string, enum: [milestone]}
        rules: {type: object, properties: {outbound: {type: string}}}
        gid: {type: string, description: its id}
"""


def test_overrides_no_class_can_hold_are_found_wherever_they_are_written() -> None:
    found = dict(allof_conflicts(read_yaml(DOC)))
    task, resource = "#/components/schemas/Task", "#/components/schemas/Resource"
    assert (
        found
        == {
            # Zuora's `reasons`, its inline item written again: a list of one class is no list of another
            "/components/schemas/Task/allOf/1/properties/reasons": f"property 'reasons' is an array whose items are an "
            f"inline object here, a class the one in {resource} is not (allOf); the model of Task keeps the inherited type",  # beside the allOf (Linode's request bodies); an enum or object class of its own (Asana's)
            "/components/schemas/Milestone/properties/subtype": f"property 'subtype' is an inline enum here, a class "
            f"the one in {task} is not (allOf); the model of Milestone keeps the inherited type",
            "/components/schemas/Milestone/properties/rules": f"property 'rules' is an inline object here, a class the "
            f"one in {task} is not (allOf); the model of Milestone keeps the inherited type",
            # inherited from an inline member of Task's allOf
            "/components/schemas/Parent/allOf/1/properties/subtype": f"property 'subtype' is type ['string', 'null'] "
            f"here but type 'string' in {task}: no value can be both (allOf); the model of Parent keeps the inherited type",
        }
    )


def test_the_models_keep_the_inherited_types_and_pass_mypy(tmp_path: Path) -> None:
    from generator.openapi.load import parse_text

    service, _ = build_service(parse_text(DOC, "overrides.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    with checked_module(models, tmp_path / "check", "override_models") as module:
        milestone = module.Milestone.model_validate(
            {"gid": "1", "subtype": "milestone", "rules": {"inbound": "x"}, "reasons": [{"code": "c"}]}
        )
    assert milestone.subtype.value == "milestone" and milestone.rules.inbound == "x"
    assert milestone.reasons[0].code == "c"


MERGED = """
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Assignable:
      type: object
      properties: {slaId: {type: string, description: as configured}, name: {type: string}}
      required: [slaId, name]
    Holder: {type: object, properties: {holder: {type: string}}}
    Summary:
      allOf:
        - {$ref: '#/components/schemas/Assignable'}
        - {$ref: '#/components/schemas/Holder'}
        - {type: object, properties: {cluster: {type: string}}, required: [cluster]}
    Update: {type: object, properties: {slaId: {type: string, description: to configure}, paused: {type: boolean}}}
    HostDetail:
      description: A host.
      allOf:
        - {$ref: '#/components/schemas/Update'}
        - {$ref: '#/components/schemas/Summary'}
        - {type: object, properties: {moid: {type: string}}}
    VmDetail:
      allOf:
        - {$ref: '#/components/schemas/Update'}
        - {$ref: '#/components/schemas/Summary'}
        - {type: object, properties: {paused: {type: boolean, description: now}}}
    Pair:
      allOf: [{$ref: '#/components/schemas/Holder'}, {$ref: '#/components/schemas/Update'}]
"""


def test_an_allof_whose_members_declare_a_property_differently_is_merged_whole() -> None:
    """Rubrik's `VmwareHostDetail` (`slaId` optional in Update, required in Summary's Assignable: two Python types)
    and `VirtualMachineDetail` (the backend merged it, `paused` written twice, and lost every field of Summary's
    own allOf); Pair's members agree and keep their classes."""
    merged = allof_flattened(read_yaml(MERGED))
    assert sorted(merged) == ["HostDetail", "VmDetail"]
    host = merged["HostDetail"]
    assert host["description"] == "A host." and host["type"] == "object" and "allOf" not in host
    assert list(host["properties"]) == ["slaId", "paused", "name", "holder", "cluster", "moid"]
    assert host["properties"]["slaId"]["description"] == "to configure"  # the first member's declaration
    assert host["required"] == ["slaId", "name", "cluster"]  # any member's
    assert merged["VmDetail"]["properties"]["paused"]["description"] == "now"  # its own over a member's


def test_merged_models_hold_every_members_field_and_pass_mypy(tmp_path: Path) -> None:
    from generator.openapi.load import parse_text

    service, _ = build_service(parse_text(MERGED, "merged.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    assert "class Pair(Holder, Update):" in models
    with checked_module(models, tmp_path / "check", "merged_models") as module:
        fields = {name: set(module.__dict__[name].model_fields) for name in ("HostDetail", "VmDetail")}
        host = module.HostDetail.model_validate({"slaId": "s", "name": "n", "cluster": "c", "holder": "h"})
    assert fields["HostDetail"] == {"sla_id", "name", "holder", "cluster", "paused", "moid"}
    assert fields["VmDetail"] == {"sla_id", "name", "holder", "cluster", "paused"}
    assert (host.sla_id, host.holder, host.cluster) == ("s", "h", "c")


TAGGED = """
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Offer:
      type: object
      properties: {Type: {type: string}, offerId: {type: string}}
      required: [Type, offerId]
    Percent:
      allOf: [{$ref: '#/components/schemas/Offer'}, {type: object, properties: {amount: {type: number}}}]
    Offers:
      type: object
      properties:
        offers:
          type: array
          items:
            oneOf: [{$ref: '#/components/schemas/Offer'}, {$ref: '#/components/schemas/Percent'}]
            discriminator: {propertyName: Type, mapping: {Percent: '#/components/schemas/Percent'}}
    OfferType: {type: string, enum: [Bogof, FreeItem]}
    ConsumerOffer:
      type: object
      properties: {offerType: {$ref: '#/components/schemas/OfferType'}, offerId: {type: string}}
      required: [offerType]
    Bogof:
      allOf: [{$ref: '#/components/schemas/ConsumerOffer'}, {type: object, properties: {buy: {type: integer}}}]
    FreeItem:
      allOf: [{$ref: '#/components/schemas/ConsumerOffer'}, {type: object, properties: {item: {type: string}}}]
    ConsumerOffers:
      type: object
      properties:
        offers:
          type: array
          items:
            oneOf: [{$ref: '#/components/schemas/Bogof'}, {$ref: '#/components/schemas/FreeItem'}]
            discriminator:
              propertyName: offerType
              mapping: {Bogof: '#/components/schemas/Bogof', FreeItem: '#/components/schemas/FreeItem'}
    Pet: {type: object, properties: {petType: {type: string}}, required: [petType]}
    Cat: {allOf: [{$ref: '#/components/schemas/Pet'}, {type: object, properties: {purrs: {type: boolean}}}]}
    Pets:
      type: object
      properties:
        pets: {type: array, items: {oneOf: [{$ref: '#/components/schemas/Cat'}], discriminator: {propertyName: petType}}}
"""


def test_union_members_whose_tag_would_narrow_a_base_are_classes_of_their_own(tmp_path: Path) -> None:
    """Just Eat: `Percent` (an allOf of `Offer`, both members of one union) and `Bogof`/`FreeItem` (their base
    declares the tag as an enum) became subclasses whose `Literal` tag `mypy --strict` refused; each is now one
    class of every field. Cat's base types the tag as a plain string, which a Literal narrows: it keeps its base."""
    from generator.openapi.load import parse_text

    assert sorted(allof_flattened(read_yaml(TAGGED))) == ["Bogof", "FreeItem", "Percent"]
    service, _ = build_service(parse_text(TAGGED, "tagged.yaml"))
    models = render_models(service, TEMPLATES / "models", tmp_path / "work")
    assert "class Cat(Pet):" in models and "class Percent(BaseModel):" in models
    with checked_module(models, tmp_path / "check", "tagged_models") as module:
        offers = module.Offers.model_validate({"offers": [{"Type": "Percent", "offerId": "1", "amount": 5}]})
        consumer = module.ConsumerOffers.model_validate({"offers": [{"offerType": "Bogof", "buy": 2}]})
    percent, bogof = offers.offers[0], consumer.offers[0]
    assert (type(percent).__name__, percent.offer_id, percent.amount) == ("Percent", "1", 5)
    assert (type(bogof).__name__, bogof.buy) == ("Bogof", 2)

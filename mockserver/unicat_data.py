"""Seeded Unicat data: a tree of records and a schema of definitions, classes and fields."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from typing import Any

from .ids import rng_uuid
from .specs import Service

LANGUAGES = ("nl", "en")
ROOT = "0f3e9b6d-1a2c-4d5e-8f70-9a1b2c3d4e5f"
CARAVANS = "5d1c7a2e-8b34-4f6a-9c0d-2e7b1f3a4c58"
FEATURED = "8e2f4a6c-0b1d-4e3f-9a5b-7c8d9e0f1a2b"
SERIES_DEFINITION = "b7c8d9e0-1f2a-4b3c-8d4e-5f6a7b8c9d0e"
NAME_FIELD = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
BRANDS = ["Caravell", "Kampa", "Dometic", "Outwell", "Isabella", "Thule", "Fiamma", "Truma"]
CATEGORIES = [
    ("Tenten", "Tents"),
    ("Kampeermeubels", "Camping furniture"),
    ("Keuken", "Kitchen"),
    ("Elektronica", "Electronics"),
    ("Voortenten", "Awnings"),
]
SERIES = ["CMS", "Aero", "Nordic", "Breeze", "Atlas", "Vento", "Polar", "Summit", "Delta", "Orbit"]
PROPERTIES = [
    ("Inhoud", "Capacity", "l"),
    ("Gewicht", "Weight", "kg"),
    ("Breedte", "Width", "cm"),
    ("Vermogen", "Power", "W"),
]
DESCRIPTIONS = [
    ("Stevig en licht, gemaakt voor elk seizoen.", "Sturdy and light, made for every season."),
    ("Compact op te bergen en snel opgezet.", "Packs small and sets up quickly."),
    ("Zuinig in gebruik, stil in bedrijf.", "Economical to use, quiet in operation."),
]
SPEC_UNITS = ["mm", "kg", "l", "W", "cm"]


@dataclass
class UnicatData:
    """Everything the Unicat mock serves: records by gid (tree order) and schema items by kind and gid."""

    project_gid: str
    languages: tuple[str, ...]
    records: dict[str, dict[str, Any]]
    definitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    def children(self, gid: str) -> list[dict[str, Any]]:
        """The children of a record, in the `__all__` ordering."""
        found = [r for r in self.records.values() if r["parent"] == gid]
        return sorted(found, key=lambda r: (r["orderings"].get("__all__", 0), r["gid"]))

    def schema_item(self, gid: str) -> tuple[str, dict[str, Any]] | None:
        """The kind (`definition`, `class`, `field`) and object of a schema gid, or None."""
        for kind, items in (("definition", self.definitions), ("class", self.classes), ("field", self.fields)):
            if gid in items:
                return kind, items[gid]
        return None


def _label(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


class _Generator:
    def __init__(self, service: Service, seed: int, project_gid: str) -> None:
        self.rng = random.Random(seed + 7919)  # noqa: S311 - test data, not cryptography
        self.docs = service.example_values
        self.data = UnicatData(project_gid=project_gid, languages=LANGUAGES, records={})
        self.moment = 1609459200.0

    def uuid(self) -> str:
        return rng_uuid(self.rng)

    # -------------------------------------------------------------------- schema

    def field(self, name: str, nl: str, en: str, kind: str, gid: str | None = None, **extra: Any) -> str:
        gid = gid or self.uuid()
        self.data.fields[gid] = {
            "gid": gid,
            "original": None,
            "name": name,
            "label": _label(nl, en),
            "type": kind,
            "options": extra.pop("options", {}),
            "is_localized": extra.pop("is_localized", kind == "text"),
            "is_required": extra.pop("is_required", False),
            "initial": {"nl": "", "en": ""} if kind == "text" else {},
            "unit": extra.pop("unit", None),
            "metadata": {},
            "is_new": False,
            "is_working_copy": False,
        }
        return gid

    def klass(self, name: str, nl: str, en: str, fields: list[str]) -> str:
        gid = self.uuid()
        self.data.classes[gid] = {
            "gid": gid,
            "original": None,
            "name": name,
            "label": _label(nl, en),
            "fields": fields,
            "layout": self.uuid(),
            "metadata": {},
            "is_new": False,
            "is_working_copy": False,
        }
        return gid

    def definition(
        self, gid: str, name: str, nl: str, en: str, classes: list[str], fields: list[str], children: list[str]
    ) -> None:
        self.data.definitions[gid] = {
            "gid": gid,
            "original": None,
            "name": name,
            "label": _label(nl, en),
            "classes": classes,
            "fields": fields,
            "titlefield": NAME_FIELD,
            "fieldlists": {},
            "layout": self.uuid(),
            "childdefinitions": children,
            "is_base": name == "catalog_root",
            "is_new": False,
            "is_working_copy": False,
            "is_extended": False,
            "metadata": {},
        }

    def schema(self, total: int) -> dict[str, str]:
        docs = self.docs["getSchemaBulk/200/docs"]["data"]
        for kind, target in (
            ("definitions", self.data.definitions),
            ("classes", self.data.classes),
            ("fields", self.data.fields),
        ):
            target.update(copy.deepcopy(docs[kind]))
        article, product_line = "33ef3a7d-66c5-4b2f-b5c1-1913a0497040", "96ec02b2-fb8d-4fb4-b952-fad0c4b88a74"
        self.field("name", "Naam", "Name", "text", gid=NAME_FIELD, is_required=True)
        prop_name = self.field("property_name", "Eigenschap", "Property", "text")
        prop_value = self.field("property_value", "Waarde", "Value", "text")
        prop_class = self.klass("property", "Eigenschap", "Property", [prop_name, prop_value])
        gids = {
            "brand": self.field(
                "brand", "Merk", "Brand", "text", is_localized=False, options={"values": [b.lower() for b in BRANDS]}
            ),
            "images": self.field("images", "Afbeeldingen", "Images", "image", options={"multiple": True}),
            "properties": self.field(
                "properties", "Eigenschappen", "Properties", "classlist", options={"class": prop_class}
            ),
            "price": self.field("price", "Prijs", "Price", "number", unit="EUR"),
            "ean": self.field("ean", "EAN", "EAN", "barcode"),
            "datasheet": self.field("datasheet", "Datasheet", "Datasheet", "file"),
            "related": self.field("related", "Gerelateerd", "Related", "record", options={"multiple": True}),
        }
        pricing = self.klass("pricing", "Prijzen", "Pricing", [gids["price"], gids["ean"]])
        media = self.klass("media", "Media", "Media", [gids["images"], gids["datasheet"]])
        spec_fields: list[str] = []
        while (
            len(self.data.definitions) + len(self.data.classes) + len(self.data.fields) + len(spec_fields) + 4 < total
        ):
            number = len(spec_fields) + 1
            gid = self.field(
                f"spec_{number:02d}",
                f"Specificatie {number}",
                f"Specification {number}",
                "number",
                unit=self.rng.choice(SPEC_UNITS),
                is_localized=False,
            )
            if number % 7 == 0 and spec_fields:
                self.data.fields[gid].update(original=spec_fields[-1], is_working_copy=True)
            if number % 9 == 0:
                self.data.fields[gid]["is_new"] = True
            spec_fields.append(gid)
        specifications = self.klass("specifications", "Specificaties", "Specifications", spec_fields)
        self.data.definitions[article]["classes"] = [
            *self.data.definitions[article]["classes"],
            pricing,
            media,
            specifications,
        ]
        self.data.definitions[article]["fields"] = [
            *self.data.definitions[article]["fields"],
            gids["brand"],
            gids["properties"],
            gids["related"],
        ]
        # Series records are of product_line too, and carry a brand: a record's fields are its definition's.
        self.data.definitions[product_line]["fields"] = [*self.data.definitions[product_line]["fields"], gids["brand"]]
        category, root = self.uuid(), self.uuid()
        self.definition(SERIES_DEFINITION, "series", "Serie", "Series", [], [NAME_FIELD, gids["brand"]], [article])
        self.definition(
            category,
            "category",
            "Categorie",
            "Category",
            [],
            [NAME_FIELD, "4c7c3261-bba4-489b-b3b6-e80278324743"],
            [category, SERIES_DEFINITION, product_line],
        )
        self.definition(root, "catalog_root", "Catalogus", "Catalog", [], [NAME_FIELD], [category])
        return {"article": article, "category": category, "root": root, "series": SERIES_DEFINITION, **gids}

    # ------------------------------------------------------------------- records

    def record(
        self,
        gid: str,
        parent: dict[str, Any] | None,
        definition: str,
        title: tuple[str, str],
        fields: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        rng = self.rng
        self.moment += rng.uniform(30, 4000)
        channels = ["__all__", *[c for c in ("webshop", "print") if rng.random() < 0.5]]
        status = "published" if rng.random() < 0.85 else rng.choice(["draft", "draft", "deleted"])
        record = {
            "gid": gid,
            "parent": parent["gid"] if parent else None,
            "canonical": gid,
            "backlinks": [],
            "treelevel": parent["treelevel"] + 1 if parent else 0,
            "path": [gid, *(parent["path"] if parent else [])],
            "childcount": 0,
            "definition": definition,
            "title": _label(*title),
            "status": status,
            "channels": channels,
            "orderings": {},
            "is_link": False,
            "fields": fields,
            "created_on": round(self.moment, 2),
            "updated_on": round(self.moment + rng.uniform(0, 9_000_000), 5),
        }
        self.data.records[gid] = record
        return record

    def localized(self, name: tuple[str, str], **values: Any) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for index, language in enumerate(LANGUAGES):
            found[language] = {"name": name[index]}
            for key, value in values.items():
                found[language][key] = value[index] if isinstance(value, tuple) else value
        if self.rng.random() < 0.1:
            found["en"]["name"] = ""
        return found

    def tree(self, total: int, gids: dict[str, str]) -> None:
        rng = self.rng
        docs = copy.deepcopy(self.docs["getRecordsBulk/200/docs"]["data"]["records"])
        root = self.record(ROOT, None, gids["root"], ("Catalogus", "Catalog"), self.localized(("Catalogus", "Catalog")))
        caravans = self.record(
            CARAVANS, root, gids["category"], ("Caravans", "Caravans"), self.localized(("Caravans", "Caravans"))
        )
        featured = self.record(
            FEATURED, root, gids["category"], ("Uitgelicht", "Featured"), self.localized(("Uitgelicht", "Featured"))
        )
        categories = [caravans] + [
            self.record(
                self.uuid(), root, gids["category"], names, self.localized(names, description=rng.choice(DESCRIPTIONS))
            )
            for names in CATEGORIES
        ]
        self.data.records.update(docs)
        links_wanted = max(1, total // 30)
        series_wanted = max(1, total // 10)
        series_list = []
        for index in range(series_wanted):
            brand = rng.choice(BRANDS)
            name = f"{rng.choice(SERIES)} {index + 1}"
            fields = self.localized((name, name), brand=brand, **{"brand/key": brand.lower()})
            definition = gids["series"] if rng.random() < 0.7 else "96ec02b2-fb8d-4fb4-b952-fad0c4b88a74"
            series_list.append(self.record(self.uuid(), rng.choice(categories), definition, (name, name), fields))
        articles = []
        while len(self.data.records) + links_wanted < total:
            series = rng.choice(series_list)
            brand = series["fields"]["nl"].get("brand", rng.choice(BRANDS))
            name = f"{series['title']['en']}{rng.randint(10, 99)}"
            prop_nl, prop_en, unit = rng.choice(PROPERTIES)
            amount = f"{rng.randint(1, 500)} {unit}"
            fields = self.localized(
                (name, name),
                description=rng.choice(DESCRIPTIONS),
                brand=brand,
                images=[self.uuid() for _ in range(rng.randint(0, 3))],
                price=round(rng.uniform(5, 2500), 2),
                ean=f"87{rng.randrange(10**10, 10**11)}",
                **{"brand/key": brand.lower()},
            )
            fields["nl"]["properties"] = [{"name": prop_nl, "value": amount}]
            fields["en"]["properties"] = [{"name": prop_en, "value": amount}]
            articles.append(self.record(self.uuid(), series, gids["article"], (name, name), fields))
        for target in rng.sample(articles, min(links_wanted, len(articles))):
            link = self.record(
                self.uuid(),
                featured,
                target["definition"],
                (target["title"]["nl"], target["title"]["en"]),
                copy.deepcopy(target["fields"]),
            )
            link.update(canonical=target["gid"], is_link=True)
            target["backlinks"].append(link["gid"])
        self.finish(docs)

    def finish(self, docs: dict[str, dict[str, Any]]) -> None:
        """Child counts and orderings of the generated records; the docs' records keep their own."""
        by_parent: dict[str | None, list[dict[str, Any]]] = {}
        for record in self.data.records.values():
            by_parent.setdefault(record["parent"], []).append(record)
        for parent_gid, children in by_parent.items():
            if parent_gid in self.data.records and parent_gid not in docs:
                self.data.records[parent_gid]["childcount"] = len(children)
            taken = {c["orderings"]["__all__"] for c in children if c["gid"] in docs}
            free = (n for n in range(1, len(children) + len(taken) + 1) if n not in taken)
            for child in children:
                if child["gid"] not in docs:
                    child["orderings"]["__all__"] = next(free)
            alphabetical = sorted(children, key=lambda c: (c["title"]["en"], c["gid"]))
            for rank, child in enumerate(alphabetical, 1):
                if child["gid"] not in docs:
                    child["orderings"]["alphabetical"] = rank
            webshop = [c for c in alphabetical if "webshop" in c["channels"] and c["gid"] not in docs]
            for rank, child in enumerate(reversed(webshop), 1):
                child["orderings"]["webshop"] = rank
        ordered = sorted(self.data.records.values(), key=lambda r: [self._position(g) for g in reversed(r["path"])])
        self.data.records = {r["gid"]: r for r in ordered}

    def _position(self, gid: str) -> tuple[int, str]:
        record = self.data.records.get(gid)
        return (record["orderings"].get("__all__", 0), gid) if record else (0, gid)


def generate_unicat(service: Service, *, seed: int, records: int, schema_items: int, project_gid: str) -> UnicatData:
    """Generate about `records` records (a tree, the docs' records included) and `schema_items` schema items."""
    generator = _Generator(service, seed, project_gid)
    gids = generator.schema(schema_items)
    generator.tree(records, gids)
    return generator.data

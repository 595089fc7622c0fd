"""Inline JSON body schemas become named components, so that they get model classes like the rest.

An object or union written inline as a request body or a success response is moved to
`components/schemas/<OperationId>Request` / `<OperationId>Response` (array items and map values
get `Item` / `Value` appended); the operation refers to it. Locations follow the schema, so a
diagnostic about it still points at the line the user wrote.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from ..openapi.diagnostics import Diagnostic, GenerationError
from ..openapi.load import SpecDocument
from ..openapi.naming import method_name, pascal_case
from ..openapi.pointer import join_pointer
from ..openapi.walk import iter_operations

UNIONS = ("oneOf", "anyOf", "allOf")


def is_json_media(media: str) -> bool:
    """`application/json` and `application/<anything>+json` (parameters ignored)."""
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or (base.startswith("application/") and base.endswith("+json"))


class _Hoister:
    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.data = copy.deepcopy(doc.data)
        self.locations = dict(doc.locations)
        self.schemas: dict[str, Any] = self.data.setdefault("components", {}).setdefault("schemas", {})
        self.problems: list[Diagnostic] = []

    def hoist(self, holder: dict[str, Any], key: str, name: str, pointer: str) -> None:
        schema = holder.get(key)
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        if "properties" in schema or any(k in schema for k in UNIONS):
            if name in self.schemas:
                message = f"the inline schema would be named {name!r}, a component of that name exists; use a $ref"
                self.problems.append(self.doc.diagnostic(pointer, message))
                return
            self.schemas[name] = schema
            holder[key] = {"$ref": f"#/components/schemas/{name}"}
            self._relocate(pointer, join_pointer("components", "schemas", name))
        elif isinstance(schema.get("items"), dict):
            self.hoist(schema, "items", name + "Item", pointer + "/items")
        elif isinstance(schema.get("additionalProperties"), dict):
            self.hoist(schema, "additionalProperties", name + "Value", pointer + "/additionalProperties")

    def _relocate(self, old: str, new: str) -> None:
        for pointer, place in list(self.doc.locations.items()):
            if pointer == old or pointer.startswith(old + "/"):
                self.locations[new + pointer[len(old) :]] = place

    def content(self, holder: Any, name: str, pointer: str) -> None:
        if not isinstance(holder, dict) or "$ref" in holder:
            return
        for media, entry in (holder.get("content") or {}).items():
            if is_json_media(media) and isinstance(entry, dict):
                self.hoist(
                    entry, "schema", name, f"{pointer}/content/{media.replace('~', '~0').replace('/', '~1')}/schema"
                )

    def run(self) -> SpecDocument:
        for pointer, path, method, operation in iter_operations(self.data):
            base = pascal_case(str(operation.get("operationId") or method_name(path, method, operation)))
            self.content(operation.get("requestBody"), base + "Request", pointer + "/requestBody")
            successes = [c for c in (operation.get("responses") or {}) if str(c).startswith("2")]
            for code in successes:
                suffix = "" if len(successes) == 1 else str(code)
                response = operation["responses"][code]
                ref = response.get("$ref") if isinstance(response, dict) else None
                if isinstance(ref, str) and ref.startswith("#/components/responses/"):
                    name = ref.rsplit("/", 1)[1]  # a shared success response: named after itself
                    shared = self.data["components"]["responses"].get(name)
                    self.content(shared, pascal_case(name) + "Response", join_pointer("components", "responses", name))
                else:
                    self.content(response, f"{base}Response{suffix}", f"{pointer}/responses/{code}")
        if self.problems:
            raise GenerationError(self.problems)
        return dataclasses.replace(self.doc, data=self.data, locations=self.locations)


def name_inline_schemas(doc: SpecDocument) -> SpecDocument:
    """A copy of `doc` whose inline body and response objects are named components."""
    return _Hoister(doc).run()

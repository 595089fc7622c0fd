"""Inline schemas that become classes are named components, named once from their place.

An object or union written inline as a request body or a success response (for an event stream:
the data of each event) is moved to
`components/schemas/<OperationId>Request` / `<OperationId>Response` (array items and map values
get `Item` / `Value` appended); an object written inline as a parameter's schema (or its JSON
`content`'s) to `<OperationId><Name>` (inline enums of parameters stay: they are `Literal`s). Then every inline schema of a component that the models backend
would make a class of (an enum, an object with properties, an `allOf` of several parts, a
`const` or an array among a union's members) is moved to `<Owner><Property>` (`Item`, `Value` as above; a
union's members `Option1`, `Option2`, ... unless only one of them is hoisted, which takes the
union's name). The IR types fields and arguments with these classes, and the backend is given
the names, so the two agree (no `User5` chosen by the backend). A `oneOf` / `anyOf` whose members
only constrain the object around them (`required`, `not`) is left out: it has no type, the SDK does
not check it, and the server still does.

A name already taken by a component (the document's own components keep theirs) gets `2`, `3`,
... appended: the first free one. Locations follow the schema, so a diagnostic about it still
points at the line the user wrote.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
from typing import Any

from ..openapi.load import Place, SpecDocument
from ..openapi.media import is_json_media, media_essence
from ..openapi.naming import method_name, pascal_case
from ..openapi.pointer import escape_pointer_token, join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import iter_refs, ref_pointer
from ..openapi.walk import iter_operations

UNIONS = ("oneOf", "anyOf", "allOf")
# the keywords of a pointer into a schema, left out of a name made from it (`properties/image` -> `Image`)
SCHEMA_KEYS = frozenset({"properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "prefixItems"})
EVENT_STREAM = "text/event-stream"
EVENT_SCHEMA_KEYS = ("itemSchema", "x-event-schema", "schema")  # an event's data: OpenAPI 3.2's key, ours, 3.1's
SCHEMAS = "/components/schemas/"


def makes_class(schema: dict[str, Any], in_union: bool = False) -> bool:
    """Whether the models backend makes a class of this inline schema (so the IR names it)."""
    if "$ref" in schema:
        return False
    parts = schema.get("allOf")
    several = isinstance(parts, list) and (len(parts) > 1 or "properties" in schema)
    return bool(
        "enum" in schema
        or (isinstance(schema.get("properties"), dict) and schema["properties"])
        or several
        or (in_union and ("const" in schema or schema.get("type") == "array" or "items" in schema))
    )


CONSTRAINT_KEYS = frozenset({"required", "not", "description", "title", "minProperties", "maxProperties"})


def only_constraints(members: Any) -> bool:
    """Union members that only constrain the object around them (`anyOf: [{required: [a]}, {required: [b]}]`)."""
    return isinstance(members, list) and all(isinstance(m, dict) and set(m) <= CONSTRAINT_KEYS for m in members)


def part_name(text: Any) -> str:
    """A property name as a part of a class name (`created at` -> `CreatedAt`; nothing usable: `Field`)."""
    return pascal_case(str(text)) or "Field"


class _Hoister:
    def __init__(self, doc: SpecDocument) -> None:
        self.doc = doc
        self.data = copy.deepcopy(doc.data)
        components = self.data.setdefault("components", {})
        self.schemas: dict[str, Any] = components.setdefault("schemas", {}) or {}
        components["schemas"] = self.schemas
        self.origin: dict[str, str] = {}  # hoisted component (pointer token) -> the pointer it was written at
        self.moves: list[tuple[str, str]] = []  # (pointer in the working copy, new pointer), in the order moved
        self.pending: list[str] = list(self.schemas)

    def free_name(self, name: str) -> str:
        """`name`, or `name2`, `name3`, ...: the first that no component has."""
        found, count = name, 2
        while found in self.schemas:
            found, count = f"{name}{count}", count + 1
        return found

    def move(self, holder: Any, key: Any, name: str, pointer: str) -> None:
        """Move `holder[key]` to a new component named from `name`; it is then searched in turn."""
        found = self.free_name(name)
        self.schemas[found] = holder[key]
        holder[key] = {"$ref": "#" + join_pointer("components", "schemas", found)}
        self.origin[escape_pointer_token(found)] = self.original(pointer)
        self.moves.append((pointer, join_pointer("components", "schemas", found)))
        self.pending.append(found)

    def original(self, pointer: str) -> str:
        """Where a pointer of the working copy was written in the document."""
        if pointer.startswith(SCHEMAS):
            head, _, rest = pointer[len(SCHEMAS) :].partition("/")
            if head in self.origin:
                return self.origin[head] + ("/" + rest if rest else "")
        return pointer

    # ------------------------------------------------------------ bodies and responses

    def hoist(self, holder: dict[str, Any], key: str, name: str, pointer: str) -> None:
        schema = holder.get(key)
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        if "properties" in schema or any(k in schema for k in UNIONS):
            self.move(holder, key, name, pointer)
        elif isinstance(schema.get("items"), dict):
            self.hoist(schema, "items", name + "Item", pointer + "/items")
        elif isinstance(schema.get("additionalProperties"), dict):
            self.hoist(schema, "additionalProperties", name + "Value", pointer + "/additionalProperties")

    def content(self, holder: Any, name: str, pointer: str) -> None:
        if not isinstance(holder, dict) or "$ref" in holder:
            return
        for media, entry in (holder.get("content") or {}).items():
            at = f"{pointer}/content/{escape_pointer_token(media)}"
            if is_json_media(media) and isinstance(entry, dict):
                self.hoist(entry, "schema", name, at + "/schema")
            elif media_essence(media) == EVENT_STREAM and isinstance(entry, dict):
                key = next((k for k in EVENT_SCHEMA_KEYS if k in entry), "schema")
                self.hoist(entry, key, name, f"{at}/{escape_pointer_token(key)}")  # each event's data

    def bodies(self) -> None:
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
                    shared = (self.data["components"].get("responses") or {}).get(name)
                    self.content(shared, pascal_case(name) + "Response", join_pointer("components", "responses", name))
                else:
                    self.content(response, f"{base}Response{suffix}", f"{pointer}/responses/{code}")

    # ------------------------------------------------------------ parameters

    def parameter_schema(self, holder: dict[str, Any], key: str, name: str, pointer: str) -> None:
        """An object parameter's schema (or a union of objects) moved to a class; an array's items looked into.

        An inline enum stays where it is (the argument is a `Literal`), and so does a union of
        primitives (the argument is their union), so that a caller passes plain values.
        """
        schema = holder.get(key)
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        members = [m for k in ("oneOf", "anyOf") for m in schema.get(k) or [] if isinstance(m, dict)]
        if (makes_class(schema) and "enum" not in schema) or any(makes_class(m) and "enum" not in m for m in members):
            self.move(holder, key, name, pointer)
        elif isinstance(schema.get("items"), dict):
            self.parameter_schema(schema, "items", name + "Item", pointer + "/items")
        elif isinstance(schema.get("additionalProperties"), dict):
            self.parameter_schema(schema, "additionalProperties", name + "Value", pointer + "/additionalProperties")

    def parameter(self, param: Any, name: str, pointer: str) -> None:
        """A parameter's `schema`, and the schema of its JSON `content`, named `name`."""
        if not isinstance(param, dict) or "$ref" in param:
            return
        self.parameter_schema(param, "schema", name, pointer + "/schema")
        for media, entry in (param.get("content") or {}).items():
            if is_json_media(media) and isinstance(entry, dict):
                self.parameter_schema(entry, "schema", name, f"{pointer}/content/{escape_pointer_token(media)}/schema")

    def parameters(self) -> None:
        """Inline parameter schemas that become classes: `<OperationId><Name>` (a path item's parameter: its
        first operation's id; a component's: `<Component>Parameter`)."""
        first: dict[str, str] = {}
        for pointer, path, method, operation in iter_operations(self.data):
            base = pascal_case(str(operation.get("operationId") or method_name(path, method, operation)))
            first.setdefault(path, base)
            for index, param in enumerate(operation.get("parameters") or []):
                label = part_name(param.get("name")) if isinstance(param, dict) else ""
                self.parameter(param, base + label, f"{pointer}/parameters/{index}")
        for path, base in first.items():
            for index, param in enumerate(self.data["paths"][path].get("parameters") or []):
                label = part_name(param.get("name")) if isinstance(param, dict) else ""
                self.parameter(param, base + label, join_pointer("paths", path, "parameters", str(index)))
        for key, param in ((self.data.get("components") or {}).get("parameters") or {}).items():
            self.parameter(param, part_name(key) + "Parameter", join_pointer("components", "parameters", key))

    # ------------------------------------------------------------ inside components

    def nested(self, schema: Any, name: str, pointer: str) -> None:
        """Move the class-making schemas inside `schema` (named from `name`, its class) to components."""
        if not isinstance(schema, dict):
            return
        for key in ("oneOf", "anyOf"):
            if only_constraints(schema.get(key)):  # a check for the server, no type: the models leave it out
                del schema[key]
        properties = schema.get("properties")
        if isinstance(properties, dict):
            for prop in properties:
                self.place(
                    properties, prop, name + part_name(prop), f"{pointer}/properties/{escape_pointer_token(prop)}"
                )
        for key, suffix in (("items", "Item"), ("additionalProperties", "Value")):
            if isinstance(schema.get(key), dict):
                self.place(schema, key, name + suffix, f"{pointer}/{key}")
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            for index in range(len(prefix)):
                self.place(prefix, index, f"{name}Item{index + 1}", f"{pointer}/prefixItems/{index}")
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if isinstance(members, list):
                moved = [i for i, m in enumerate(members) if isinstance(m, dict) and makes_class(m, in_union=True)]
                for index in range(len(members)):
                    member_name = name if len(moved) == 1 else f"{name}Option{index + 1}"
                    self.place(members, index, member_name, f"{pointer}/{key}/{index}", in_union=True)
        parts = schema.get("allOf")
        if isinstance(parts, list):  # the backend merges inline parts into this class: their insides are its
            for index, part in enumerate(parts):
                self.nested(part, name, f"{pointer}/allOf/{index}")

    def place(self, holder: Any, key: Any, name: str, pointer: str, in_union: bool = False) -> None:
        sub = holder[key]
        if not isinstance(sub, dict):
            return
        if makes_class(sub, in_union):
            self.move(holder, key, name, pointer)
        else:
            self.nested(sub, name, pointer)

    def relocated(self) -> dict[str, Place]:
        """The document's locations, and each hoisted schema's under its new pointer."""
        locations = dict(self.doc.locations)
        keys = sorted(self.doc.locations)
        for token, old in self.origin.items():
            new = SCHEMAS + token
            start = bisect.bisect_left(keys, old)
            for pointer in keys[start:]:
                if not pointer.startswith(old):
                    break
                if pointer == old or pointer[len(old)] == "/":
                    locations[new + pointer[len(old) :]] = self.doc.locations[pointer]
        return locations

    def referenced_parts(self) -> None:
        """A schema inside a component that a `$ref` points at (Linode's `#/components/schemas/DiskRequest/properties/
        image`) becomes a component of its own (`DiskRequestImage`): the backend would name it from its field
        (`Image`) and rename the component of that name (`ImageModel`), which the client still calls `Image`.
        Deepest first, so a part inside a part moves with the `$ref` left in its place. A part that is only a `$ref`
        (Linode's `DatabaseMongoDB/properties/region`, beside an `x-` extension) is not a schema of its own: a
        `$ref` to it points at its target instead."""
        targets = {t for _, ref in iter_refs(self.data) if (t := ref_pointer(ref)) and t.startswith(SCHEMAS)}
        for target in sorted((t for t in targets if t.count("/") > 3), key=lambda t: -t.count("/")):
            tokens = split_pointer(target)
            try:
                holder, part = (
                    resolve_pointer(self.data, join_pointer(*tokens[:-1])),
                    resolve_pointer(self.data, target),
                )
            except KeyError:
                continue
            if not isinstance(part, dict):
                continue
            if "$ref" in part and all(k == "$ref" or k.startswith("x-") for k in part):
                if (further := ref_pointer(part["$ref"])) is not None:  # a $ref to a $ref is one to its target
                    self.moves.append((target, further))
                continue
            key: Any = int(tokens[-1]) if isinstance(holder, list) else tokens[-1]
            name = tokens[2] + "".join(part_name(t) for t in tokens[3:] if t not in SCHEMA_KEYS)
            self.move(holder, key, name, target)

    def run(self) -> SpecDocument:
        self.bodies()
        self.parameters()
        self.referenced_parts()
        for name in self.pending:  # grows while it is read: each moved schema is searched in turn
            self.nested(self.schemas[name], name, join_pointer("components", "schemas", name))
        self.retarget()
        return dataclasses.replace(self.doc, data=self.data, locations=self.relocated())

    def retarget(self) -> None:
        """A `$ref` into a moved schema (`#/paths/~1keys/get/.../schema/properties/keys/items`: bundlers write them)
        points where that part went, and on where a part of that went in turn (a part moved from a moved part).
        A component itself never moves, so a `$ref` to one (nearly all of them) is not looked at twice."""
        moved = dict(self.moves)
        for at, ref in list(iter_refs(self.data)):
            target = ref_pointer(ref)
            if target is None or target.count("/") <= 3:
                continue
            for _ in range(len(moved)):
                tokens = target.split("/")
                prefixes = ("/".join(tokens[:end]) for end in range(2, len(tokens) + 1))
                prefix = next((p for p in prefixes if p in moved), None)
                if prefix is None:
                    break
                target = moved[prefix] + target[len(prefix) :]
            if "#" + target != ref:
                resolve_pointer(self.data, at.removesuffix("/$ref"))["$ref"] = "#" + target


def name_inline_schemas(doc: SpecDocument) -> SpecDocument:
    """A copy of `doc` whose inline body, response and class-making schemas are named components."""
    return _Hoister(doc).run()

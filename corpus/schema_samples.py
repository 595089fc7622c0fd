"""A JSON value that a schema accepts, for the mock server's answers (OpenAPI 3.0 and 3.1 schemas)."""

from __future__ import annotations

from typing import Any

from generator.openapi.refs import deref

FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05",
    "uuid": "00000000-0000-4000-8000-000000000001",
    "email": "user@example.com",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "byte": "eA==",
    "duration": "P1D",
    "decimal": "1.5",  # a string the SDK reads as a Decimal (Nordigen's `amount`)
}
UNIX_TIME = 1704164645
MAX_DEPTH = 24  # a guard only: a cycle ends at an array's empty list or a union's other member
# the keywords that say what a value is (`nullable`, `description`, ... beside an allOf say nothing of it)
SHAPING = frozenset(
    ("type", "properties", "required", "items", "enum", "const", "oneOf", "anyOf", "additionalProperties")
)


JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "object": dict,
    "array": list,
    "null": type(None),
}


def _fits(value: Any, kind: Any) -> bool:
    """Whether an example or default is of the schema's JSON type (a document's example may not be: then a
    real server's value is not that example, and the sampler builds one of the type instead)."""
    kinds = kind if isinstance(kind, list) else [kind]
    if None in kinds:
        return True
    if isinstance(value, bool) and "boolean" not in kinds:
        return False
    return any(isinstance(value, JSON_TYPES.get(str(k), object)) for k in kinds)


class SchemaSampler:
    """Builds sample values for the schemas of one document, following its local $refs."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.choosing: set[str] = set()  # base schemas whose subtype is being sampled
        self.refs: list[str] = []  # the $refs being sampled, outermost first: a cycle's way back
        self.siblings: list[tuple[int, dict[str, Any]]] = []  # an allOf's properties (at its depth), for its parts

    def resolve(self, schema: Any) -> Any:
        """The schema a (chain of) local $ref(s) names."""
        return deref(self.document, schema, lenient=True)[0]

    def sample(self, schema: Any, depth: int = 0) -> Any:
        """A value `schema` accepts (best effort: the first enum value, required properties only, one item)."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if isinstance(ref, str):
            self.refs.append(ref)
            try:
                value = self._sample(self.resolve(schema), ref, depth)
            finally:
                self.refs.pop()
            heir = self._heir_tag(ref)
            if heir is not None and isinstance(value, dict):
                value[heir[0]] = heir[1]  # as a server tags it (Bitbucket's `type: repository`)
            return value
        return self._sample(schema, None, depth)

    def _sample(self, schema: Any, ref: str | None, depth: int) -> Any:
        if self._is_base(schema) and isinstance(ref, str) and ref not in self.choosing:
            return self._subtype(ref, schema["discriminator"], depth)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return None if depth > MAX_DEPTH else {}
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        for key in ("example", "default"):
            if key in schema and not isinstance(schema[key], dict | list) and _fits(schema[key], schema.get("type")):
                return schema[key]
        examples = schema.get("examples")
        if isinstance(examples, list) and examples and _fits(examples[0], schema.get("type")):
            # an object that lacks a property its schema requires is no server's (Codat's PagingInfo example has
            # `pageNumber` inside `_links`): the sampler builds one instead
            required = schema.get("required") if isinstance(examples[0], dict) else None
            if not isinstance(required, list) or all(name in examples[0] for name in required):
                return examples[0]
        if schema.get("allOf"):
            return self._all_of(schema, depth)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self._member(schema, schema[key], depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            # a member that only names required properties (DigitalOcean's `meta: {allOf: [{properties: {total}},
            # {required: [total]}]}`) is an object too
            objectish = ("properties", "required", "additionalProperties")
            kind = "object" if any(k in schema for k in objectish) else "array" if "items" in schema else "string"
        return self._typed(kind, schema, depth)

    def _typed(self, kind: str, schema: dict[str, Any], depth: int) -> Any:
        if kind == "object":
            properties = schema.get("properties") or {}
            # a required property may be declared by another member of the allOf this object is a member of
            inherited = self.siblings[-1][1] if self.siblings and self.siblings[-1][0] == depth - 1 else {}
            return {
                name: self.sample(properties.get(name, inherited.get(name, {})), depth + 1)
                for name in schema.get("required") or []
                if isinstance(name, str)
            }
        if kind == "array":
            minimum = schema.get("minItems") or 0
            items = schema.get("items")
            cycle = isinstance(items, dict) and items.get("$ref") in self.refs
            if (cycle or depth >= MAX_DEPTH - 1) and not minimum:
                return []
            return [self.sample(schema.get("items", {}), depth + 1) for _ in range(max(1, int(minimum)))]
        if kind in ("integer", "number") and schema.get("format") in ("unixtime", "unix-time"):
            return UNIX_TIME  # whole seconds, as servers send them (a number of this format is typed int)
        low, above = schema.get("minimum"), schema.get("exclusiveMinimum")
        if isinstance(above, int | float) and not isinstance(above, bool):  # 3.1's bound (AppCenter's `id > 0`)
            low = above + 1 if kind == "integer" else above + 0.5
        elif above is True and isinstance(low, int | float):  # 3.0's flag on `minimum`
            low = low + 1 if kind == "integer" else low + 0.5
        high = schema.get("maximum")
        if kind in ("integer", "number") and not isinstance(low, int | float) and isinstance(high, int | float):
            low = min(high, 1)  # a bound above only (`maximum: 0`)
        if kind == "integer":
            return int(low) if isinstance(low, int | float) else 1
        if kind == "number":
            return float(low) if isinstance(low, int | float) else 1.5
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        text = FORMATS.get(str(schema.get("format")), "x")
        minimum, most = schema.get("minLength"), schema.get("maxLength")
        text = text * int(minimum) if isinstance(minimum, int) and minimum > len(text) else text
        return text[:most] if isinstance(most, int) and most < len(text) else text

    def _all_of(self, schema: dict[str, Any], depth: int) -> Any:
        """The members' objects merged (with the schema's own keywords as one more member, if it has any)."""
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        parts = [*schema["allOf"], *([rest] if SHAPING & rest.keys() else [])]
        outer = self.siblings[-1][1] if self.siblings and self.siblings[-1][0] == depth - 1 else {}
        self.siblings.append((depth, {**outer, **self._properties(parts, depth)}))
        try:
            # a member that shapes nothing (PandaScore's `allOf: [{nullable: true}, {$ref: BeginAt}]`) gives no value
            shaping = [p for p in parts if isinstance(p, dict) and ("$ref" in p or "allOf" in p or SHAPING & p.keys())]
            values = [self.sample(part, depth + 1) for part in shaping or parts if part]
        finally:
            self.siblings.pop()
        objects = [value for value in values if isinstance(value, dict)]
        if not objects:
            return values[0] if values else {}
        merged: dict[str, Any] = {}
        for value in objects:
            merged.update(value)
        return merged

    def _properties(self, parts: list[Any], depth: int) -> dict[str, Any]:
        """The properties the members of an allOf declare (through nested allOfs), the first declaration kept."""
        found: dict[str, Any] = {}
        for part in parts:
            part = self.resolve(part)
            if not isinstance(part, dict) or depth > MAX_DEPTH:
                continue
            for name, prop in (part.get("properties") or {}).items():
                found.setdefault(name, prop)
            for name, prop in self._properties(part.get("allOf") or [], depth + 1).items():
                found.setdefault(name, prop)
        return found

    def _member(self, schema: dict[str, Any], members: list[Any], depth: int) -> Any:
        """The first non-null member (not one on the way here); a discriminated union's value carries its tag."""
        concrete = [m for m in members if (self.resolve(m) or {}).get("type") != "null"] or members
        fresh = [m for m in concrete if not (isinstance(m, dict) and m.get("$ref") in self.refs)]
        chosen = (fresh or concrete)[0]
        return self.member(schema, chosen, depth + 1)

    def member(self, union: dict[str, Any], member: Any, depth: int = 0) -> Any:
        """A value of one member of a union; a discriminated union's value carries that member's tag."""
        value = self.sample(member, depth)
        discriminator = union.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(value, dict):
            value[discriminator.get("propertyName")] = self._tag(discriminator, member, value)
        return value

    def _tag(self, discriminator: dict[str, Any], member: Any, value: dict[str, Any]) -> Any:
        """The tag a server sends for `member`: its mapping's, else the value its own property allows, else its name.

        Without a mapping entry OpenAPI's implicit tag is the schema's name, but a member whose discriminator
        property is a `const` (or an `enum`) accepts only that value: a real server sends it (OpenAI's `Message`
        has `type: {enum: [message]}`), so the name is used only when the member leaves the property open.
        """
        prop = str(discriminator.get("propertyName"))
        ref = member.get("$ref") if isinstance(member, dict) else None
        tags = [t for t, target in (discriminator.get("mapping") or {}).items() if target == ref]
        if tags:
            return tags[0]
        resolved = self.resolve(member)
        if isinstance(resolved, dict) and (resolved.get("oneOf") or resolved.get("anyOf")) and prop in value:
            return value[prop]  # a union member: the value sampled from it carries its own member's tag
        allowed = self._allowed(member, prop)
        if allowed:
            return allowed[0]
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else value.get(prop)

    def _allowed(self, schema: Any, prop: Any, depth: int = 0, base: str | None = None) -> list[Any]:
        """The values a schema's property `prop` is restricted to (its `const` or `enum`, through allOf but `base`)."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return []
        found = self.resolve((schema.get("properties") or {}).get(prop))
        options = [found, *((found.get("anyOf") or found.get("oneOf") or []) if isinstance(found, dict) else [])]
        for option in (self.resolve(o) for o in options):
            if isinstance(option, dict) and "const" in option:
                return [option["const"]]
            if isinstance(option, dict) and isinstance(option.get("enum"), list) and option["enum"]:
                return list(option["enum"])
        for part in schema.get("allOf") or []:
            if base is not None and isinstance(part, dict) and part.get("$ref") == base:
                continue
            allowed = self._allowed(part, prop, depth + 1, base)
            if allowed:
                return allowed
        return []

    @staticmethod
    def _is_base(schema: Any) -> bool:
        """A schema with a discriminator but no union: its subtypes extend it (allOf)."""
        return (
            isinstance(schema, dict)
            and isinstance(schema.get("discriminator"), dict)
            and not schema.get("oneOf")
            and not schema.get("anyOf")
        )

    def _heir_tag(self, ref: str) -> tuple[str, Any] | None:
        """(property, tag) of a schema that extends a discriminated base by allOf: its mapping key, else the value
        its own property is fixed to, else its name (OpenAPI's implicit tag); None for any other schema."""
        schema = self.resolve({"$ref": ref})
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        for part in parts if isinstance(parts, list) else []:
            base = self.resolve(part) if isinstance(part, dict) else None
            if not (isinstance(base, dict) and self._is_base(base) and isinstance(part.get("$ref"), str)):
                continue
            prop = base["discriminator"].get("propertyName")
            if not isinstance(prop, str):
                return None
            mapped = [k for k, v in (base["discriminator"].get("mapping") or {}).items() if v == ref]
            allowed = self._allowed({"$ref": ref}, prop, base=part["$ref"])
            named = schema.get("x-ms-discriminator-value")  # Azure's (autorest's) tag of a subtype
            return prop, (mapped or allowed or [named if isinstance(named, str) else ref.rsplit("/", 1)[-1]])[0]
        return None

    def _subtype(self, ref: str, discriminator: dict[str, Any], depth: int) -> Any:
        """A base schema with a discriminator and no union: a value of its first subtype, tagged."""
        mapping = discriminator.get("mapping") or {}
        if mapping:
            tag, target = next(iter(mapping.items()))
        else:  # implicit: the schemas that extend this one (allOf), by name, unless it fixes the property's value
            schemas = (self.document.get("components") or {}).get("schemas") or {}
            names = [n for n, s in schemas.items() if any(m.get("$ref") == ref for m in (s or {}).get("allOf") or [])]
            tag, target = (names[0], f"#/components/schemas/{names[0]}") if names else (ref.rsplit("/", 1)[-1], ref)
            allowed = self._allowed({"$ref": target}, discriminator.get("propertyName"), base=ref)
            named = self.resolve({"$ref": target}).get("x-ms-discriminator-value") if target != ref else None
            tag = allowed[0] if allowed and target != ref else named if isinstance(named, str) else tag
        self.choosing.add(ref)
        try:
            value = self.sample({"$ref": target}, depth + 1)
        finally:
            self.choosing.discard(ref)
        if isinstance(value, dict):
            value[discriminator.get("propertyName")] = tag
        return value

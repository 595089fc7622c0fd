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
}
MAX_DEPTH = 8


class SchemaSampler:
    """Builds sample values for the schemas of one document, following its local $refs."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.choosing: set[str] = set()  # base schemas whose subtype is being sampled

    def resolve(self, schema: Any) -> Any:
        """The schema a (chain of) local $ref(s) names."""
        return deref(self.document, schema, lenient=True)[0]

    def sample(self, schema: Any, depth: int = 0) -> Any:
        """A value `schema` accepts (best effort: the first enum value, required properties only, one item)."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        schema = self.resolve(schema)
        if self._is_base(schema) and isinstance(ref, str) and ref not in self.choosing:
            return self._subtype(ref, schema["discriminator"], depth)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return None if depth > MAX_DEPTH else {}
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        for key in ("example", "default"):
            if key in schema and not isinstance(schema[key], dict | list):
                return schema[key]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if schema.get("allOf"):
            return self._all_of(schema, depth)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self._member(schema, schema[key], depth)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
        return self._typed(kind, schema, depth)

    def _typed(self, kind: str, schema: dict[str, Any], depth: int) -> Any:
        if kind == "object":
            properties = schema.get("properties") or {}
            return {
                name: self.sample(properties.get(name, {}), depth + 1)
                for name in schema.get("required") or []
                if isinstance(name, str)
            }
        if kind == "array":
            minimum = schema.get("minItems") or 0
            if depth >= MAX_DEPTH - 1 and not minimum:
                return []
            return [self.sample(schema.get("items", {}), depth + 1) for _ in range(max(1, int(minimum)))]
        if kind == "integer":
            return int(schema.get("minimum", 1)) if isinstance(schema.get("minimum"), int | float) else 1
        if kind == "number":
            return float(schema.get("minimum", 1.5)) if isinstance(schema.get("minimum"), int | float) else 1.5
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        text = FORMATS.get(str(schema.get("format")), "x")
        minimum = schema.get("minLength")
        return text * int(minimum) if isinstance(minimum, int) and minimum > len(text) else text

    def _all_of(self, schema: dict[str, Any], depth: int) -> Any:
        merged: dict[str, Any] = {}
        for part in [*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]:
            value = self.sample(part, depth + 1) if part else {}
            if isinstance(value, dict):
                merged.update(value)
            elif not merged:
                return value
        return merged

    def _member(self, schema: dict[str, Any], members: list[Any], depth: int) -> Any:
        """The first non-null member; a discriminated union's value carries its mapping's tag."""
        concrete = [m for m in members if (self.resolve(m) or {}).get("type") != "null"] or members
        chosen = concrete[0]
        value = self.sample(chosen, depth + 1)
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(value, dict):
            prop = discriminator.get("propertyName")
            tags = [t for t, ref in (discriminator.get("mapping") or {}).items() if ref == chosen.get("$ref")]
            ref = chosen.get("$ref") if isinstance(chosen, dict) else None
            value[prop] = tags[0] if tags else (ref.rsplit("/", 1)[-1] if isinstance(ref, str) else value.get(prop))
        return value

    @staticmethod
    def _is_base(schema: Any) -> bool:
        """A schema with a discriminator but no union: its subtypes extend it (allOf)."""
        return (
            isinstance(schema, dict)
            and isinstance(schema.get("discriminator"), dict)
            and not schema.get("oneOf")
            and not schema.get("anyOf")
        )

    def _subtype(self, ref: str, discriminator: dict[str, Any], depth: int) -> Any:
        """A base schema with a discriminator and no union: a value of its first subtype, tagged."""
        mapping = discriminator.get("mapping") or {}
        if mapping:
            tag, target = next(iter(mapping.items()))
        else:  # implicit: the schemas that extend this one (allOf), by name
            schemas = (self.document.get("components") or {}).get("schemas") or {}
            names = [n for n, s in schemas.items() if any(m.get("$ref") == ref for m in (s or {}).get("allOf") or [])]
            tag, target = (names[0], f"#/components/schemas/{names[0]}") if names else (ref.rsplit("/", 1)[-1], ref)
        self.choosing.add(ref)
        try:
            value = self.sample({"$ref": target}, depth + 1)
        finally:
            self.choosing.discard(ref)
        if isinstance(value, dict):
            value[discriminator.get("propertyName")] = tag
        return value

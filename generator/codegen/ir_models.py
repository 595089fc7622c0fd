"""The models of the IR: a class name for every component schema and, for an object schema, its fields.

The IR chooses these names; the models backend is driven with them (render_models.py renames the
components and passes each field's name as a scoped alias), so nothing it makes is read back.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from ..openapi.formats import JSON_SCALARS, known_format, python_type_of_format
from ..openapi.naming import snake_case
from ..openapi.refs import deref, reachable_components, ref_pointer
from ..openapi.walk import HTTP_METHODS
from .ir_types import (
    ANY,
    NONE,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    Scalar,
    TypeRef,
    UnionOf,
    allows_none,
    optional,
    union,
)

SCHEMAS = "/components/schemas/"
# What the models module imports: a component of such a name gets a suffix, as the models backend would.
RESERVED_CLASSES = frozenset({"Field", "BaseModel", "RootModel", "ConfigDict", "Enum", "Any", "Literal", "Annotated"})
# pydantic BaseModel's public attributes: a field of such a name gets a `_`.
_BASE_MODEL_ATTRIBUTES = frozenset(
    [
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "mro",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "register",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
    ]
)
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_COMPOSITIONS = ("allOf", "oneOf", "anyOf")
# What makes a schema with a list or map type something else than a plain alias of one: a $ref, a tuple, a class.
_NOT_ALIASES = ("$ref", "prefixItems", "properties", "patternProperties", "enum", "const", "not")


@dataclass(frozen=True)
class ModelField:
    """A field of an object model: its Python name, wire name, type and whether it must be given."""

    python_name: str
    wire_name: str
    type: TypeRef
    required: bool
    read_only: bool = False  # readOnly: sent by the server only
    write_only: bool = False  # writeOnly: sent by the client only
    relaxed: bool = False  # required by the schema, optional in the model (absent on one side of the wire)

    @property
    def required_in_request(self) -> bool:
        """Whether a request must give it: required, or a writeOnly field the model only relaxed for responses."""
        return self.required or (self.relaxed and self.write_only)

    @property
    def omit_when_none(self) -> bool:
        """An optional field whose type has no None (its default is a value): left out when not given."""
        return not self.required and not allows_none(self.type)


@dataclass(frozen=True)
class Model:
    """One class of the models module: the component it comes from, and its fields (None: not a plain object)."""

    component: str
    class_name: str
    fields: tuple[ModelField, ...] | None
    relaxed: tuple[str, ...] = ()  # required properties (by wire name) optional in the class: see ModelNames
    alias: ListOf | MapOf | None = None  # a type alias of a list or map (`Selection = list[...]`): its target


def class_name_of(component: str, taken: set[str]) -> str:
    """A component's class name: ASCII letters and digits, upper-case first, not reserved, not yet taken.

    Each run of other characters ends a word whose first letter is made upper-case (`twilio.v1.message`
    -> `TwilioV1Message`, `foo_bar` -> `FooBar`): a name the models backend keeps as it is.
    """
    text = "".join(part[:1].upper() + part[1:] for part in _NON_ALNUM.split(component)) or "Model"
    text = "M" + text if text[0].isdigit() else text
    if text in RESERVED_CLASSES or keyword.iskeyword(text):
        text += "Model"
    name, count = text, 1
    while name in taken:
        name, count = f"{text}{count}", count + 1
    taken.add(name)
    return name


def class_names(components: list[str]) -> dict[str, str]:
    """Every component's class: one already a usable class name keeps it, the others follow in order.

    So of `user` and `User`, `User` is `User` and `user` is `User1`, whatever their order.
    """
    taken: set[str] = set()
    keep = [c for c in components if class_name_of(c, set()) == c]
    named = {c: class_name_of(c, taken) for c in dict.fromkeys(keep)}
    named.update({c: class_name_of(c, taken) for c in components if c not in named})
    return {c: named[c] for c in components}


def field_name_of(wire: str, taken: set[str]) -> str:
    """A property's field name: snake_case, not a keyword nor a pydantic attribute, not yet taken in its model."""
    text = snake_case(wire) or "field"
    if text[0].isdigit():
        text = "field_" + text
    if keyword.iskeyword(text) or text in _BASE_MODEL_ATTRIBUTES:
        text += "_"
    name, count = text, 1
    while name in taken:
        name, count = f"{text}_{count}", count + 1
    taken.add(name)
    return name


_BUILTIN_TYPES = frozenset({"list", "int", "str", "float", "bool", "bytes"})


def _shadows(name: str, t: TypeRef) -> bool:
    """Whether a field so named would hide a builtin type its own annotation uses: the models backend names it with
    a trailing `_` then (Clickmeter's `List: {type: array}` is `list_`, where a method built its body as `list`)."""
    if name not in _BUILTIN_TYPES:
        return False
    match t:
        case ListOf(item):
            return name == "list" or _shadows(name, item)
        case MapOf(value):
            return _shadows(name, value)
        case UnionOf(members):
            return any(_shadows(name, m) for m in members)
        case Scalar(kind, fmt):
            return ((python_type_of_format(kind, fmt) if fmt else None) or JSON_SCALARS.get(kind)) == name
    return False


def field_names(wires: list[str]) -> dict[str, str]:
    """Each property's field name (field_name_of), in one model. A property whose wire key is a field name keeps
    it, whatever comes first: no field may be named as another's wire key (Trello's `prefs/background` and
    `prefs_background` were `prefs_background` and `prefs_background_1`, and a body built by field names sent
    each as the other, or was refused)."""
    taken: set[str] = set()
    own = {wire: field_name_of(wire, taken) for wire in wires if field_name_of(wire, set()) == wire}
    return {wire: own[wire] if wire in own else field_name_of(wire, taken) for wire in wires}


def body_reach(data: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The component schemas request bodies reach, and those anything else (a response, a parameter) reaches."""
    requests, others = [], []
    for path_item in (data.get("paths") or {}).values():
        if not isinstance(path_item, dict):
            continue
        for key, value in path_item.items():
            if key in HTTP_METHODS and isinstance(value, dict):
                requests.append(value.get("requestBody"))
                others.append({k: v for k, v in value.items() if k != "requestBody"})
            else:
                others.append(value)
    others += [value for key, value in data.items() if key not in ("paths", "components")]

    def names(roots: list[Any]) -> set[str]:
        return {p.removeprefix(SCHEMAS) for p in reachable_components(data, roots) if p.startswith(SCHEMAS)}

    return names(requests), names(others)


class ModelNames:
    """The class of every component schema, the fields of the plain object ones, and schemas as IR types.

    One class per component serves both directions. A required `readOnly` property of a component
    that a request body reaches is optional in its model (a request does not send it), and so is a
    required `writeOnly` property of one a response reaches (the server does not send it back); the
    method's arguments still leave out the first and require the second.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        schemas = (data.get("components") or {}).get("schemas") or {}
        self.requested, self.responded = body_reach(data)
        self.classes = class_names([str(c) for c in schemas])
        self.models = {
            name: Model(
                component,
                name,
                self.fields_of(schemas[component], component),
                tuple(sorted(self.relaxed(schemas[component], component))),
                self.alias_target(schemas[component]),
            )
            for component, name in self.classes.items()
        }

    def relaxed(self, schema: Any, component: str) -> set[str]:
        """The schema's own required properties that are optional in its class: `readOnly` ones when a
        request body reaches the component, `writeOnly` ones when anything else does."""
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            return set()
        found = set()
        for wire in schema.get("required") or []:
            prop, _ = deref(self.data, schema["properties"].get(wire), "")
            flags = {**(prop if isinstance(prop, dict) else {}), **(schema["properties"].get(wire) or {})}
            if (flags.get("readOnly") is True and component in self.requested) or (
                flags.get("writeOnly") is True and component in self.responded
            ):
                found.add(str(wire))
        return found

    def unrelaxed(self) -> list[tuple[str, str]]:
        """(pointer, message) of each required readOnly/writeOnly property an inline member of a composition
        (allOf, oneOf, anyOf) declares, which its class keeps required on both sides of the wire."""
        found = []
        for component in self.classes:
            schema = ((self.data.get("components") or {}).get("schemas") or {}).get(component)
            for composition in _COMPOSITIONS:
                members = schema.get(composition) if isinstance(schema, dict) else None
                for index, member in enumerate(members if isinstance(members, list) else []):
                    if isinstance(member, dict) and "$ref" not in member:
                        for wire in sorted(self.relaxed(member, component)):
                            found.append(
                                (
                                    f"{SCHEMAS}{component}/{composition}/{index}/properties/{wire}",
                                    f"required readOnly/writeOnly property {wire!r} of an inline {composition} member "
                                    f"stays required in {self.classes[component]} both ways (make the member a "
                                    "component to have it optional where it is not sent)",
                                )
                            )
        return found

    def alias_target(self, schema: Any) -> ListOf | MapOf | None:
        """The list or map a component is a type alias of (the models backend's `TypeAliasType`), else None.

        An array (not a tuple), or an object with only `additionalProperties`; the target is typed as
        the backend types it.
        """
        if not isinstance(schema, dict) or any(k in schema for k in (*_COMPOSITIONS, *_NOT_ALIASES)):
            return None
        if schema.get("type") == "array":
            return ListOf(self.field_type(schema.get("items")))
        if schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
            target = self.field_type(schema)
            return target if isinstance(target, MapOf) else None
        return None

    def ref(self, schema: Any) -> str | None:
        """The class of a `$ref`ed component schema."""
        target = ref_pointer(schema.get("$ref", "")) if isinstance(schema, dict) else None
        if target and target.startswith(SCHEMAS):
            return self.classes.get(target.removeprefix(SCHEMAS))
        return None

    def fields_of(self, schema: Any, component: str = "") -> tuple[ModelField, ...] | None:
        """The fields of a plain object schema (properties, no composition); None for any other schema."""
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            return None
        if any(k in schema for k in (*_COMPOSITIONS, "$ref")) or not schema["properties"]:
            return None
        required = set(schema.get("required") or [])
        relaxed_wires = self.relaxed(schema, component)
        names = field_names([str(wire) for wire in schema["properties"]])
        fields = []
        for wire, prop in schema["properties"].items():
            kind = self.field_type(prop)
            if _shadows(names[str(wire)], kind) and names[str(wire)] + "_" not in names.values():
                names[str(wire)] += "_"
            const = isinstance(kind, LiteralOf)  # a required constant has its value as default
            flags = deref(self.data, prop, "")[0] if isinstance(prop, dict) else None
            flags = {**(flags if isinstance(flags, dict) else {}), **(prop if isinstance(prop, dict) else {})}
            read_only, write_only = flags.get("readOnly") is True, flags.get("writeOnly") is True
            relaxed = wire in relaxed_wires
            if wire not in required or relaxed:
                kind = optional(kind)
            fields.append(
                ModelField(
                    names[str(wire)],
                    str(wire),
                    kind,
                    wire in required and not const and not relaxed,
                    read_only=read_only,
                    write_only=write_only,
                    relaxed=relaxed,
                )
            )
        return tuple(fields)

    def field_type(self, schema: Any) -> TypeRef:
        """A model field's type, as the models backend types it (formats, constants)."""
        return self.type_of(schema, exact=True)

    def plain_type(self, schema: Any) -> TypeRef:
        """An argument's type: components by class, other schemas as their plain JSON types."""
        return self.type_of(schema, exact=False)

    def type_of(self, schema: Any, *, exact: bool) -> TypeRef:
        name = self.ref(schema)
        if name:
            return ModelRef(name)
        schema, _ = deref(self.data, schema, "")
        if not isinstance(schema, dict):
            return ANY
        if exact and _named_by_backend(schema):
            return ANY  # the models backend makes it a class of its own naming: the argument takes anything
        if exact and "const" in schema:
            return LiteralOf((schema["const"],))
        parts = schema.get("allOf")
        if isinstance(parts, list) and len(parts) == 1 and self.ref(parts[0]) and "properties" not in schema:
            return ModelRef(str(self.ref(parts[0])))
        members = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(members, list) and members:
            return union([self.type_of(m, exact=exact) for m in members])
        kind = schema.get("type")
        if isinstance(schema.get("prefixItems"), list) and schema["prefixItems"]:
            return self.tuple_type(schema, exact)
        if kind == "array":
            return ListOf(self.type_of(schema.get("items"), exact=exact))
        if kind == "object" or (kind is None and "additionalProperties" in schema):
            values = schema.get("additionalProperties")
            key = self.ref(schema.get("propertyNames")) if exact else None
            value_type = self.type_of(values, exact=exact) if isinstance(values, dict) else ANY
            return MapOf(value_type, ModelRef(key) if key else None)
        if isinstance(kind, list):
            return union([NONE if k == "null" else self.type_of({**schema, "type": k}, exact=exact) for k in kind])
        if kind == "null":
            return NONE
        return self.scalar(kind, schema, exact) if isinstance(kind, str) else ANY

    def tuple_type(self, schema: dict[str, Any], exact: bool) -> TypeRef:
        """`prefixItems` as the models backend types it: a list of any of the positions' types (and `items`')."""
        items = schema.get("items")
        rest = [] if items is False else [self.type_of(items, exact=exact) if isinstance(items, dict) else ANY]
        members = [self.type_of(p, exact=exact) for p in schema["prefixItems"]] + rest
        return ListOf(ANY if ANY in members else union(members))

    @staticmethod
    def scalar(kind: Any, schema: dict[str, Any], exact: bool) -> TypeRef:
        if kind not in ("string", "integer", "number", "boolean"):
            return ANY
        fmt = schema.get("format")
        return Scalar(kind, fmt if exact and isinstance(fmt, str) and known_format(kind, fmt) else None)


def _named_by_backend(schema: dict[str, Any]) -> bool:
    """An inline schema the models backend turns into a class it names itself (an object, an enum, a tuple); an
    object of no properties (GitHub's `environment: {properties: {}, additionalProperties: true}`) is a dict."""
    if schema.get("properties") or "enum" in schema or "prefixItems" in schema:
        return True
    members = [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]
    return any(isinstance(m, dict) and "$ref" not in m and ("const" in m or _named_by_backend(m)) for m in members)

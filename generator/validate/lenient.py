"""Read what is meant: a document that breaks the OpenAPI schema of its version where its meaning is clear.

Each such violation is a located warning saying how it was read, and the read value is the one
every later stage sees (this module is the one place that changes it). A violation whose meaning
would have to be guessed stays an error, and `--strict` makes every violation an error. The readings
(listed in the README):

- a `default` that does not match its schema: ignored;
- a key the version does not define: a JSON Schema or OpenAPI 3.1 keyword in a 3.0 document is read
  as in 3.1 (`const`, `examples`, `pathItems`, a list of types, ...); 3.0's `nullable` in a 3.1 schema
  (where 3.1 would ignore it) as a `null` type; 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` in 3.1 as the bound they
  qualify; any other key (`title` in an operation, `$recursiveAnchor`) is ignored;
- (a key close to one the object defines, `reponses`, is taken for a misspelling: an error, with
  "did you mean 'responses'?")
- a lone value where a list belongs (`required: name`): a list of that value; a list of schemas in
  `items` (older JSON Schema's tuples): `prefixItems`; a list of one schema where another schema
  belongs (`schema: [{...}]`): that schema;
- `$recursiveAnchor`/`$recursiveRef` (JSON Schema 2019-09): ignored;
- a `{name}` in a path that no parameter declares: a required string path parameter;
- a list with repeated values where each must be unique (`required`, `enum`): each value once;
- a path parameter without `required: true`: required (a path parameter always is);
- a 3.0 document without `paths`: no paths;
- a 3.0 operation without `responses`: as OpenAPI 3.1 reads it, one that documents no response;
- a response under a key that is no status code (`abcdef`): left out, as no reply can select it (a
  lower-case range, `2xx`: `2XX`);
- in a 3.0 document, a path that is a `$ref` to a path item of `components/pathItems` (3.1): that path item;
- a path that is a `$ref` to another path: a copy of its path item, its operations without their operationIds;
- a parameter whose `content` has several media types: its JSON one (the others are ignored);
- a `204`, `205` or `304` response with `content`: without it (HTTP: such a reply has no content).
- a name a schema with an `allOf` requires that no property of it or its members declares: not required;
- `properties`, `required` and the other object keywords beside a `type` that excludes objects: ignored.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..openapi.diagnostics import Diagnostic
from ..openapi.load import Place, SpecDocument
from ..openapi.media import is_json_media
from ..openapi.normalize import as_null_type, collect_schemas, is_openapi_30, move_locations
from ..openapi.pointer import join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import deref, iter_refs, ref_pointer
from ..openapi.walk import HTTP_METHODS, iter_operations
from .openapi_schema import Violation, violations

STATUS_RANGE = re.compile(r"^[1-5]XX$")
NO_CONTENT = frozenset({"204", "205", "304"})  # HTTP: a reply with one of these statuses has no content
RESPONSE_KEY = re.compile(r"^(?:default|[1-5](?:[0-9]{2}|XX)|x-.*)$", re.DOTALL)
UNDECLARED = re.compile(
    r"^Path parameter '(?P<name>[^']+)' for '(?P<method>\w+)' operation in '(?P<path>[^']+)' was not resolved"
)
OLDER_KEYWORDS = frozenset({"$recursiveAnchor", "$recursiveRef"})  # JSON Schema 2019-09, not 2020-12
PATH_ITEMS = "/components/pathItems"  # OpenAPI 3.1; a 3.0 document that has them reads them as in 3.1
ROUNDS = 4  # a reading can reveal a violation the validator did not reach (it stops at a schema's first)
AS_IN_31 = frozenset(
    {"const", "examples", "prefixItems", "$defs", "if", "then", "else", "dependentRequired", "dependentSchemas"}
    | {"contentMediaType", "contentEncoding", "unevaluatedProperties", "unevaluatedItems", "contains"}
    | {"minContains", "maxContains", "propertyNames", "$id", "$anchor", "$comment", "pathItems", "webhooks"}
    | {"jsonSchemaDialect", "identifier", "summary"}
)


@dataclass
class _Reader:
    """One document being read: its data (a copy, changed here only), places, and the readings so far."""

    doc: SpecDocument
    data: dict[str, Any] = field(init=False)
    locations: dict[str, Place] = field(init=False)
    readings: dict[str, tuple[str, bool]] = field(default_factory=dict)  # pointer -> how it was read, about a key
    kept: set[str] = field(default_factory=set)  # read as in 3.1: the 3.0 validator still names them
    unanswered: set[str] = field(default_factory=set)  # 3.0 operations without `responses`, read as in 3.1

    def __post_init__(self) -> None:
        self.data = copy.deepcopy(self.doc.data)
        self.locations = dict(self.doc.locations)

    def read(self, pointer: str, how: str, *, key: bool = False) -> None:
        self.readings.setdefault(pointer, (how, key))

    def current(self) -> SpecDocument:
        return replace(self.doc, data=self.data, locations=self.locations)

    def to_validate(self) -> SpecDocument:
        """The document as read, for the validator: without what is read as in 3.1 (which would hide the
        violations beside it), and with the `responses` 3.0 requires where an operation has none."""
        if not self.kept and not self.unanswered:
            return self.current()
        data = copy.deepcopy(self.data)
        for pointer in self.unanswered:  # what 3.0 requires, for its validator only: no stage after sees it
            resolve_pointer(data, pointer)["responses"] = {"default": {"description": "none documented"}}
        for pointer in self.kept:
            tokens = split_pointer(pointer)
            holder = resolve_or_none(data, join_pointer(*tokens[:-1]))
            if isinstance(holder, dict) and tokens[-1] == "type" and isinstance(holder.get("type"), list):
                kinds = [k for k in holder["type"] if k != "null"]
                holder["type"] = kinds[0] if kinds else "object"
            elif isinstance(holder, dict):
                holder.pop(tokens[-1], None)
        return replace(self.doc, data=data, locations=self.locations)

    # ------------------------------------------------------------------------------ before validating

    def path_parameters(self) -> None:
        """A path parameter is required, whatever it says."""
        for pointer, _path, _method, operation in [*iter_operations(self.data), *self._path_items()]:
            for index, parameter in enumerate(operation.get("parameters") or []):
                if (
                    isinstance(parameter, dict)
                    and parameter.get("in") == "path"
                    and parameter.get("required") is not True
                ):
                    parameter["required"] = True
                    where = f"{pointer}/parameters/{index}"
                    self.read(
                        where,
                        "a path parameter without `required: true`: read as required (a path parameter always is)",
                    )

    def _path_items(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        paths = self.data.get("paths")
        items = paths.items() if isinstance(paths, dict) else []
        return [(join_pointer("paths", p), p, "", item) for p, item in items if isinstance(item, dict)]

    def nullable_in_31(self) -> None:
        """3.0's `nullable` in a 3.1 schema (which 3.1 allows as an unknown keyword and ignores): as 3.0 means it."""
        if is_openapi_30(self.data):
            return
        schemas: list[tuple[str, dict[str, Any]]] = []
        collect_schemas(self.data, "", False, schemas)
        for pointer, schema in reversed(schemas):  # children first: wrapping a parent moves their pointers
            if "nullable" in schema:
                how = "`nullable` is OpenAPI 3.0: read as a `null` type, as 3.0 means it"
                self.read(pointer + "/nullable", how, key=True)
                as_null_type(schema, pointer, self.locations)

    def object_keywords_of_no_object(self) -> None:
        """`properties` (or `required`, `additionalProperties`, ...) beside a `type` that excludes objects (FormAPI's
        batch body: `type: array` with `items` and the `properties` of one submission): JSON Schema applies them to
        objects only, so they say nothing; ignored. The models made a union of a list and a class of them, while
        the method took those properties as its arguments and sent an object."""
        schemas: list[tuple[str, dict[str, Any]]] = []
        collect_schemas(self.data, "", False, schemas)
        for pointer, schema in schemas:
            declared = schema.get("type")
            kinds = declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
            if not kinds or "object" in kinds:
                continue
            for key in [k for k in OBJECT_KEYWORDS if k in schema]:
                self.read(
                    join_pointer(*split_pointer(pointer), key),
                    f"`{key}` beside `type: {declared}` applies to objects only: ignored",
                    key=True,
                )
                del schema[key]

    def required_undeclared(self) -> None:
        """A name a schema with an `allOf` requires that neither it nor its `allOf` members declare (Figshare's
        `"array[integer](optional)"`, a type written where a name belongs; ShipEngine's names its `oneOf` members
        declare): not required there. openapi-spec-validator refuses it without saying where; no model can
        require a field it does not have (a `oneOf` member that declares it still requires it itself)."""
        schemas: list[tuple[str, dict[str, Any]]] = []
        collect_schemas(self.data, "", False, schemas)
        for pointer, schema in schemas:
            required = schema.get("required")
            tokens = split_pointer(pointer)
            outermost = tokens[-1:] == ["schema"] or tokens[:2] == ["components", "schemas"] and len(tokens) == 3
            if "allOf" not in schema or not isinstance(required, list) or not outermost:
                continue  # the validator checks the outermost schemas only
            own = set(schema["properties"]) if isinstance(schema.get("properties"), dict) else set()
            declared = own.union(*(self._properties_of(part, set()) for part in _members(schema, "allOf")))
            undeclared = [name for name in required if isinstance(name, str) and name not in declared]
            if undeclared:
                schema["required"] = [name for name in required if name not in undeclared]
                if not schema["required"]:
                    del schema["required"]  # 3.0 wants a list that has names
                names = ", ".join(repr(name) for name in undeclared)
                where = (
                    "declared only by a oneOf or anyOf member"
                    if self._properties_of(schema, set()) & set(undeclared)
                    else "declared by no property"
                )
                self.read(pointer + "/required", f"{names} required but {where}: not required")

    def _properties_of(self, schema: Any, seen: set[str]) -> set[str]:
        """Every property name a schema declares, through its compositions, items and `not` (as the validator
        collects them), its `$ref`s followed."""
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if isinstance(ref, str):
            if ref in seen:
                return set()
            seen = seen | {ref}
        schema = deref(self.data, schema, lenient=True)[0]
        if not isinstance(schema, dict):
            return set()
        names = set(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else set()
        parts = [p for k in ("allOf", "anyOf", "oneOf") for p in _members(schema, k)]
        for part in parts + [schema.get(k) for k in ("items", "not") if isinstance(schema.get(k), dict)]:
            names |= self._properties_of(part, seen)
        return names

    def missing_paths(self) -> None:
        if is_openapi_30(self.data) and "paths" not in self.data:
            self.data["paths"] = {}
            self.read("", "a 3.0 document without `paths`: read as one without operations")

    def path_item_refs(self) -> None:
        """A path that is a `$ref` to a path item of this document: a copy of that path item, so that its operations
        are generated (they were not, without a word). To `components/pathItems`: as 3.1 reads it (said in a 3.0
        document, where they are not defined); the component goes once nothing else refers to it. To another path
        (SureVoIP's `/support/ip-address: {$ref: '#/paths/~1ip-address'}`): its operations without their
        operationIds, which are the other path's (each is named from its own path), said."""
        paths = self.data.get("paths")
        if not isinstance(paths, dict):
            return
        inlined: set[str] = set()
        for path, item in paths.items():
            ref = item.get("$ref") if isinstance(item, dict) else None
            pointer = ref_pointer(ref) if isinstance(ref, str) else None
            target = resolve_or_none(self.data, pointer) if pointer else None
            if pointer is None or not isinstance(target, dict) or "$ref" in target:
                continue
            where = join_pointer("paths", path)
            paths[path] = {**copy.deepcopy(target), **{k: v for k, v in item.items() if k != "$ref"}}
            said = self.locations.get(where)
            move_locations(self.locations, pointer, where)  # what is inside: where the path item says it
            if said is not None:
                self.locations[where] = said  # the path itself: where the `$ref` is
            if pointer.startswith("/paths/"):
                for method in HTTP_METHODS:
                    if isinstance(paths[path].get(method), dict):
                        paths[path][method].pop("operationId", None)
                how = "its operations named from this path (their operationIds are that path's)"
                self.read(where, f"a `$ref` to the path item {ref}: read as a copy of it, {how}")
                continue
            inlined.add(pointer)
            if is_openapi_30(self.data) and pointer.startswith(f"{PATH_ITEMS}/"):
                self.read(where, f"a `$ref` to {ref} (OpenAPI 3.1) in a 3.0 document: read as that path item")
        still = {ref_pointer(target) for _, target in iter_refs(self.data)}
        for pointer in sorted(inlined - still):
            *holder, name = split_pointer(pointer)
            section = resolve_or_none(self.data, join_pointer(*holder))
            if isinstance(section, dict) and holder[:2] == ["components", "pathItems"]:
                section.pop(name, None)

    def response_codes(self) -> None:
        """A response under a key that is no status code: no reply selects it, so it is left out (`2xx`: `2XX`)."""
        for pointer, _path, _method, operation in iter_operations(self.data):
            responses = operation.get("responses")
            if not isinstance(responses, dict) or all(_is_response_key(code) for code in responses):
                continue
            kept: dict[Any, Any] = {}
            at = split_pointer(pointer)
            for code, response in responses.items():
                text, upper = str(code), str(code).upper()
                where = join_pointer(*at, "responses", text)
                if _is_response_key(code):
                    kept[code] = response
                elif STATUS_RANGE.match(upper):
                    kept[upper] = response
                    move_locations(self.locations, where, join_pointer(*at, "responses", upper))
                    self.read(where, f"response range {text!r}: read as {upper!r}", key=True)
                else:
                    self.read(
                        where, f"response key {text!r} is not a status code: left out (no reply selects it)", key=True
                    )
            operation["responses"] = kept
            if not kept:
                self.unanswered.add(pointer)

    def bodies_of_no_content(self) -> None:
        """A `204`, `205` or `304` response with `content` (Jira's `204: content: application/json: schema: {}`):
        read without it, as HTTP says such a reply has none (a method that parsed one failed on every call)."""
        for pointer, _path, _method, operation in iter_operations(self.data):
            responses = operation.get("responses")
            if not isinstance(responses, dict):
                continue
            for code in sorted(NO_CONTENT & set(responses)):
                response, _ = deref(self.data, responses[code], lenient=True)
                if not isinstance(response, dict) or not response.get("content"):
                    continue
                where = f"{pointer}/responses/{code}"
                responses[code] = {k: v for k, v in response.items() if k != "content"}  # a shared one stays whole
                self.read(
                    where + "/content", f"a {code} response has no body (HTTP): its `content` is ignored", key=True
                )

    def missing_responses(self) -> None:
        """A 3.0 operation without `responses` (3.0 requires them, 3.1 does not): one that documents none."""
        if not is_openapi_30(self.data):
            return
        for pointer, _path, _method, operation in iter_operations(self.data):
            if "responses" not in operation:
                self.unanswered.add(pointer)
                self.read(pointer, "a 3.0 operation without `responses`: read as in OpenAPI 3.1, documenting none")

    # ------------------------------------------------------------------------------ what the validator says

    def violation(self, found: Violation) -> bool:
        """Read one violation leniently (True), or leave it an error (False)."""
        if found.pointer in self.kept:
            return True
        undeclared = UNDECLARED.match(found.message)
        if undeclared:
            return self.undeclared_path_parameter(undeclared["name"], undeclared["path"], undeclared["method"])
        tokens = split_pointer(found.pointer)
        holder = resolve_or_none(self.data, join_pointer(*tokens[:-1])) if tokens else None
        if not isinstance(holder, (dict, list)):
            return False
        key = tokens[-1]
        if found.unexpected is not None and isinstance(holder, dict):
            return not found.close and self.unknown_key(found.pointer, holder, found.unexpected)
        if key in OLDER_KEYWORDS and isinstance(holder, dict):
            holder.pop(key, None)
            self.read(found.pointer, f"`{key}` is a keyword of an older JSON Schema: ignored", key=True)
            return True
        if found.is_default and isinstance(holder, dict) and "default" in holder:
            value = holder.pop("default")
            self.read(
                found.pointer, f"the default {_short(value)} does not match its schema ({found.message}): ignored"
            )
            return True
        value = resolve_or_none(self.data, found.pointer)
        if found.validator == "type" and "'array'" in found.message and not isinstance(value, list):
            _set(holder, key, [value])
            self.read(found.pointer, f"a lone value where a list belongs: read as [{_short(value)}]")
            return True
        if found.validator == "type" and key == "type" and isinstance(value, list) and is_openapi_30(self.data):
            self.kept.add(found.pointer)
            self.read(found.pointer, "a list of types is not OpenAPI 3.0: read as in OpenAPI 3.1")
            return True
        if found.validator == "type" and key == "items" and isinstance(holder, dict) and isinstance(value, list):
            holder["prefixItems"] = holder.pop("items")
            move_locations(self.locations, found.pointer, join_pointer(*tokens[:-1], "prefixItems"))
            self.kept.add(join_pointer(*tokens[:-1], "prefixItems"))  # said here; the 3.0 validator names it too
            self.read(found.pointer, "a list of schemas in `items` (older JSON Schema's tuples): read as `prefixItems`")
            return True
        if found.validator == "type" and isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            _set(holder, key, value[0])
            move_locations(self.locations, found.pointer + "/0", found.pointer)
            self.read(found.pointer, "a list of one schema where a schema belongs: read as that schema")
            return True
        if found.validator == "uniqueItems" and isinstance(value, list):
            _set(holder, key, [v for i, v in enumerate(value) if v not in value[:i]])
            self.read(found.pointer, "a list with repeated values: read with each value once")
            return True
        if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool) and isinstance(holder, dict):
            self.bound(found.pointer, holder, key)
            return True
        if found.validator == "maxProperties" and key == "content" and isinstance(holder, dict) and "in" in holder:
            return self.parameter_media(found.pointer, holder)
        return False

    def read_with_follow_ups(self, found: Violation) -> bool:
        """Read one violation (True), then its schema's further errors while each is read as well.

        They are what the next rounds would report one at a time; at the first that is not read, the next round
        reports it (as the validator's first error then) and nothing is said of it here.
        """
        if not self.violation(found):
            return False
        for more in found.follow_ups:
            if not self.violation(more):
                break
        return True

    def parameter_media(self, pointer: str, parameter: dict[str, Any]) -> bool:
        """A parameter whose `content` has several media types: read as its JSON one (the one the SDK can send)."""
        content = parameter.get("content")
        if not isinstance(content, dict) or not content:
            return False
        media = next((m for m in content if is_json_media(str(m))), None)
        if media is None:
            return False
        parameter["content"] = {media: content[media]}
        others = ", ".join(str(m) for m in content if m != media)
        self.read(
            pointer,
            f"a parameter has {len(content)} media types (OpenAPI allows one): read as {media} ({others} ignored)",
        )
        return True

    def undeclared_path_parameter(self, name: str, path: str, method: str) -> bool:
        """A `{name}` of the path template that no parameter declares: a required string path parameter.

        The validator reads a template its own way: IdealSpot's `{insight_id:}` is `insight_id` to it (a format
        spec), and the declared `insight_id:` then is not in the template. Neither is a parameter to add (the
        template's name is declared): nothing changes."""
        operation = resolve_or_none(self.data, join_pointer("paths", path, method))
        if not isinstance(operation, dict) or not isinstance(operation.setdefault("parameters", []), list):
            return False
        item = resolve_or_none(self.data, join_pointer("paths", path))
        declared = [*operation["parameters"], *((item or {}).get("parameters") or [])]
        named = {p.get("name") for p in declared if isinstance(p, dict) and p.get("in") == "path"}
        template = set(re.findall(r"\{([^{}]+)\}", path))
        if name in named:
            return True  # declared: the validator did not find it in its reading of the template
        if name not in template:
            return template <= named  # the validator's reading of a name the template has, declared
        operation["parameters"].append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
        where = join_pointer("paths", path, method)
        self.read(where, f"path parameter {name!r} of {path!r} is not declared: read as a required string")
        return True

    def unknown_key(self, where: str, holder: dict[str, Any], key: str) -> bool:
        """A key the version does not define: read as in 3.1, or ignored."""
        if key not in holder:
            return False
        version = str(self.data.get("openapi"))
        if is_openapi_30(self.data) and key in AS_IN_31:
            self.kept.add(where)
            self.read(where, f"`{key}` is not OpenAPI {version}: read as in OpenAPI 3.1", key=True)
            return True
        holder.pop(key)
        self.read(where, f"`{key}` is not defined here by OpenAPI {version}: ignored", key=True)
        return True

    def bound(self, pointer: str, holder: dict[str, Any], key: str) -> None:
        """3.0's boolean exclusiveMinimum/Maximum in a 3.1 schema: the bound it qualifies, exclusive."""
        limit = "minimum" if key == "exclusiveMinimum" else "maximum"
        if holder.pop(key) and limit in holder:
            holder[key] = holder.pop(limit)
            self.read(pointer, f"a boolean `{key}` (OpenAPI 3.0): read as `{key}: {holder[key]}`")
        else:
            self.read(pointer, f"a boolean `{key}` (OpenAPI 3.0) without `{limit}`: ignored")


def _is_response_key(code: Any) -> bool:
    return RESPONSE_KEY.match(str(code)) is not None


def resolve_or_none(data: Any, pointer: str) -> Any:
    try:
        return resolve_pointer(data, pointer)
    except KeyError:
        return None


def _set(holder: dict[str, Any] | list[Any], key: str, value: Any) -> None:
    if isinstance(holder, list):
        holder[int(key)] = value
    else:
        holder[key] = value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_leniently(
    doc: SpecDocument, ahead: Callable[[SpecDocument], None] | None = None
) -> tuple[SpecDocument, list[Diagnostic]]:
    """The document as it is meant, and every violation: a warning saying how it was read, or an error.

    `ahead` is told the document as read after the first round, and again after each round that read more
    (the last it is told is the document returned): a guess of what the document will be, told early.
    """
    reader = _Reader(doc)
    reader.missing_paths()
    reader.path_item_refs()
    reader.response_codes()
    reader.missing_responses()
    reader.bodies_of_no_content()
    reader.path_parameters()
    reader.nullable_in_31()
    reader.object_keywords_of_no_object()
    reader.required_undeclared()
    errors: list[Violation] = []
    for round_ in range(ROUNDS):
        before = len(reader.readings)
        errors = [found for found in violations(reader.to_validate()) if not reader.read_with_follow_ups(found)]
        if ahead is not None and (round_ == 0 or len(reader.readings) != before):
            ahead(reader.current())
        if len(reader.readings) == before:
            break
    read = reader.current()
    warnings = [
        (read.key_diagnostic if key else read.diagnostic)(pointer, f"read leniently: {how}", "warning")
        for pointer, (how, key) in reader.readings.items()
    ]
    return read, warnings + [v.diagnostic(read) for v in errors]


OBJECT_KEYWORDS = (
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "dependentRequired",
)


def _members(schema: dict[str, Any], keyword: str) -> list[Any]:
    """The members of a schema's `allOf`, `anyOf` or `oneOf` (none where it is not a list)."""
    group = schema.get(keyword)
    return group if isinstance(group, list) else []

"""Render stage, models: datamodel-code-generator (pydantic v2) through our templates in templates/models."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import platform
import warnings
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..openapi import cache
from ..openapi.allof_conflicts import allof_bases, allof_conflicts, allof_flattened
from ..openapi.diagnostics import GenerationError
from ..openapi.formats import JSON_SCALARS, known_format, plain_by_choice, python_type_of_format
from ..openapi.pointer import escape_pointer_token, join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import deref, iter_refs
from ..openapi.walk import iter_subschemas
from .discriminators import explicit_mappings
from .ir import Service
from .ir_models import body_reach

if TYPE_CHECKING:
    from ..openapi.load import SpecDocument

INPUT_NAME = "spec.json"

DATAMODEL_OPTIONS = (
    "--input-file-type=openapi",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    "--disable-timestamp",
    "--allow-population-by-field-name",
    "--snake-case-field",
    "--capitalise-enum-members",
    "--set-default-enum-member",
    "--use-one-literal-as-default",
    "--use-annotated",
    "--field-constraints",
    "--extra-fields=allow",
    "--use-schema-description",
    "--use-field-description",
    "--use-type-alias",
    "--use-double-quotes",
    "--formatters=ruff-format",
)


def extra_template_data(data_in: dict[str, Any]) -> dict[str, Any]:
    """Per-schema data for our templates: open enums and unions, and request models that refuse unknown fields."""
    data: dict[str, Any] = {name: {"config": {"extra": "forbid"}} for name in request_only_schemas(data_in)}
    for name, schema in sorted(((data_in.get("components") or {}).get("schemas") or {}).items()):
        if not isinstance(schema, dict):
            continue
        if schema.get("x-open-enum") is True and "enum" in schema:
            data.setdefault(name, {})["open_enum"] = True
        discriminator = schema.get("discriminator")
        if schema.get("x-open-union") is True and isinstance(discriminator, dict):
            tags = {
                f"{INPUT_NAME}{target}": repr(str(tag))
                for tag, target in sorted(discriminator.get("mapping", {}).items())
            }
            open_union = {"property": repr(str(discriminator["propertyName"])), "tags": tags}
            data.setdefault(name, {})["open_union"] = open_union
    return data


def request_only_schemas(data: dict[str, Any]) -> list[str]:
    """The component schemas that only request bodies reach: their models forbid unknown fields.

    A misspelt field in a request is the caller's mistake, reported where it is made; a model
    any response reaches keeps accepting unknown fields, so a server that adds one breaks nothing.
    """
    requested, others = body_reach(data)
    return sorted(requested - others)


def model_view(
    data: dict[str, Any], classes: dict[str, str], relaxed: dict[str, set[str]] | None = None
) -> dict[str, Any]:
    """The spec as the models see it: no string `pattern`s, no `format`s the backend does not know.

    Patterns are documentation, not run-time checks: the validator checks every example against
    them and the published spec keeps them, but a model that enforced them would reject a whole
    page the day the server sends an id in a new format (openapi-python-client and
    foundry-platform-python do not enforce them either), and the regexes cost about a sixth of the
    validation time of a listing's items. An unknown format (the validator warns about each) is its
    JSON type, and so is one whose type needs a package the SDK does not declare (formats.PLAIN) or is
    narrower than the JSON type (formats.NARROWED), noted in the field's description; an allOf member's
    property that contradicts the inherited one is left out, and an allOf of `$ref`s whose members declare a
    property differently is given merged (see allof_conflicts);
    a discriminated union's implicit tags are written into its mapping (see discriminators).
    Each component schema is named as the IR names its class (`classes`), so the backend keeps that name,
    and the properties the IR made optional (`relaxed`: readOnly/writeOnly, see ir_models.ModelNames) are
    left out of its `required`.
    """
    copied: dict[str, Any] = copy.deepcopy(data)
    schemas = (copied.get("components") or {}).get("schemas") or {}
    for component, wires in (relaxed or {}).items():
        schema = schemas.get(component)
        if wires and isinstance(schema, dict) and isinstance(schema.get("required"), list):
            schema["required"] = [name for name in schema["required"] if name not in wires]
    for pointer, _ in list(allof_conflicts(copied)):
        tokens = split_pointer(pointer)
        del resolve_pointer(copied, join_pointer(*tokens[:-1]))[tokens[-1]]
    _one_value_enums_as_const(copied)
    explicit_mappings(copied)
    for name, schema in ((copied.get("components") or {}).get("schemas") or {}).items():
        for _, sub in iter_subschemas(schema, join_pointer("components", "schemas", name)):
            _redundant_beside_ref(copied, sub)
            _default_beside_ref(copied, sub)
            if isinstance(sub.get("pattern"), str):
                del sub["pattern"]
            kinds = _kinds(sub.get("type"))
            plain = [k for k in kinds if "format" in sub and plain_by_choice(k, sub["format"])]
            if plain:
                what = "string, not checked by the SDK" if plain[0] == "string" else f"{plain[0]}, as JSON sends it"
                note = f"(format {sub.pop('format')}: a plain {what})"
                sub["description"] = f"{sub['description']} {note}" if isinstance(sub.get("description"), str) else note
            if "format" in sub and not all(known_format(k, sub["format"]) for k in kinds if k != "null"):
                del sub["format"]
            _default_as_text(sub, kinds)
            _plain_inline_primitives(sub)
            _array_keywords_into_members(sub)
            _enum_descriptions_as_text(sub)
    schemas.update(allof_flattened(copied))  # what the backend would merge, merged whole (allof_conflicts)
    _members_defer_to_parent(copied)
    return _renamed(copied, {c: n for c, n in classes.items() if c != n})


def _kinds(declared: Any) -> list[Any]:
    return declared if isinstance(declared, list) else [declared]


def _redundant_beside_ref(data: dict[str, Any], schema: dict[str, Any]) -> None:
    """A `type` or `format` beside a `$ref` that says what its target says, or a format unknown for the target's
    type, leaves it (Xero's 3.0 `Code: {$ref: CurrencyCode, type: string}`; `{$ref: Money, type: [object, "null"]}`);
    a `null` its target does not allow stays, as a union with null. The backend made each such property a copy of
    the target named after the field (`class Code(StrEnum)`): a type apart from the component that the client and
    the other fields use."""
    if not isinstance(schema.get("$ref"), str) or not {"type", "format"} & schema.keys():
        return
    target = _resolved(data, schema)
    if not isinstance(target, dict):
        return
    own = set(_kinds(target.get("type")))
    if "format" in schema and (
        schema["format"] == target.get("format")
        or not all(known_format(k, schema["format"]) for k in own if k not in (None, "null"))
    ):
        del schema["format"]  # the target's own, or one the backend does not know for the target's type
    beside = set(_kinds(schema.get("type")))
    if "type" not in schema or not beside - {"null"} <= own:
        return
    del schema["type"]
    if "null" in beside and "null" not in own:
        schema["anyOf"] = [{"$ref": schema.pop("$ref")}, {"type": "null"}]


def _default_beside_ref(data: dict[str, Any], schema: dict[str, Any]) -> None:
    """A `default` beside a `$ref` (or a lone `allOf` member, FastAPI's spelling) that the referenced type cannot hold:
    in the description, as `_default_as_text` does. An enum's value it does not list (Visma's `category: {$ref:
    KeywordCategory, default: Case}`, the member's NSwag name where the value is `Project`), or a JSON object or
    array where a class is (OpenAQ's `meta: {allOf: [{$ref: Meta}], default: {found: 0, ...}}`; the items or values
    of an array or a map: Docker's `Runtimes: {additionalProperties: {$ref: Runtime}, default: {runc: {...}}}`).
    The backend wrote it as the field's default, a `str` or `dict` where the field is the enum or the class (`mypy
    --strict`)."""
    if "default" not in schema:
        return
    if isinstance(schema["default"], dict | list) and _holds_class(data, schema, set()):
        _default_into_description(schema)
        return
    ref = _lone_ref(schema)
    target = _resolved(data, ref) if ref is not None else None
    values = target.get("enum") if isinstance(target, dict) else None
    if isinstance(values, list) and schema["default"] not in values:
        _default_into_description(schema)


def _lone_ref(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The schema itself if it is a `$ref`, or its lone `allOf` member that is one."""
    parts = schema.get("allOf")
    ref = parts[0] if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], dict) else schema
    return ref if isinstance(ref.get("$ref"), str) else None


def _holds_class(data: dict[str, Any], schema: dict[str, Any], seen: set[str]) -> bool:
    """A class is where a JSON object goes: the schema refers to one, or its items or its map's values do."""
    ref = _lone_ref(schema)
    if ref is not None:
        if ref["$ref"] in seen:
            return False
        seen.add(ref["$ref"])
        target = _resolved(data, ref)
        if not isinstance(target, dict):
            return False
        if "properties" in target or target.get("type") == "object":
            return True
        schema = target
    parts = (schema.get("items"), schema.get("additionalProperties"))
    return any(isinstance(part, dict) and _holds_class(data, part, seen) for part in parts)


def _enum_descriptions_as_text(schema: dict[str, Any]) -> None:
    """`x-enum-descriptions` (one text per value, Zoom's) go into the enum's own description, a line per value: the
    backend writes each as a bare line under its member, which is no Python (`MASTER = 'master'` then `master
    account holder pays`)."""
    texts, values = schema.pop("x-enum-descriptions", None), schema.get("enum")
    if not isinstance(texts, list) or not isinstance(values, list):
        return
    lines = [
        f"- `{value}`: {text}" for value, text in zip(values, texts, strict=False) if isinstance(text, str) and text
    ]
    if lines:
        said = schema.get("description")
        schema["description"] = "\n".join([f"{said}\n" if isinstance(said, str) and said else "", *lines]).lstrip("\n")


def _default_as_text(schema: dict[str, Any], kinds: list[Any]) -> None:
    """A `default` of a field whose format has its own Python type (AnyUrl, UUID, datetime, ...), or one not of the
    field's JSON type at all (Vercel's `role: {type: string, default: [MEMBER, VIEWER]}`): in the description.

    The backend writes the JSON value as the field's default (`url: AnyUrl | None = ""`, `role: str | None =
    [...]`), which is not of that type (`mypy --strict` refuses it, and a reply without the field would hold
    it); the field defaults to None.
    """
    if "default" not in schema:
        return
    fmt = schema.get("format")
    declared = [k for k in kinds if isinstance(k, str)]
    wrong_type = bool(declared) and not any(_json_type_fits(schema["default"], k) for k in declared)
    own_type = isinstance(fmt, str) and any(
        python_type_of_format(k, fmt) not in (None, JSON_SCALARS.get(k)) for k in declared
    )
    if wrong_type or own_type:
        _default_into_description(schema)


def _default_into_description(schema: dict[str, Any]) -> None:
    """The schema's `default` leaves it for its description: `(default: <JSON>)`; the field defaults to None."""
    note = f"(default: {json.dumps(schema.pop('default'), default=str)})"
    schema["description"] = f"{schema['description']} {note}" if isinstance(schema.get("description"), str) else note


def _json_type_fits(value: Any, kind: str) -> bool:
    """Whether a JSON value is of a JSON Schema type (an integer is a number too)."""
    if isinstance(value, bool):
        return kind == "boolean"
    if isinstance(value, int):
        return kind in ("integer", "number")
    fits = {"number": float, "string": str, "array": list, "object": dict}.get(kind)
    return (value is None and kind == "null") or (fits is not None and isinstance(value, fits))


def _union_members(schema: dict[str, Any]) -> list[Any]:
    """The members of a schema's anyOf and oneOf, in that order."""
    return [member for key in ("anyOf", "oneOf") if isinstance(schema.get(key), list) for member in schema[key]]


CONSTRAINTS = ("maxLength", "minLength", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf")


def _plain_inline_primitives(schema: dict[str, Any]) -> None:
    """An inline primitive with bounds inside a type, a union member (Stripe's expandable `charge: anyOf: [{type:
    string, maxLength: 5000}, {$ref: charge}]`), an array's items (`coupon.applies_to.products: items: {type:
    string, maxLength: 5000}`) or a map's values, loses them: the backend makes such a primitive a type alias
    named after its field (`Charge`, `Product = Annotated[str, ...]`) and renames the component class it
    collides with (`ChargeModel`, `ProductModel`), which the client still calls by its own name. Bounds there are
    documentation, as patterns are; a property's own bounds stay checked."""
    inner = [*_union_members(schema), schema.get("items"), schema.get("additionalProperties")]
    for member in inner:
        if not isinstance(member, dict):
            continue
        declared = member.get("type")
        kinds = _kinds(declared)
        if "$ref" not in member and all(k in (*JSON_SCALARS, "null") for k in kinds):
            for constraint in CONSTRAINTS:
                member.pop(constraint, None)
        elif any(isinstance(member.get(key), list) for key in ("anyOf", "oneOf")):
            _plain_inline_primitives(member)  # a union inside a union (a 3.0 `nullable` one, read as 3.1)


ARRAY_KEYWORDS = ("items", "minItems", "maxItems", "uniqueItems")


def _array_keywords_into_members(schema: dict[str, Any]) -> None:
    """Array keywords beside a union and no `type` (Slack's `profile.fields: {items: {type: object}, nullable: true,
    oneOf: [{type: object}, {type: array, items: {}}]}`) apply to its array members only: they go into the inline
    array members that lack them, and leave the schema. The backend read `items` as "an array" and dropped the
    union, so every reply whose `fields` was an object failed validation."""
    if "type" in schema or not any(isinstance(schema.get(key), list) for key in ("anyOf", "oneOf")):
        return
    moved = {key: schema.pop(key) for key in ARRAY_KEYWORDS if key in schema}
    if not moved:
        return
    unseen = _union_members(schema)
    while unseen:
        member = unseen.pop()
        if not isinstance(member, dict) or "$ref" in member:
            continue
        declared = member.get("type")
        kinds = _kinds(declared)
        if "array" in kinds:
            for key, value in moved.items():
                if member.get(key) in (None, {}):
                    member[key] = copy.deepcopy(value)
        elif "type" not in member:
            unseen += _union_members(member)


def _members_defer_to_parent(data: dict[str, Any]) -> None:
    """An anyOf/oneOf member that narrows a property its object declares (`status: {enum: [completed]}`) leaves it
    to the object: the backend makes each member a base class of the object's class, and a base typing `status`
    as a narrower enum than the class itself is an override `mypy --strict` refuses. A member that is a component
    something else refers to as well is left as it is."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    uses = Counter(ref for _, ref in iter_refs(data))
    for name, component in list(schemas.items()):
        for _, schema in iter_subschemas(component, join_pointer("components", "schemas", name)):
            declared = schema.get("properties")
            if not isinstance(declared, dict):
                continue
            for member in _union_members(schema):
                named = member.get("$ref") if isinstance(member, dict) else None
                if isinstance(named, str) and uses.get(named) != 1:
                    continue
                target = _resolved(data, member)
                own = target.get("properties") if isinstance(target, dict) else None
                if not isinstance(own, dict):
                    continue
                for prop in [n for n, s in own.items() if n in declared and _narrows(data, s, declared[n])]:
                    del own[prop]


def _resolved(data: dict[str, Any], schema: Any) -> Any:
    return deref(data, schema, lenient=True)[0]


def _narrows(data: dict[str, Any], prop: Any, declared: Any) -> bool:
    """The member's property only restricts the declared one's values (an enum or const, the same type or none)."""
    prop, declared = _resolved(data, prop), _resolved(data, declared)
    if not isinstance(prop, dict) or not isinstance(declared, dict) or "$ref" in prop:
        return False
    return ("enum" in prop or "const" in prop) and prop.get("type", declared.get("type")) == declared.get("type")


def _one_value_enums_as_const(data: dict[str, Any]) -> None:
    """Make each one-value enum property of an allOf base a `const`, so every class types it as the same Literal.

    The backend types such a property as an enum class in one model but as a Literal in another (a
    discriminated union's member, or a subclass that redeclares it as required), and a subclass whose
    field narrows its base's to an unrelated type fails `mypy --strict`; a const is a Literal everywhere.
    """
    schemas: dict[str, Any] = (data.get("components") or {}).get("schemas") or {}
    for name in sorted(allof_bases(data)):
        base = schemas.get(name)
        properties = base.get("properties") if isinstance(base, dict) else None
        if not isinstance(properties, dict):
            continue
        for key, prop in list(properties.items()):
            if isinstance(prop, dict):
                properties[key] = _as_const(schemas, prop)


def _as_const(schemas: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    """The property as a `const` if it is (or refers to a component that is) a closed one-value enum."""
    ref = prop.get("$ref")
    prefix = "#/components/schemas/"
    target = schemas.get(ref.removeprefix(prefix)) if isinstance(ref, str) and ref.startswith(prefix) else prop
    enum = target.get("enum") if isinstance(target, dict) else None
    if not isinstance(target, dict) or not isinstance(enum, list) or len(enum) != 1 or target.get("x-open-enum"):
        return prop
    inherited = {k: v for k, v in target.items() if k in ("type", "description", "default", "title")}
    own = {k: v for k, v in prop.items() if k not in ("$ref", "enum")}
    return {**inherited, **own, "const": enum[0]}


def _renamed(data: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    """The document with component schemas renamed (`renames`: old -> new), every reference to them too."""
    if not renames:
        return data
    schemas = data["components"]["schemas"]
    data["components"]["schemas"] = {renames.get(name, name): schema for name, schema in schemas.items()}
    old = {f"#/components/schemas/{escape_pointer_token(o)}": n for o, n in renames.items()}

    def fix(ref: str) -> str:
        for prefix, new in old.items():
            if ref == prefix or ref.startswith(prefix + "/"):
                return f"#/components/schemas/{escape_pointer_token(new)}{ref[len(prefix) :]}"
        return ref

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                node["$ref"] = fix(node["$ref"])
            mapping = (
                (node.get("discriminator") or {}).get("mapping")
                if isinstance(node.get("discriminator"), dict)
                else None
            )
            if isinstance(mapping, dict):
                for tag, target in mapping.items():
                    mapping[tag] = fix(target) if isinstance(target, str) else target
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return data


def has_component_schemas(data: dict[str, Any]) -> bool:
    """Whether there is any component schema to make a model of."""
    return bool((data.get("components") or {}).get("schemas"))


EMPTY_MODELS = '''"""The spec defines no component schemas, so there are no models."""

from __future__ import annotations
'''


def _additional_imports(package: str, extra: dict[str, Any]) -> list[str]:
    imports = []
    if any("open_union" in v for v in extra.values()):
        imports += ["pydantic.Discriminator", "pydantic.Tag"]
        imports += [f"{package}._core._open_types.{n}" for n in ("UNKNOWN_TAG", "UnknownVariant", "open_discriminator")]
    if any("open_enum" in v for v in extra.values()):
        imports.append(f"{package}._core._open_types.open_enum_member")
    return imports


def field_aliases(service: Service) -> dict[str, str]:
    """`Class.wire-name` -> the IR's field name, for every field the IR names otherwise than its wire name."""
    return {
        f"{model.class_name}.{field.wire_name}": field.python_name
        for model in service.models
        for field in model.fields or ()
        if field.python_name != field.wire_name
    }


def internal_error(detail: str) -> str:
    """The message of a models backend failure: the generator's bug on a document it accepted, not the document's."""
    return (
        "internal error: the models backend (datamodel-code-generator) failed on this document, which passed "
        f"validation; this is a bug of the generator, please report it with the document: {detail}"
    )


def render_models(service: Service, templates: Path, work: Path, ahead: str | None = None) -> str:
    """The models module's source for one service, its classes and fields named as the IR names them.

    The backend's output is kept in generator/openapi/cache.py's store by a hash of all it is given (the model
    document, our template data, the options, the templates, the tool versions): a spec edited where no
    model changes (an operation, a description of the API) takes the models it had, without running it.
    `ahead`: the source a worker already rendered for these same inputs (models_ahead.py), used as it is.
    """
    return ahead if ahead is not None else rendered_models(service, templates, work)[1]


def rendered_models(service: Service, templates: Path, work: Path) -> tuple[str | None, str]:
    """(the key of all the backend is given, or None when there is no model; the models module's source)."""
    backend = _backend_inputs(service, templates)
    if backend is None:
        return None, EMPTY_MODELS
    entry, inputs, options = backend
    stored = cache.get(MODELS, entry)
    if stored is not None:
        source = stored.decode("utf-8")
    else:
        source = _run_backend(service.model_document, work, inputs, [*options, f"--custom-template-dir={templates}"])
        cache.put(MODELS, entry, source.encode("utf-8"), prune=True)
    source = "\n".join(
        line
        for line in source.splitlines()
        if not line.startswith(("# generated by datamodel-codegen", "#   filename:"))
    )
    return entry, source.lstrip("\n") + "\n"


def models_entry(service: Service, templates: Path) -> str | None:
    """The key of all the backend is given for `service` (None: no component schema, no backend run)."""
    backend = _backend_inputs(service, templates)
    return None if backend is None else backend[0]


def _backend_inputs(service: Service, templates: Path) -> tuple[str, dict[str, str], list[str]] | None:
    """(key, the files the backend reads, its options) for one service; None when it has no component schema."""
    doc = service.model_document
    if not has_component_schemas(doc.data):
        return None
    relaxed = {m.component: set(m.relaxed) for m in service.models if m.relaxed}
    view = model_view(doc.data, {m.component: m.class_name for m in service.models}, relaxed)
    inputs = {
        INPUT_NAME: json.dumps(backend_document(view)),
        "extra.json": json.dumps(extra_template_data(view), sort_keys=True),
        "aliases.json": json.dumps(field_aliases(service), sort_keys=True),
    }
    options = list(DATAMODEL_OPTIONS)
    imports = _additional_imports(service.package, json.loads(inputs["extra.json"]))
    if imports:
        options.append("--additional-imports=" + ",".join(imports))
    entry = cache.key(
        cache.versions(*BACKEND_TOOLS),
        platform.python_version(),
        Path(__file__).read_bytes(),  # this module: how the backend is run
        *options,
        *(f"{p.relative_to(templates).as_posix()}\0{p.read_text(encoding='utf-8')}" for p in _templates(templates)),
        *(f"{name}\0{text}" for name, text in inputs.items()),
    )
    return entry, inputs, options


def backend_document(view: dict[str, Any]) -> dict[str, Any]:
    """What of the model document the backend reads: its components (with the OpenAPI version), not the paths.

    The backend makes models of the component schemas only (its default scope), so an edit of an operation
    leaves its input, and the models stored for it, as they were. When a component refers into the rest of
    the document, the backend is given all of it.
    """
    kept: dict[str, Any] = {
        key: view[key] for key in ("openapi", "$self", "jsonSchemaDialect", "components") if key in view
    }
    if any(not ref.startswith("#/components/") for _, ref in iter_refs(kept)):
        return view
    return kept


MODELS = "models"
# The packages whose code turns the model document into source: the backend, its formatter, its templates' engine.
BACKEND_TOOLS = ("datamodel-code-generator", "ruff", "black", "isort", "jinja2", "pydantic")


def _templates(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _run_backend(doc: SpecDocument, work: Path, inputs: dict[str, str], options: list[str]) -> str:
    """datamodel-code-generator on the model document in `work`: its output, as it writes it."""
    from datamodel_code_generator.__main__ import main as datamodel_codegen

    work.mkdir(parents=True, exist_ok=True)
    for name, text in inputs.items():
        (work / name).write_text(text, encoding="utf-8")
    out_path = work / "models.py"
    args = [
        *options,
        f"--input={work / INPUT_NAME}",
        f"--output={out_path}",
        f"--extra-template-data={work / 'extra.json'}",
        f"--aliases={work / 'aliases.json'}",
    ]
    stderr = io.StringIO()
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stderr(stderr),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        warnings.simplefilter("always")
        try:
            code = int(datamodel_codegen(args))
        except Exception as exc:  # noqa: BLE001 - any failure of the backend is reported the same way
            code, problems = 1, [f"{type(exc).__name__}: {exc}"]
        else:
            problems = []
    problems += [str(w.message) for w in caught if "format" in str(w.message).lower()]
    if code != 0 or not out_path.exists() or problems:
        detail = (stderr.getvalue().strip() or "; ".join(problems) or f"exit code {code}")[:2000]
        raise GenerationError([doc.diagnostic("/components/schemas", internal_error(detail))])
    return out_path.read_text(encoding="utf-8")

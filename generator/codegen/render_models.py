"""Render stage, models: datamodel-code-generator (pydantic v2) through our templates in templates/models."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..openapi.allof_conflicts import allof_conflicts
from ..openapi.diagnostics import GenerationError
from ..openapi.formats import known_format
from ..openapi.load import SpecDocument
from ..openapi.pointer import join_pointer, resolve_pointer, split_pointer
from ..openapi.refs import reachable_components
from ..openapi.walk import HTTP_METHODS, iter_subschemas

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


@dataclass(frozen=True)
class ModelField:
    """A field of a generated model: its Python name, wire name and type."""

    name: str
    alias: str
    type: str
    required: bool


@dataclass
class ModelIndex:
    """What datamodel-code-generator made of each component schema."""

    classes: dict[str, str] = field(default_factory=dict)  # component name -> class name
    fields: dict[str, list[ModelField]] = field(default_factory=dict)  # class name -> fields

    def class_for(self, component: str) -> str:
        """The class generated for `#/components/schemas/<component>`."""
        return self.classes[component]


def extra_template_data(doc: SpecDocument) -> dict[str, Any]:
    """Per-schema data for our templates: open enums and unions, and request models that refuse unknown fields."""
    data: dict[str, Any] = {name: {"config": {"extra": "forbid"}} for name in request_only_schemas(doc.data)}
    for name, schema in sorted(((doc.data.get("components") or {}).get("schemas") or {}).items()):
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
    prefix = "/components/schemas/"
    only = reachable_components(data, requests) - reachable_components(data, others)
    return sorted(pointer.removeprefix(prefix) for pointer in only if pointer.startswith(prefix))


def model_view(data: dict[str, Any]) -> dict[str, Any]:
    """The spec as the models see it: no string `pattern`s, no `format`s the backend does not know.

    Patterns are documentation, not run-time checks: the validator checks every example against
    them and the published spec keeps them, but a model that enforced them would reject a whole
    page the day the server sends an id in a new format (openapi-python-client and
    foundry-platform-python do not enforce them either), and the regexes cost about a sixth of the
    validation time of a listing's items. An unknown format (the validator warns about each) is its
    JSON type; an allOf member's property that contradicts the inherited one is left out (see allof_conflicts).
    """
    copied: dict[str, Any] = copy.deepcopy(data)
    for pointer, _ in list(allof_conflicts(copied)):
        tokens = split_pointer(pointer)
        del resolve_pointer(copied, join_pointer(*tokens[:-1]))[tokens[-1]]
    for name, schema in ((copied.get("components") or {}).get("schemas") or {}).items():
        for _, sub in iter_subschemas(schema, join_pointer("components", "schemas", name)):
            if isinstance(sub.get("pattern"), str):
                del sub["pattern"]
            kinds: list[Any] = sub["type"] if isinstance(sub.get("type"), list) else [sub.get("type")]
            if "format" in sub and not all(known_format(k, sub["format"]) for k in kinds if k != "null"):
                del sub["format"]
    return copied


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


def render_models(doc: SpecDocument, package: str, templates: Path, work: Path) -> tuple[str, ModelIndex]:
    """Generate the models module's source for one spec and the index of its classes and fields."""
    from datamodel_code_generator.__main__ import main as datamodel_codegen

    work.mkdir(parents=True, exist_ok=True)
    spec_path, out_path, meta_path, extra_path = (
        work / n for n in (INPUT_NAME, "models.py", "meta.json", "extra.json")
    )
    if not has_component_schemas(doc.data):
        return EMPTY_MODELS, ModelIndex()
    spec_path.write_text(json.dumps(model_view(doc.data)), encoding="utf-8")
    extra = extra_template_data(doc)
    extra_path.write_text(json.dumps(extra, sort_keys=True), encoding="utf-8")
    args = [
        *DATAMODEL_OPTIONS,
        f"--input={spec_path}",
        f"--output={out_path}",
        f"--custom-template-dir={templates}",
        f"--extra-template-data={extra_path}",
        f"--emit-model-metadata={meta_path}",
    ]
    imports = _additional_imports(package, extra)
    if imports:
        args.append("--additional-imports=" + ",".join(imports))
    stderr = io.StringIO()
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stderr(stderr),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        warnings.simplefilter("always")
        code = datamodel_codegen(args)
    problems = [str(w.message) for w in caught if "format" in str(w.message).lower()]
    if int(code) != 0 or not out_path.exists() or problems:
        detail = (stderr.getvalue().strip() or "; ".join(problems) or f"exit code {int(code)}")[:2000]
        raise GenerationError([doc.diagnostic("/components/schemas", f"datamodel-code-generator failed: {detail}")])
    source = out_path.read_text(encoding="utf-8")
    source = "\n".join(
        line
        for line in source.splitlines()
        if not line.startswith(("# generated by datamodel-codegen", "#   filename:"))
    )
    return source.lstrip("\n") + "\n", _read_index(meta_path)


def _read_index(meta_path: Path) -> ModelIndex:
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    index = ModelIndex()
    for model in meta.get("models", []):
        path = model.get("source_path") or []
        if len(path) == 3 and path[:2] == ["components", "schemas"]:
            index.classes[path[2]] = model["class_name"]
        index.fields[model["class_name"]] = [
            ModelField(f["name"], f.get("alias") or f["name"], f.get("type", "Any"), bool(f.get("required")))
            for f in model.get("fields", [])
        ]
    return index

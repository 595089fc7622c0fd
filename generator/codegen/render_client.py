"""Render stage, client: our Jinja templates in templates/client over the IR, plus the runtime core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from ..openapi import cache
from ..openapi.formats import TYPE_MODULES
from ..openapi.naming import snake_case
from ..runtime._status import OTHER_ERROR, SERVER_ERROR, status_error_name
from .client_view import OperationView, service_context
from .finalize import RUNTIME_PACKAGE
from .ir import Service

RUNTIME_DIR = Path(__file__).parent.parent / "runtime"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def docstring_text(value: Any) -> str:
    """Text that is safe inside a triple-quoted docstring, whatever the spec says."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value or "").replace("\\", "\\\\"))
    text = text.replace('"""', '\\"\\"\\"').replace("\r\n", "\n").replace("\r", "\n").strip()
    return text[:-1] + '\\"' if text.endswith('"') else text


def one_line(value: Any) -> str:
    """Collapse whitespace: a description as one line."""
    return " ".join(str(value or "").split())


def template_store() -> FileSystemBytecodeCache | None:
    """The compiled templates, kept in generator/openapi/cache.py's store (jinja keys each by its source and version)."""
    folder = cache.root()
    if folder is None:
        return None
    try:
        (folder / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder / "jinja"))


def _status_class(status: str) -> str:
    """The runtime's error class of a documented error status (`404`, `5XX`; `4XX` and `default`: ApiError)."""
    if status.isdigit():
        return status_error_name(int(status))
    return SERVER_ERROR if status.upper() == "5XX" else OTHER_ERROR


class ClientRenderer:
    """Renders the client modules of one service from a read-only view of its IR."""

    def __init__(self, templates: Path, service: Service) -> None:
        self.service = service
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            autoescape=False,  # noqa: S701 - Python source, not HTML; spec text goes through pyrepr/docstring
            bytecode_cache=template_store(),
        )
        self.env.filters.update(
            pyrepr=repr,
            docstring=docstring_text,
            oneline=one_line,
            snake=snake_case,
            dict=dict,
            return_type=self.return_type,
            item_type_expr=self.item_type_expr,
            raises=self.raises,
        )

    @staticmethod
    def return_type(op: OperationView, mode: str) -> str:
        if op.batch:
            return f"dict[str, {op.value_annotation}]"
        if op.pagination:
            return f"{'AsyncPager' if mode == 'async' else 'SyncPager'}[{op.item_type}]"
        if op.response_kind == "bytes":
            return "bytes"
        if op.response_kind == "events":
            return f"{'AsyncEventStream' if mode == 'async' else 'EventStream'}[{op.response_annotation}]"
        return op.response_annotation if op.response_annotation and op.response_kind != "none" else "None"

    @staticmethod
    def item_type_expr(op: OperationView) -> str:
        if op.item_types:
            return "{" + ", ".join(f"{k!r}: {v}" for k, v in op.item_types) + "}"
        return op.item_type

    def raises(self, op: OperationView) -> list[tuple[str, str]]:
        """The Raises section of a method: the typed errors its spec documents, then the catch-alls."""
        known = {e.class_name: e for e in self.service.errors}
        lines = [
            (name, f"(HTTP {known[name].status}) {one_line(known[name].description) or 'error key ' + known[name].key}")
            for name in op.error_classes
        ]
        problems = [
            (
                _status_class(status),
                f"(HTTP {status}) {one_line(description).rstrip('.') or 'An error'}; its `problem` is the "
                "application/problem+json body (type, title, status, detail, instance).",
            )
            for status, description in op.problem_errors
        ]
        return [
            *lines,
            *problems,
            ("ApiError", "any other error response, as the class of its HTTP status (e.g. NotFoundError)."),
            (
                "SdkError",
                "no response, or one that cannot be read (ApiConnectionError, ApiTimeoutError, ApiDecodeError, "
                "ApiResponseValidationError).",
            ),
        ]

    @staticmethod
    def resource_imports(ops: list[OperationView]) -> dict[str, Any]:
        """What a resource module imports, so that nothing imported goes unused."""
        runtime = {"AsyncApiClient", "RequestOptions", "SyncApiClient"}
        runtime |= {"Call"} if any(not op.batch for op in ops) else set()
        if any(op.pagination for op in ops):
            runtime |= {"AsyncPager", "SyncPager"}
        locations = {p.location for op in ops for p in op.params}
        needs = {
            "dump_body": any(
                op.request_kind == "json" and op.body_class and not op.merge_patch and not op.params_in("body-value")
                for op in ops
            ),
            "dump_value": any(op.params_in("body-value") and not op.merge_patch for op in ops),
            "with_flag": any(op.flag_in == "value" for op in ops),
            "dump_patch": any(op.merge_patch for op in ops),
            "any_given": any(
                op.body_optional
                and ((op.body_class and not op.merge_patch) or op.request_kind in ("form", "multipart"))
                for op in ops
            ),
            "NOT_GIVEN": any(p.default == "NOT_GIVEN" and not p.required for op in ops for p in op.params),
            "NotGiven": any(p.default == "NOT_GIVEN" and not p.required for op in ops for p in op.params),
            "RawBody": "content" in locations,
            "RawContent": "content" in locations,
            "FormBody": any(op.request_kind == "form" for op in ops),
            "MultipartBody": any(op.request_kind == "multipart" for op in ops),
            "FileInput": "file" in locations,
            "StreamContext": any(op.streams for op in ops),
            "AsyncStreamContext": any(op.streams for op in ops),
            "unwrap": any(op.unwrap for op in ops),
            "read_variant": any(op.response_kind == "variants" for op in ops),
            "EventStream": any(op.response_kind == "events" for op in ops),
            "AsyncEventStream": any(op.response_kind == "events" for op in ops),
        }
        used = set().union(*(op.imported_names for op in ops))
        batched = any(op.batch for op in ops)  # its keys: SequenceNotStr[str] (a bare str is no list of keys)
        runtime |= {name for name, needed in needs.items() if needed} | (used & {"SequenceNotStr"})
        runtime |= {"SequenceNotStr"} if batched else set()
        spelt = [p.annotation for op in ops for p in op.params]
        spelt += [p.dumped_as for op in ops if not op.merge_patch for p in op.params_in("body-value")]  # dump_value
        spelt += [
            str(t) for op in ops for t in (op.response_annotation, op.item_type, op.value_annotation, op.item_types)
        ]
        uses_models = any(op.body_class or op.batch for op in ops) or any("_models." in str(t) for t in spelt)
        return {
            "builtins": any("builtins." in str(t) for t in spelt),  # client_view.unshadowed
            "models": ["_models"] if uses_models else [],
            "runtime": sorted(runtime),
            "abc": sorted(used & {"Mapping", "Sequence"}),
            "typing": [n for n in ("Any", "Literal") if n in used],
            "formats": ClientRenderer.format_modules(used),
        }

    @staticmethod
    def format_modules(used: set[str]) -> list[tuple[str, list[str]]]:
        """The modules of the formats' types an annotation uses (`datetime`: `date`), each with its names."""
        modules: dict[str, list[str]] = {}
        for name in sorted(used & TYPE_MODULES.keys()):
            modules.setdefault(TYPE_MODULES[name], []).append(name)
        return sorted(modules.items())

    @staticmethod
    def operations_imports(ops: list[OperationView]) -> list[str]:
        """The runtime names the operations module needs."""
        names = {"ErrorEnvelope", "Operation"}
        names |= {"PaginationSpec"} if any(op.pagination for op in ops) else set()
        names |= {"LookupSpec"} if any(op.pagination and op.pagination.lookup for op in ops) else set()
        names |= {"BatchSpec"} if any(op.batch for op in ops) else set()
        names |= {"UnwrapSpec"} if any(op.unwrap for op in ops) else set()
        names |= {"ResponseVariant"} if any(op.variants for op in ops) else set()
        names |= {"Server"} if any(op.servers for op in ops) else set()
        names |= {"PartEncoding"} if any(op.encodings for op in ops) else set()
        names |= {"ParamStyle"} if any(op.param_styles or op.styled_parts for op in ops) else set()
        names |= {"Expects"} if any(op.expects for op in ops) else set()
        return sorted(names)

    def render(self) -> dict[str, str]:
        """Every client file of the package, by path relative to the package root."""
        context = service_context(self.service)
        every = [op for ops in context["operations"].values() for op in ops]
        context["operations_imports"] = self.operations_imports(every)
        context["operations_use_models"] = any(kind for op in every for _, _, kind in op.variants)
        variant_names = set().union(*(op.variant_imported_names for op in every))
        context["operations_typing"] = sorted(variant_names & {"Any", "Literal"})
        context["operations_formats"] = self.format_modules(variant_names)
        files = {
            "__init__.py": self.env.get_template("__init__.py.jinja").render(context),
            "_client.py": self.env.get_template("_client.py.jinja").render(context),
            "_operations.py": self.env.get_template("_operations.py.jinja").render(context),
            "errors.py": self.env.get_template("errors.py.jinja").render(context),
            "resources/__init__.py": self.env.get_template("resources/__init__.py.jinja").render(context),
            "py.typed": "",
        }
        resource_template = self.env.get_template("resources/resource.py.jinja")
        for resource in self.service.resources:
            ops = context["operations"][resource.name]
            files[f"resources/{resource.name}.py"] = resource_template.render(
                context | {"resource": resource, "ops": ops, "imports": self.resource_imports(ops)}
            )
        return files


def runtime_files() -> dict[str, str]:
    """The hand-written runtime core, copied into each package as `_core/`."""
    return {f"{RUNTIME_PACKAGE}/{p.name}": p.read_text(encoding="utf-8") for p in sorted(RUNTIME_DIR.glob("*.py"))}

"""A Python sample per operation, written from the IR with the spec's own examples as argument values."""

from __future__ import annotations

import pprint
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from ..codegen.finalize import format_tree
from ..codegen.ir import Operation, ParamLocation, Service
from ..codegen.ir_security import and_join, client_settings
from ..codegen.ir_types import ModelRef
from ..openapi.naming import method_name
from ..openapi.refs import deref
from ..openapi.walk import HTTP_METHODS
from .typed_values import Typed, typed_expressions

MISSING = object()
TYPED_MARK = "__typed_argument_"


def _placeholder(value: Any) -> bool:
    """True when a JSON value holds a `<...>` stand-in (`<gid-1>`) rather than a real value."""
    if isinstance(value, dict):
        return any(_placeholder(v) for v in value.values())
    if isinstance(value, list):
        return any(_placeholder(v) for v in value)
    return isinstance(value, str) and value.startswith("<") and value.endswith(">")


def _first_example(data: dict[str, Any], holder: Any) -> Any:
    """A parameter's or media type's example value: the first without `<...>` stand-ins, else the first; or MISSING."""
    holder, _ = deref(data, holder, "")
    if not isinstance(holder, dict):
        return MISSING
    values = [holder["example"]] if "example" in holder else []
    for example in (holder.get("examples") or {}).values():
        example, _ = deref(data, example, "")
        if isinstance(example, dict) and "value" in example:
            values.append(example["value"])
    schema, _ = deref(data, holder.get("schema"), "")
    if isinstance(schema, dict) and isinstance(schema.get("examples"), list):
        values += schema["examples"]
    return next((v for v in values if not _placeholder(v)), values[0] if values else MISSING)


def _raw_operations(data: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Each operation's path item and operation object, by its id (the operationId, else as the IR names it)."""
    found = {}
    for path, item in (data.get("paths") or {}).items():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                found[str(op.get("operationId") or method_name(path, method, op))] = (item, op)
    return found


def _literal(value: Any) -> str:
    """A Python expression of a JSON value, on one line (ruff lays it out afterwards)."""
    return pprint.pformat(value, width=10_000, sort_dicts=False)


def formatted(sources: list[str]) -> list[str]:
    """The sources laid out by the project's pinned ruff pass."""
    with tempfile.TemporaryDirectory(prefix="samples-") as work:
        files = [Path(work) / f"sample_{n}.py" for n in range(len(sources))]
        for file, source in zip(files, sources, strict=True):
            file.write_text(source, encoding="utf-8")
        format_tree(Path(work))
        return [file.read_text(encoding="utf-8") for file in files]


class SampleWriter:
    """Writes `x-codeSamples` entries of one service's operations into its bundled spec.

    With `package_root`, the folder that holds the generated package, a model argument is written as the typed
    constructor calls a user would write (typed_values.py); without it, as `models.X.model_validate({...})`.
    """

    def __init__(self, service: Service, data: dict[str, Any], package_root: Path | None = None) -> None:
        self.service = service
        self.data = data
        self.package_root = package_root
        self.typed: list[tuple[str, Any]] = []  # model arguments, written as TYPED_MARK<n> until resolved

    def parameter_example(self, item: dict[str, Any], op: dict[str, Any], name: str) -> Any:
        for raw in [*(op.get("parameters") or []), *(item.get("parameters") or [])]:
            param, _ = deref(self.data, raw, "")
            if isinstance(param, dict) and param.get("name") == name:
                return _first_example(self.data, param)
        return MISSING

    def body_example(self, op: dict[str, Any], media_type: str) -> Any:
        body, _ = deref(self.data, op.get("requestBody"), "")
        content = body.get("content") if isinstance(body, dict) else None
        media = (content or {}).get(media_type or "application/json")
        return _first_example(self.data, media) if media is not None else MISSING

    def arguments(self, operation: Operation, item: dict[str, Any], op: dict[str, Any]) -> list[str]:
        """The call's required arguments, valued from the spec's examples (a placeholder where it has none)."""
        body = self.body_example(op, operation.request_media)
        if operation.batch_arg and operation.batch:
            key = operation.batch.item_key
            values = [e[key] for e in body if isinstance(e, dict) and key in e] if isinstance(body, list) else []
            return [_literal(values or [f"<{key}>"])]
        found = []
        for param in sorted(operation.params, key=lambda p: not p.positional):  # as the signature: positional first
            if not param.required:
                continue
            name = param.wire_name or param.python_name
            if param.location in (ParamLocation.CONTENT, ParamLocation.FILE):  # raw bytes
                found.append(f'b"<{name}>"' if param.positional else f'{param.python_name}=b"<{name}>"')
                continue
            if param.location == ParamLocation.BODY_VALUE:  # the whole body
                value = body
            elif param.location in (ParamLocation.BODY, ParamLocation.FORM, ParamLocation.MULTIPART):  # a body field
                value = body.get(param.wire_name, MISSING) if isinstance(body, dict) else MISSING
            else:
                value = self.parameter_example(item, op, param.wire_name)
            text = _literal(f"<{name}>" if value is MISSING else value)
            if isinstance(param.type, ModelRef) and isinstance(value, dict):
                self.typed.append((param.type.name, value))
                text = f"{TYPED_MARK}{len(self.typed) - 1}"
            found.append(text if param.positional else f"{param.python_name}={text}")
        return found

    def settings_comment(self) -> str:
        """`Base URL and token from $KARAT_BASE_URL and $KARAT_TOKEN.`: what the sample's client reads."""
        what, env_vars, _ = client_settings(self.service.credentials, self.service.env_prefix)
        text = and_join(what)
        return f"{text[0].upper()}{text[1:]} from {and_join(['$' + v for v in env_vars])}."

    def client_arguments(self) -> str:
        """Client settings that are path parameters (Unicat's project_gid), from the spec's examples."""
        values = []
        for name in self.service.client_path_params:
            example = next(
                (
                    self.parameter_example(item, op, name)
                    for item, op in _raw_operations(self.data).values()
                    if self.parameter_example(item, op, name) is not MISSING
                ),
                f"<{name}>",
            )
            values.append(f"{name}={_literal(example)}")
        return ", ".join(values)

    def sample(self, resource: str, operation: Operation, item: dict[str, Any], op: dict[str, Any]) -> str:
        """The source of one operation's sample, without its imports (with_imports)."""
        service = self.service
        args = self.arguments(operation, item, op)
        call = f"client.{resource}.{operation.method_name}({', '.join(args)})"
        if operation.item_type or operation.item_types:
            use = f"    for item in {call}:\n        print(item)\n"
        else:
            use = f"    result = {call}\n    print(result)\n"
        comment = "".join(f"# {line}\n" for line in textwrap.wrap(self.settings_comment(), 100))
        return comment + f"with {service.client_name}Client({self.client_arguments()}) as client:\n{use}"

    def with_imports(self, body: str, typed: list[Typed]) -> str:
        """A sample's body with its model arguments written out, below the imports it needs."""
        imports = set()
        for index in reversed(range(len(self.typed))):  # TYPED_MARK12 before TYPED_MARK1
            mark = f"{TYPED_MARK}{index}"
            if mark in body:
                name, value = self.typed[index]
                expression, needs = typed[index] or (f"models.{name}.model_validate({_literal(value)})", [])
                body = body.replace(mark, expression)
                imports.update(needs)
        names = f"{self.service.client_name}Client" + (", models" if "models." in body else "")
        return "\n".join([*sorted(imports), f"from {self.service.package} import {names}", "", body])

    def add_samples(self) -> str:
        """Set `x-codeSamples` (one Python sample) on every operation of the service; the first sample."""
        raw = _raw_operations(self.data)
        targets = [  # a `_stream` twin is the same operation: its ordinary method is the sample
            (r.name, o, *raw[o.operation_id]) for r in self.service.resources for o in r.operations if not o.twin
        ]
        bodies = [self.sample(name, operation, item, op) for name, operation, item, op in targets]
        root = self.package_root
        typed: list[Typed] = (
            typed_expressions(root, self.service.package, self.typed) if root else [None] * len(self.typed)
        )
        sources = formatted([self.with_imports(body, typed) for body in bodies])
        for (_, _, _, op), source in zip(targets, sources, strict=True):
            op["x-codeSamples"] = [{"lang": "Python", "source": source}]
        return sources[0] if sources else ""

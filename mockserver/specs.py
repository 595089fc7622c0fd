"""Load the OpenAPI documents and index their operations, parameters, bodies and responses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from jsonschema import (
    Draft202012Validator,
    FormatChecker,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.openapi.load import read_yaml
from generator.openapi.media import media_essence
from generator.openapi.pointer import escape_pointer_token, join_pointer, resolve_pointer
from generator.openapi.refs import deref

from .fast_schema import SchemaCompiler, fast_validator_class

SPEC_URI = "urn:spec"
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
DEFAULT_SPEC_DIR = Path(__file__).resolve().parent.parent / "spec"
Style = Literal["foundry", "unicat", "plain"]  # plain: a document without x-error-envelope


@dataclass(frozen=True)
class Parameter:
    """One declared path or query parameter."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    schema_pointer: str
    style: str = "form"
    explode: bool = True


@dataclass(frozen=True)
class ResponseSpec:
    """The documented response of one status (or `default`)."""

    schema_pointer: str | None
    headers: dict[str, tuple[bool, str]]
    pointer: str = ""
    media_types: tuple[str, ...] = ()


_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def _segment_pattern(segment: str) -> re.Pattern[str] | None:
    """A templated path segment as a regex (`{id}.json`, `v{major}-{minor}`), one group per parameter; None if literal."""
    parts = _TEMPLATE.split(segment)  # literal, name, literal, name, ..., literal
    if len(parts) == 1:
        return None
    return re.compile("".join(re.escape(part) if i % 2 == 0 else "(.+?)" for i, part in enumerate(parts)))


@dataclass
class Operation:
    """One operation of a document, with what is needed to route, validate and check it."""

    service: Service
    operation_id: str
    method: str
    path: str
    raw: dict[str, Any]
    parameters: list[Parameter]
    body_pointer: str | None
    body_required: bool
    responses: dict[str, ResponseSpec]
    scopes: tuple[str, ...]
    body_media: dict[str, str] = field(default_factory=dict)
    base_path: str | None = None  # the path of the operation's (or its path item's) own server; None: the document's
    segments: tuple[str, ...] = field(init=False)
    _patterns: tuple[re.Pattern[str] | None, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        base = self.service.base_path if self.base_path is None else self.base_path
        self.segments = tuple((base + self.path).strip("/").split("/"))
        self._patterns = tuple(_segment_pattern(s) for s in self.segments)

    @property
    def specificity(self) -> tuple[bool, ...]:
        """Literal segments before templated ones, left to right: `/records/getBatch` beats `/records/{rid}`."""
        return tuple("{" not in s for s in self.segments)

    def match(self, raw_segments: list[str]) -> dict[str, str] | None:
        """Return the path parameters when the raw (still percent-encoded) segments match this path."""
        if len(raw_segments) != len(self.segments):
            return None
        found: dict[str, str] = {}
        for template, pattern, raw in zip(self.segments, self._patterns, raw_segments, strict=True):
            if pattern is None:
                if template != raw:
                    return None
                continue
            matched = pattern.fullmatch(raw)
            if matched is None:
                return None
            names = _TEMPLATE.findall(template)
            found |= {name: unquote(value) for name, value in zip(names, matched.groups(), strict=True)}
        return found

    def response_for(self, status: int) -> ResponseSpec | None:
        """The documented response for a status: exact, then `4XX`-style, then `default`."""
        return (
            self.responses.get(str(status)) or self.responses.get(f"{status // 100}XX") or self.responses.get("default")
        )

    @property
    def preview_param(self) -> str | None:
        """The query parameter a preview endpoint needs (`x-preview`), if any."""
        preview = self.raw.get("x-preview")
        return str(preview["param"]) if isinstance(preview, dict) else None


class Service:
    """One loaded OpenAPI document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.doc: dict[str, Any] = read_yaml(path.read_text(encoding="utf-8"))
        self.title = str(self.doc.get("info", {}).get("title", path.stem))
        servers = self.doc.get("servers") or [{}]
        self.base_path = urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")  # served under the server's path
        envelope = self.doc.get("x-error-envelope") or {}
        self.style: Style = "unicat" if "success" in envelope else "foundry" if envelope else "plain"
        self.operations = list(self._operations())
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._validators: dict[str, Draft202012Validator] = {}
        self._fast = fast_validator_class()

    def resolve(self, node: Any, pointer: str = "") -> tuple[Any, str]:
        """Follow local `$ref`s from `node` (found at `pointer`): the value and the pointer it is at."""
        return deref(self.doc, node, pointer)

    def at(self, json_pointer: str) -> Any:
        """The value at a JSON pointer of the document."""
        return resolve_pointer(self.doc, json_pointer)

    def validator(self, schema_pointer: str) -> Draft202012Validator:
        """A cached JSON Schema 2020-12 validator (formats checked) for the schema at a pointer."""
        found = self._validators.get(schema_pointer)
        if found is None:
            found = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{schema_pointer}"}, registry=self._registry, format_checker=FormatChecker()
            )
            self._validators[schema_pointer] = found
        return found

    def response_validator(self, schema_pointer: str) -> Draft202012Validator:
        """A fast validator for response bodies, with the same verdicts as `validator` (see `fast_validator`).

        On top, an object that passed a named object schema once is not checked against it
        again: the server's data never changes, and the cache holds the objects, so their ids
        stay theirs.
        """
        return self.fast_validator(schema_pointer, memo=True)

    def fast_validator(self, schema_pointer: str, *, memo: bool = False) -> Draft202012Validator:
        """A validator with the same verdicts as `validator`, faster on the documents' unions.

        $refs are inlined (recursive ones become local `$defs`), and a `oneOf` with a
        `discriminator` whose members each require the tag with a `const` equal to their mapping
        key (the documents' convention) checks only the member its tag names: that accepts
        exactly what the `oneOf` accepts. A union of another shape stays a `oneOf`.
        """
        key = f"fast:{memo}:{schema_pointer}"
        found = self._validators.get(key)
        if found is None:
            schema = SchemaCompiler(self.doc, memo=memo).compile(schema_pointer)
            found = self._fast(schema, registry=self._registry, format_checker=FormatChecker())
            self._validators[key] = found
        return found

    @cached_property
    def example_values(self) -> dict[str, Any]:
        """Media-type example values by `operationId/status` (`searchRecords/200`) and `operationId/request`."""
        found: dict[str, Any] = {}
        for op in self.operations:
            body = op.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
            for name, example in (body.get("examples") or {}).items():
                found[f"{op.operation_id}/request/{name}"] = self.resolve(example)[0].get("value")
            for status, response in (op.raw.get("responses") or {}).items():
                media = self.resolve(response)[0].get("content", {}).get("application/json", {})
                for name, example in (media.get("examples") or {}).items():
                    found[f"{op.operation_id}/{status}/{name}"] = self.resolve(example)[0].get("value")
        return found

    def _operations(self) -> list[Operation]:
        found = []
        for path, item in (self.doc.get("paths") or {}).items():
            shared = item.get("parameters") or []
            for method in ("get", "put", "post", "delete", "patch", "head", "options"):
                raw = item.get(method)
                if isinstance(raw, dict):
                    found.append(self._operation(path, method, raw, shared, raw.get("servers") or item.get("servers")))
        return found

    def _operation(
        self, path: str, method: str, raw: dict[str, Any], shared: list[Any], servers: Any = None
    ) -> Operation:
        """One operation, served under its own server's path when it (or its path item) has servers."""
        base = join_pointer("paths", path, method)
        params: dict[tuple[str, str], Parameter] = {}
        for where, entries in (
            (join_pointer("paths", path, "parameters"), shared),
            (base + "/parameters", raw.get("parameters") or []),
        ):
            for index, entry in enumerate(entries):
                resolved, at = self.resolve(entry, f"{where}/{index}")
                style = str(resolved.get("style") or _DEFAULT_STYLE.get(resolved["in"], "simple"))
                params[(resolved["name"], resolved["in"])] = Parameter(
                    name=resolved["name"],
                    location=resolved["in"],
                    required=bool(resolved.get("required")),
                    schema=self.resolve(resolved.get("schema", {}))[0],
                    schema_pointer=at + "/schema",
                    style=style,
                    explode=bool(resolved.get("explode", style == "form")),
                )
        body_pointer, body_required = None, False
        body_media: dict[str, str] = {}
        request_body = raw.get("requestBody")
        if isinstance(request_body, dict):
            resolved, at = self.resolve(request_body, base + "/requestBody")
            content = resolved.get("content") or {}
            body_required = bool(resolved.get("required"))
            for media in content:
                body_media[media] = at + "/content/" + escape_pointer_token(media) + "/schema"
            if "application/json" in content:
                body_pointer = body_media["application/json"]
        responses: dict[str, ResponseSpec] = {}
        for status, response in (raw.get("responses") or {}).items():
            resolved, at = self.resolve(response, base + "/responses/" + escape_pointer_token(status))
            content = resolved.get("content") or {}
            json_media = next((m for m in content if media_essence(m) == "application/json"), None)
            json_media = json_media or next((m for m in content if media_essence(m).endswith("+json")), None)
            schema_pointer = (
                at + "/content/" + escape_pointer_token(json_media) + "/schema"
                if json_media is not None and "schema" in (content[json_media] or {})
                else None
            )
            headers = {}
            for name, header in (resolved.get("headers") or {}).items():
                header_node, header_at = self.resolve(header, f"{at}/headers/{escape_pointer_token(name)}")
                headers[name] = (bool(header_node.get("required")), header_at + "/schema")
            responses[status] = ResponseSpec(schema_pointer, headers, at, tuple(resolved.get("content") or {}))
        security = raw.get("security", self.doc.get("security")) or []
        scopes = tuple(scope for requirement in security for scope in requirement.get("oauth2", []))
        return Operation(
            service=self,
            operation_id=str(raw.get("operationId")),
            method=method.upper(),
            path=path,
            raw=raw,
            parameters=list(params.values()),
            body_pointer=body_pointer,
            body_required=body_required,
            responses=responses,
            scopes=scopes,
            body_media=body_media,
            base_path=_server_path(servers),
        )


def _server_path(servers: Any) -> str | None:
    """The path of the first of an operation's own servers (`/media`, `https://{host}/v1` -> `/v1`); None without."""
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return None
    return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")


def load_services(paths: list[Path] | None = None) -> list[Service]:
    """Load the given documents, or every `spec/*.yaml` of the repository."""
    chosen = paths or sorted(DEFAULT_SPEC_DIR.glob("*.yaml"))
    if not chosen:
        raise FileNotFoundError(f"no OpenAPI documents found in {DEFAULT_SPEC_DIR}")
    return [Service(Path(p)) for p in chosen]

"""An httpx.MockTransport answering every operation of a document with its first success response, sampled."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from generator.openapi.media import is_json_media

from .schema_samples import SchemaSampler

EVENTS = "text/event-stream"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class SpecResponder:
    """Answers a request by the document's operation at its path and method; 404 for anything else."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.sampler = SchemaSampler(document)
        self.routes = []
        literal: list[int] = []  # per route, the length of its template without its parameters
        for template, item in (document.get("paths") or {}).items():
            item = self.sampler.resolve(item)
            # a fragment is never sent (AWS's `/#X-Amz-Target=RekognitionService.CompareFaces` is a POST to `/`)
            path = str(template).split("#", 1)[0]
            # a query in the template names the operation (Flickr's `/rest?method=flickr.photosets.getPhotos`), or
            # holds path parameters (ClickSend's `/fax/history?date_from={date_from}&...`)
            path, _, query = path.partition("?")
            fixed = dict(parse_qsl(query))
            pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path))
            for method in METHODS:
                operation = (item or {}).get(method)
                if isinstance(operation, dict):
                    # an operation on its own server (Box's uploads: `https://upload.box.com/api/2.0`) is sent to
                    # that server, whatever the base URL: its path is the server's path and then the template
                    prefixes = _server_paths(operation.get("servers") or item.get("servers"))
                    constants = self._header_constants(
                        [*(item.get("parameters") or []), *(operation.get("parameters") or [])]
                    )
                    route = (re.compile(prefixes + pattern + "/?"), method.upper(), operation, constants, fixed)
                    self.routes.append(route)
                    literal.append(len(re.sub(r"\{[^}]*\}", "", path)) + len(query))
        # as a server's router: the most specific template first, the one of the most literal text (Gitea's
        # `/commits/{sha}.{diffType}` before `/commits/{sha}`, which `x.diff` matches too), else the document's order
        ranked = sorted(range(len(self.routes)), key=lambda index: -literal[index])
        self.routes = [self.routes[index] for index in ranked]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        request.read()
        path = request.url.path
        # as sent first: a path parameter's `/` is `%2F` there (Azure's metricId `requests/count`), one segment
        raw = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        for candidate in dict.fromkeys((raw, path)):
            for pattern, method, operation, constants, fixed in self.routes:
                sent = all(request.headers.get(name) == value for name, value in constants.items())
                sent = sent and all(_query_matches(request.url.params.get(name), v) for name, v in fixed.items())
                if method == request.method and pattern.fullmatch(candidate) and sent:
                    return self.answer(operation, request.headers.get("Accept", ""))
        return httpx.Response(404, json={"message": f"no operation {request.method} {path}"})

    def _header_constants(self, parameters: list[Any]) -> dict[str, str]:
        """The required headers an operation fixes to one value: the request names the operation by them (AWS's
        `X-Amz-Target`: every operation is a POST to `/`)."""
        found = {}
        for parameter in parameters:
            parameter = self.sampler.resolve(parameter)
            if not isinstance(parameter, dict) or parameter.get("in") != "header" or not parameter.get("required"):
                continue
            schema = self.sampler.resolve(parameter.get("schema")) or {}
            enum = schema.get("enum") if isinstance(schema, dict) else None
            if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
                found[str(parameter.get("name"))] = enum[0]
        return found

    def answer(self, operation: dict[str, Any], accept: str = "") -> httpx.Response:
        """The first 2xx response of the operation (200 when it documents none), its body sampled; one event of
        its `text/event-stream` when the request asks for only that (the `_stream` twin of a JSON-or-stream one)."""
        responses = operation.get("responses") or {}
        codes = [str(c) for c in responses if str(c)[:1] == "2"]
        code = min(codes) if codes else "default"
        status = int(code.replace("X", "0")) if code != "default" else 200
        response = self.sampler.resolve(responses.get(code) or responses.get(int(code) if code.isdigit() else code))
        content = (response or {}).get("content") or {}
        if status == 204 or not content:
            return httpx.Response(status)
        if accept == EVENTS and EVENTS in content:
            data = self.sampler.sample((content[EVENTS] or {}).get("schema", {}))
            text = data if isinstance(data, str) else json.dumps(data)
            event = "".join(f"data: {line}\n" for line in text.split("\n")) + "\n"
            return httpx.Response(status, content=event.encode(), headers={"content-type": EVENTS})
        # JSON itself before other types that name it (Zuora's `application/json-seq` beside `application/json`)
        media = next((m for m in content if is_json_media(m)), next((m for m in content if "json" in m), None))
        if media is None:
            first = next(iter(content))
            return httpx.Response(status, content=b"x", headers={"content-type": first})
        body = self.sampler.sample((content[media] or {}).get("schema", {}))
        return httpx.Response(status, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


def _query_matches(sent: str | None, template: str) -> bool:
    """A query value sent as the template's: the same text, or any where the template has a `{parameter}`."""
    return sent is not None and (sent == template or re.search(r"\{[^}]*\}", template) is not None)


def _server_paths(servers: Any) -> str:
    """A pattern of the paths of an operation's own servers (variables at their defaults), or "" without any."""
    paths = []
    for server in servers if isinstance(servers, list) else []:
        url = str((server or {}).get("url", ""))
        for name, variable in ((server or {}).get("variables") or {}).items():
            url = url.replace("{" + str(name) + "}", str((variable or {}).get("default", "")))
        paths.append(re.escape(urlsplit(url).path.rstrip("/")))
    return f"(?:{'|'.join(paths)})?" if paths else ""

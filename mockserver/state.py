"""The server's state and request pipeline: route, fault, authenticate, validate, answer, self-check."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import envelopes
from .auth import TokenStore, bearer
from .calls import Call, ServiceApp
from .config import ServerConfig
from .envelopes import ApiError
from .generic import GenericApp, spec_reply
from .ids import IdSequence
from .karat_data import KaratData, generate_karat
from .karat_ops import KaratApp
from .specs import Operation, Service, Style, load_services
from .streams import GATE_HEADER, Streamed
from .unicat_data import UnicatData, generate_unicat
from .unicat_ops import UnicatApp
from .validation import check_request, check_response

log = logging.getLogger("mockserver")
HAND_WRITTEN = {"karat_sdk": "karat", "unicat_sdk": "unicat"}  # x-sdk.package -> the service with handlers


@dataclass
class Outcome:
    """What to send back: a status, a JSON body (None: empty), headers, and an injected fault if any."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None
    operation: Operation | None = None
    media_type: str = "application/json"


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the server saw it, for tests: what came in and what went out."""

    serial: int
    method: str
    path: str
    operation_id: str | None
    token: str | None
    body: bytes
    status: int | None
    fault: str | None
    renewed_token: str | None


class SelfCheckError(AssertionError):
    """The server sent a response that does not match the spec (self-check mode)."""


class ServerState:
    """Loaded specs, generated data, one app per service, and the shared counters and logs."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.services = load_services(list(config.specs) or None)
        self.tokens = TokenStore(config.seed, config.tokens, config.revoke_on_renewal)
        self.instance_ids = IdSequence(config.seed, "errorInstanceId")
        self.karat: KaratData | None = None
        self.unicat: UnicatData | None = None
        self.apps: dict[int, ServiceApp] = {}
        for service in self.services:
            self.apps[id(service)] = self._app(service)
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self.requests: list[LoggedRequest] = []
        self.violations: list[str] = []
        self.gates: dict[str, threading.Event] = {}

    def gate(self, name: str) -> threading.Event:
        """The gate `name` (made on first use): a stream that names it waits for it after its first piece."""
        with self._lock:
            return self.gates.setdefault(name, threading.Event())

    def logged(self) -> list[LoggedRequest]:
        """A copy of the request log."""
        with self._lock:
            return list(self.requests)

    def problems(self) -> list[str]:
        """A copy of the spec violations and handler crashes seen so far."""
        with self._lock:
            return list(self.violations)

    def _app(self, service: Service) -> ServiceApp:
        c = self.config
        package = (service.doc.get("x-sdk") or {}).get("package")
        if package not in HAND_WRITTEN:
            return GenericApp(service, self.instance_ids)
        if HAND_WRITTEN[package] == "unicat":
            self.unicat = generate_unicat(
                service, seed=c.seed, records=c.unicat_records, schema_items=c.schema_items, project_gid=c.project_gid
            )
            return UnicatApp(self.unicat, c, self.tokens)
        self.karat = generate_karat(
            service, seed=c.seed, records=c.records, datasets=c.datasets, files_per_dataset=c.files_per_dataset
        )
        return KaratApp(self.karat, c, self.instance_ids)

    # ----------------------------------------------------------------- routing

    def route(self, method: str, raw_path: str) -> tuple[Operation | None, dict[str, str], list[str]]:
        """The operation for a method and raw path, its path parameters, and the methods the path allows."""
        segments = raw_path.strip("/").split("/")
        allowed: list[str] = []
        found: list[tuple[Operation, dict[str, str]]] = []
        for service in self.services:
            for op in service.operations:
                params = op.match(segments)
                if params is None:
                    continue
                if op.method == method:
                    found.append((op, params))
                else:
                    allowed.append(op.method)
        if found:
            return *max(found, key=lambda hit: hit[0].specificity), []
        return None, {}, allowed

    def style_for(self, raw_path: str) -> Style:
        """The envelope of a path no operation matched: Unicat's under /api/p/, else the first document's."""
        styles = [s.style for s in self.services]
        if raw_path.startswith("/api/p/") and "unicat" in styles:
            return "unicat"
        return "foundry" if "foundry" in styles else styles[0]

    # ---------------------------------------------------------------- pipeline

    def handle(self, method: str, target: str, headers: dict[str, str], raw_body: bytes) -> Outcome:
        """Answer one request (faults included); logged, and self-checked when that is on."""
        serial = next(self._serial)
        split = urlsplit(target)
        raw_path = split.path
        raw_query: dict[str, list[str]] = {}
        for key, value in parse_qsl(split.query, keep_blank_values=True):
            raw_query.setdefault(key, []).append(value)
        op, path_params, allowed = self.route(method, raw_path)
        token = bearer(headers.get("authorization"))
        if op is None:
            status = 405 if allowed else 404
            error = envelopes.http_error(
                self.style_for(raw_path), status, self.instance_ids.next_uuid(), {"path": raw_path}
            )
            if allowed:
                error.headers["Allow"] = ", ".join(sorted(set(allowed)))
            outcome = Outcome(error.status, error.body, error.headers)
        else:
            if self.config.latency_ms:
                time.sleep(self.config.latency_ms / 1000)
            fault = self.config.faults.choose(self.config.seed, serial)
            outcome = self._answer(op, path_params, raw_query, raw_body, headers, decorate=fault is None)
            outcome.operation = op
            if fault is not None and fault != "truncate":
                outcome = self._fault(op, fault)
            elif fault == "truncate":
                outcome.fault = fault
            elif self.config.self_check:
                self._self_check(op, outcome, method, target)
        renewed = outcome.headers.get("Authorization") if outcome.fault is None else None
        entry = LoggedRequest(
            serial,
            method,
            raw_path,
            op.operation_id if op else None,
            token,
            raw_body,
            outcome.status,
            outcome.fault,
            renewed,
        )
        with self._lock:
            self.requests.append(entry)
        return outcome

    def _answer(
        self,
        op: Operation,
        path_params: dict[str, str],
        raw_query: dict[str, list[str]],
        raw_body: bytes,
        headers: dict[str, str],
        *,
        decorate: bool,
    ) -> Outcome:
        app = self.apps[id(op.service)]
        token = bearer(headers.get("authorization"))
        try:
            if not self.tokens.accepts(token):
                raise envelopes.http_error(op.service.style, 401, self.instance_ids.next_uuid())
            assert token is not None
            call = Call(op, path_params, {}, None, token)
            app.authorize(call)
            query, body, problems = check_request(op, path_params, raw_query, raw_body, headers)
            call.query, call.body = query, body
            app.prevalidate(call, {k: v[0] for k, v in raw_query.items()})
            if problems:
                raise app.invalid(call, problems)
            reply = app.handle(call) if app.handles(op.operation_id) else spec_reply(op, headers)
            if isinstance(reply.body, Streamed) and GATE_HEADER in headers:
                reply.body.gate = self.gate(headers[GATE_HEADER])
            if decorate:
                app.decorate(call, reply)
            return Outcome(reply.status, reply.body, reply.headers, media_type=reply.media_type)
        except ApiError as error:
            return Outcome(error.status, error.body, error.headers)
        except Exception as exc:  # a bug of the mock: answer 500 and make it visible
            log.exception("mockserver: %s failed", op.operation_id)
            with self._lock:
                self.violations.append(f"{op.operation_id}: the handler raised {type(exc).__name__}: {exc}")
            crash = envelopes.http_error(
                op.service.style, 500, self.instance_ids.next_uuid(), {"exception": type(exc).__name__}
            )
            return Outcome(crash.status, crash.body, crash.headers)

    def _fault(self, op: Operation, fault: str) -> Outcome:
        if fault == "drop":
            return Outcome(0, None, fault=fault)
        status = int(fault)
        headers = {"Retry-After": f"{self.config.faults.retry_after:g}"} if status in (429, 503) else {}
        if op.service.style == "foundry" and status in (429, 503):
            return Outcome(status, None, headers, fault)  # Conjure QoS answers carry no body
        error = envelopes.http_error(op.service.style, status, self.instance_ids.next_uuid())
        return Outcome(status, error.body, {**error.headers, **headers}, fault)

    def _self_check(self, op: Operation, outcome: Outcome, method: str, target: str) -> None:
        json_body = outcome.media_type.endswith("json")
        problems = check_response(op, outcome.status, outcome.body, outcome.headers, json_body=json_body)
        if not problems:
            return
        message = f"{method} {target} -> {outcome.status}: " + "; ".join(problems)
        log.error("mockserver self-check failed: %s", message)
        with self._lock:
            self.violations.append(message)
        error = envelopes.http_error(
            op.service.style, 500, self.instance_ids.next_uuid(), {"selfCheck": message[:1000]}
        )
        outcome.status, outcome.body, outcome.headers = error.status, error.body, error.headers

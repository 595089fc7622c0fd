"""Import a generated package and call every operation, sync and async, against the mock transport.

Run as `python -m corpus.exercise ours|stock PACKAGE SPEC` with the package's folder on PYTHONPATH;
prints one JSON object: {"imported", "operations" (the document's), "methods" (the package's), "called",
"failures", and for ours "union_members" (corpus.unions: each discriminated union's members checked)}; an
operation the package has no method for counts as not called.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import inspect
import json
import pkgutil
import sys
import traceback
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pydantic

from generator.openapi.load import read_yaml

from .arguments import Unbuildable, build, fit
from .mock import SpecResponder
from .unions import check_union_members

TWIN_SUFFIXES = ("_stream", "_events")  # an event-stream twin: `_events` when `_stream` is taken

BASE_URL = "http://corpus.test"
SKIPPED = {"self", "client", "options"}  # stock's operation functions take the client as `client`
ATTEMPTS = 3  # calls whose arguments are made to meet the bounds the body's model names (within_bounds)
OUR_SKIPPED = {"self", "options"}  # ours are methods: a parameter named `client` is the operation's own


def arguments(function: Callable[..., Any], namespace: dict[str, Any], skipped: set[str] = SKIPPED) -> dict[str, Any]:
    """Values for the required parameters of `function` (keyword arguments), but for those in `skipped`."""
    hints = typing.get_type_hints(function, globalns={**function.__globals__, **namespace})
    values = {}
    for name, param in inspect.signature(function).parameters.items():
        if name in skipped or param.default is not inspect.Parameter.empty:
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        values[name] = build(hints.get(name, Any), namespace)
    return values


def settings(init: Callable[..., Any]) -> dict[str, str]:
    """A value for every optional text setting of one of our clients but its base URL: each credential its
    document declares (token, username, password, an API key per scheme) and each client path parameter."""
    return {
        name: "t"
        for name, param in inspect.signature(init).parameters.items()
        if name != "base_url" and param.default is None and param.annotation in ("str | None", str | None)
    }


async def _drain(result: Any) -> Any:
    if inspect.isawaitable(result):
        result = await result
    if hasattr(result, "__aiter__"):
        async for _ in result:
            break
    return result


def _first(result: Any) -> Any:
    if hasattr(result, "__next__"):
        next(result, None)
    elif hasattr(result, "__enter__") and hasattr(result, "__iter__"):  # an EventStream: sent when iterated
        with result:
            next(iter(result), None)
    return result


class Exerciser:
    """The operations of one package, with how to call each sync and async."""

    def __init__(self, tool: str, package: str, document: dict[str, Any]) -> None:
        self.tool, self.package = tool, package
        self.responder = SpecResponder(document)
        self.module = importlib.import_module(package)
        models = importlib.import_module(f"{package}.models")
        self.namespace = {k: v for k, v in vars(models).items() if not k.startswith("__")}

    def operations(self) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
        """(name, sync call, async call) of every operation."""
        return self._stock() if self.tool == "stock" else self._ours()

    def _stock(self) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
        client_module = importlib.import_module(f"{self.package}.client")
        client = client_module.AuthenticatedClient(base_url=BASE_URL, token="t")  # noqa: S106
        client.set_httpx_client(httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(self.responder)))
        client.set_async_httpx_client(
            httpx.AsyncClient(base_url=BASE_URL, transport=httpx.MockTransport(self.responder))
        )
        found = []
        api = importlib.import_module(f"{self.package}.api")
        for info in pkgutil.walk_packages(api.__path__, f"{self.package}.api."):
            if info.ispkg:
                continue
            try:
                module = importlib.import_module(info.name)
            except Exception as exc:  # an operation module that does not import: that operation fails, not all
                found.append((info.name.rsplit(".", 1)[1], *_raising(exc)))
                continue
            if hasattr(module, "sync_detailed"):
                found.append((info.name.rsplit(".", 1)[1], *self._stock_calls(module, client)))
        return found

    def _stock_calls(self, module: Any, client: Any) -> tuple[Callable[[], Any], Callable[[], Any]]:
        def check(response: Any) -> None:
            if not 200 <= response.status_code < 300:
                raise AssertionError(f"status {response.status_code}")

        def sync() -> None:
            check(module.sync_detailed(client=client, **arguments(module.sync_detailed, self.namespace)))

        async def run_async() -> None:
            check(await module.asyncio_detailed(client=client, **arguments(module.asyncio_detailed, self.namespace)))

        return sync, lambda: asyncio.run(run_async())

    def _ours(self) -> list[tuple[str, Callable[[], Any], Callable[[], Any]]]:
        names = [n for n in dir(self.module) if n.startswith("Async") and n.endswith("Client")]
        if not names:
            raise AssertionError("the package exports no Async...Client class")
        async_cls, sync_cls = getattr(self.module, names[0]), getattr(self.module, names[0].removeprefix("Async"))
        sync_client = sync_cls(
            base_url=BASE_URL,
            http_client=httpx.Client(transport=httpx.MockTransport(self.responder)),
            **settings(sync_cls.__init__),
            **arguments(sync_cls.__init__, self.namespace),
        )
        found = []
        for attribute, resource_type in typing.get_type_hints(sync_cls).items():
            resource = getattr(sync_client, attribute)
            members = {name for name, _ in inspect.getmembers(resource_type, inspect.isfunction)}
            for name in sorted(members):
                # `<method>_stream` is the streamed variant of `<method>`'s operation, not an operation of its own:
                # the event-stream twin of a JSON-or-stream operation (`_events` when `_stream` is a byte stream's)
                # is called with it, a byte stream is not
                if not name.startswith("_") and not _variant(resource_type, name, members):
                    twins = [f"{name}{suffix}" for suffix in TWIN_SUFFIXES]
                    forms = [name] + [twin for twin in twins if _event_twin(resource_type, twin, members)]
                    found.append((f"{attribute}.{name}", *self._our_calls(async_cls, resource, attribute, forms)))
        return found

    def _our_calls(
        self, async_cls: Any, resource: Any, attribute: str, names: list[str]
    ) -> tuple[Callable[[], Any], Callable[[], Any]]:
        def sync() -> None:
            for name in names:
                method = getattr(resource, name)
                _bounded(method, arguments(method, self.namespace, OUR_SKIPPED))

        async def run_async() -> None:
            async with async_cls(
                base_url=BASE_URL,
                http_client=httpx.AsyncClient(transport=httpx.MockTransport(self.responder)),
                **settings(async_cls.__init__),
                **arguments(async_cls.__init__, self.namespace),
            ) as client:
                for name in names:
                    method = getattr(getattr(client, attribute), name)
                    await _bounded_async(method, arguments(method, self.namespace, OUR_SKIPPED))

        return sync, lambda: asyncio.run(run_async())


def within_bounds(values: dict[str, Any], exc: pydantic.ValidationError) -> dict[str, Any]:
    """The arguments again, each value that the body's model found out of bounds made to meet them, at any depth
    (Portfolio Optimizer's rows of a matrix, `minItems: 2`); `exc` again when none was. A method takes a body's
    fields as plain parameters (Storecove's `country: str`) and its model holds their bounds (`min_length=2`): a
    call finds them."""
    fixed = copy.deepcopy(values)
    for error in exc.errors():
        (field, *path), bounds = error["loc"], error.get("ctx") or {}
        # a body field named as a path parameter is the method's `<name>_body` (SwaggerHub's `owner`)
        name = next((n for n in (f"{field}_body", field) if n in fixed), None)
        if name is None or not bounds:
            continue
        holder: Any = fixed
        key: Any = name
        for step in path:
            holder, key = holder[key], step
        holder[key] = fit(holder[key], [types.SimpleNamespace(**bounds)])
    if fixed == values:
        raise exc
    return fixed


def _bounded(method: Callable[..., Any], values: dict[str, Any]) -> Any:
    """`method(**values)` (its first item, for a listing), again with the values a body's model refused made to
    meet its bounds (a few times: meeting one bound can show the next, a matrix's rows before its own length)."""
    for _ in range(ATTEMPTS):
        try:
            return _first(method(**values))
        except pydantic.ValidationError as exc:
            values = within_bounds(values, exc)
    return _first(method(**values))


async def _bounded_async(method: Callable[..., Any], values: dict[str, Any]) -> Any:
    """`_bounded` for an async method, whose body is validated when it is awaited."""
    for _ in range(ATTEMPTS):
        try:
            return await _drain(method(**values))
        except pydantic.ValidationError as exc:
            values = within_bounds(values, exc)
    return await _drain(method(**values))


def _variant(resource_type: type, name: str, members: set[str]) -> bool:
    """Whether `name` is another form of a method of the resource: its byte stream or its event-stream twin."""
    if name.endswith("_stream") and name.removesuffix("_stream") in members:
        return True
    return (
        name.endswith("_events")
        and name.removesuffix("_events") in members
        and _event_twin(resource_type, name, members)
    )


def _event_twin(resource_type: type, twin: str, members: set[str]) -> bool:
    """Whether `twin` is the event-stream twin of a JSON-or-stream operation (it returns an EventStream)."""
    if twin not in members:
        return False
    returned = inspect.signature(getattr(resource_type, twin)).return_annotation
    return str(returned).startswith("EventStream[")


def _raising(exc: Exception) -> tuple[Callable[[], Any], Callable[[], Any]]:
    def fail() -> None:
        raise exc

    return fail, fail


def _failure(name: str, mode: str, exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    kind = "cannot build an argument" if isinstance(exc, Unbuildable) else type(exc).__name__
    return f"{name} ({mode}): {kind}: {str(exc).splitlines()[0][:200] if str(exc) else ''}{where}"


def main(argv: list[str]) -> int:
    """Exercise one package; the JSON report goes to stdout."""
    tool, package, spec = argv
    document = read_yaml(Path(spec).read_text("utf-8"))
    report: dict[str, Any] = {"imported": False, "operations": 0, "methods": 0, "called": 0, "failures": []}
    report["operations"] = len(SpecResponder(document).routes)  # the document's, whatever the package makes of it
    try:
        exerciser = Exerciser(tool, package, document)
        report["imported"] = True
        operations = exerciser.operations()
    except Exception as exc:
        report["failures"].append(_failure(package, "import" if not report["imported"] else "setup", exc))
        print(json.dumps(report))
        return 0
    report["methods"] = len(operations)
    if tool == "ours":
        report["union_members"], refused = check_union_members(document, importlib.import_module(f"{package}.models"))
        report["failures"] += refused
    for name, sync, run_async in operations:
        ok = True
        for mode, call in (("sync", sync), ("async", run_async)):
            try:
                call()
            except Exception as exc:
                ok = False
                report["failures"].append(_failure(name, mode, exc))
        report["called"] += ok
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

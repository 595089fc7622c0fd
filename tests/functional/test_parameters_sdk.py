"""The `parameters` golden case's SDK, sync and async: every style and explode, exactly as it goes over the wire.

Each expected string is the OpenAPI 3.1 style table's (with the case's values), so what is checked is the
request's raw path and query, its headers and its Cookie header as httpx.MockTransport receives them.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import mypy_strict
from tests.functional.conftest import Recorder, clients, sdk


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(204)


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, golden_sdks: dict[str, Path]) -> Callable[..., tuple[Any, Recorder]]:
    """Call `styles.<method>(*args, **kwargs)` on the sync or the async client; returns (result, recorder)."""
    sync, asynchronous, recorder = clients(sdk(golden_sdks, "params_sdk"), "Params", answer)

    def call(method: str, *args: Any, **kwargs: Any) -> tuple[Any, Recorder]:
        if request.param == "sync":
            return getattr(sync.styles, method)(*args, **kwargs), recorder
        return asyncio.run(getattr(asynchronous.styles, method)(*args, **kwargs)), recorder

    return call


@pytest.fixture
def models(golden_sdks: dict[str, Path]) -> Any:
    return sdk(golden_sdks, "params_sdk").models


def wire(seen: Recorder) -> str:
    """The request's path and query as sent (percent-encoding kept)."""
    return seen.last.url.raw_path.decode("ascii")


def test_simple_path_primitive_array_object_and_exploded_object(run: Callable[..., Any], models: Any) -> None:
    color = models.Color(R=100, G=200)
    _, seen = run("path_simple", 5, ["a b", "c/d"], color, color)
    assert wire(seen) == "/api/simple/5/a%20b,c%2Fd/R,100,G,200/R=100,G=200"


def test_label_path_with_and_without_explode(run: Callable[..., Any], models: Any) -> None:
    color = models.Color(R=100, G=200)
    _, seen = run("path_label", "x", ["a", "b"], ["a", "b"], color, color)
    assert wire(seen) == "/api/label/.x/.a,b/.a.b/.R,100,G,200/.R=100.G=200"


def test_matrix_path_with_and_without_explode(run: Callable[..., Any], models: Any) -> None:
    color = models.Color(R=100, G=200)
    _, seen = run("path_matrix", "x", ["a", "b"], ["a", "b"], color, color)
    assert wire(seen) == "/api/matrix/;prim=x/;arr=a,b/;arrx=a;arrx=b/;obj=R,100,G,200/;R=100;G=200"


def test_every_query_style(run: Callable[..., Any], models: Any) -> None:
    color = models.Color(R=100, G=200)
    where = models.QueryStylesFilter(
        status=models.QueryStylesFilterStatus.OPEN, created=models.QueryStylesFilterCreated(gte=1, lt=5)
    )
    _, seen = run(
        "query_styles",
        prim="p q",
        arr=[1, 2],
        arrc=[1, 2],
        obj=color,
        objx={"k1": "v1", "k2": "v2"},
        spaced=["a", "b"],
        spaced_obj=color,
        piped=["a", "b"],
        piped_obj=color,
        metadata={"key": "value", "k2": "v 2"},
        filter=where,
        expand=["customer", "items.price"],
        lines=[models.QueryStylesLinesItem(price="p 1", quantity=2), models.QueryStylesLinesItem(price="p2")],
        reserved="a/b?c",
    )
    assert wire(seen) == (
        "/api/query?prim=p%20q&arr=1&arr=2&arrc=1,2&obj=R,100,G,200&k1=v1&k2=v2"
        "&spaced=a%20b&spacedObj=R%20100%20G%20200&piped=a|b&pipedObj=R|100|G|200"
        "&metadata[key]=value&metadata[k2]=v%202"
        "&filter[status]=open&filter[created][gte]=1&filter[created][lt]=5"
        "&expand[0]=customer&expand[1]=items.price&lines[0][price]=p%201&lines[0][quantity]=2&lines[1][price]=p2"
        "&reserved=a/b?c"
    )
    assert seen.last.url.params.get_list("metadata[key]") == ["value"]


def test_nothing_given_sends_no_query(run: Callable[..., Any]) -> None:
    _, seen = run("query_styles")
    assert wire(seen) == "/api/query"


def test_schema_defaults_are_sent_and_enums_go_as_their_values(run: Callable[..., Any]) -> None:
    _, seen = run("signature_from_schema")
    assert wire(seen) == "/api/signature?sort=asc&limit=20"
    _, seen = run("signature_from_schema", sort="desc", limit=5, sizes=["S", "L"], legacy="old", mode="exact")
    assert wire(seen) == "/api/signature?sort=desc&limit=5&sizes=S&sizes=L&legacy=old&mode=exact"


def test_content_parameters_are_compact_json(run: Callable[..., Any], models: Any) -> None:
    where = models.ContentParametersWhere(field="f", values=[1, 2])
    _, seen = run("content_parameters", where=where, x_context=models.Color(R=1, G=2))
    assert wire(seen) == "/api/content?where=%7B%22field%22%3A%22f%22%2C%22values%22%3A%5B1%2C2%5D%7D"
    assert json.loads(seen.last.url.params["where"]) == {"field": "f", "values": [1, 2]}
    assert seen.last.headers["X-Context"] == '{"R":1,"G":2}'


def test_header_styles(run: Callable[..., Any], models: Any) -> None:
    color = models.Color(R=100, G=200)
    _, seen = run("header_styles", x_prim=True, x_arr=["a", "b"], x_obj=color, x_objx=color)
    headers = seen.last.headers
    assert (headers["X-Prim"], headers["X-Arr"], headers["X-Obj"], headers["X-Objx"]) == (
        "true",
        "a,b",
        "R,100,G,200",
        "R=100,G=200",
    )
    assert headers["X-Target"] == "Styles.HeaderStyles"  # required, of one value: sent without being passed


def test_cookie_styles(run: Callable[..., Any], models: Any) -> None:
    color = models.Color(R=100, G=200)
    _, seen = run("cookie_styles", prim="c 1", arr=["a", "b"], arrx=["a", "b"], obj=color, objx=color)
    assert seen.last.headers["Cookie"] == "prim=c%201; arr=a,b; arrx=a; arrx=b; obj=R,100,G,200; R=100; G=200"


def test_a_name_in_the_query_and_the_body(run: Callable[..., Any]) -> None:
    _, seen = run("add_market", "from-body", market="from-query")
    assert wire(seen) == "/api/markets?market=from-query"
    assert json.loads(seen.last.content) == {"market": "from-body"}


CALLER = """
from params_sdk import ParamsClient

client = ParamsClient(base_url="https://params.test", token="t")
client.styles.signature_from_schema(sort="asc", sizes=["S"])
client.styles.signature_from_schema(sort="sideways")
client.styles.signature_from_schema(sizes=["XL"])
"""


def test_inline_enums_are_checked_by_mypy(golden_sdks: dict[str, Path], tmp_path: Path) -> None:
    caller = tmp_path / "caller.py"
    caller.write_text(CALLER, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(caller)],
        capture_output=True,
        text=True,
        check=False,
        env={"MYPYPATH": str(golden_sdks["parameters"]), "PATH": ""},
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["6", "7"], result.stdout
    assert all("Literal" in line for line in errors), result.stdout


# Any mapping where a map argument is expected (a read-only one, one typed `Mapping`), any sequence where a list is;
# a bare string is refused where a list of strings is (lines ending `# error`).
COVARIANT_CALLER = """
from collections.abc import Mapping
from types import MappingProxyType

from params_sdk import ParamsClient


def calls(client: ParamsClient, metadata: Mapping[str, str], sizes: list[int]) -> None:
    client.styles.query_styles(metadata=metadata, objx=MappingProxyType({"R": "100"}), arr=tuple(sizes), arrc=sizes)
    client.styles.header_styles(x_arr=("a", "b"))
    client.styles.header_styles(x_arr="ab")  # error
"""


def test_map_and_list_arguments_take_any_mapping_and_sequence(golden_sdks: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "caller.py").write_text(COVARIANT_CALLER, encoding="utf-8")
    result = mypy_strict(tmp_path, golden_sdks["parameters"])
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    lines = COVARIANT_CALLER.splitlines()
    assert [int(e.split(":")[1]) for e in errors] == [n for n, text in enumerate(lines, 1) if text.endswith("# error")]
    assert all('"str"' in e and "SequenceNotStr" in e for e in errors), result.stdout

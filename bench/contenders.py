"""The listing loops compared: our sync and async clients, raw httpx + json.loads, Palantir's foundry-platform-sdk.

Every contender sends the same requests (same paths, page size, filter, branch) and reads the same pages;
each returns how many items it iterated and the ids of the first and last, to check they agree.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench.servers import Served

PAGE_SIZE = 1000
TOKEN = "bench-token"  # noqa: S105 - the mock server accepts any bearer token
SEARCH_PATH = "/api/v2/checkpoints/records/search"
BRANCH = "master"
# The empty conjunction: every record. The cheapest filter for the mock to evaluate.
WHERE: dict[str, Any] = {"filter": {"type": "and", "filters": []}}
TOKEN_MARK = b'"nextPageToken":"'
TRANSPORT = "transport only (no parsing)"
FLOOR = "raw httpx + json.loads (floor)"
OURS_SYNC = "ours, sync (KaratClient)"
OURS_ASYNC = "ours, async (AsyncKaratClient)"
FOUNDRY = "foundry-platform-sdk"
NO_PREFETCH = "ours, sync, prefetch_pages=False"
TYPED_FLOOR = "raw httpx + json.loads + each item validated (typed floor)"


@dataclass(frozen=True)
class Listed:
    """What a contender iterated: the count and the first and last ids."""

    count: int
    first: str
    last: str


Contender = Callable[[Served, int], Listed]


def _files_path(served: Served) -> str:
    return f"/api/v1/datasets/{served.dataset}/files"


def _http(served: Served) -> httpx.Client:
    return httpx.Client(base_url=served.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)


# A page request of one listing: the client, the cursor (None: the first page) -> the response.
Send = Callable[[httpx.Client, str | None], httpx.Response]


def _send_records(http: httpx.Client, token: str | None) -> httpx.Response:
    body: dict[str, Any] = {"where": WHERE, "pageSize": PAGE_SIZE}
    if token is not None:
        body["pageToken"] = token
    return http.post(SEARCH_PATH, params={"preview": "true"}, json=body)


def _files_sender(served: Served) -> Send:
    def send(http: httpx.Client, token: str | None) -> httpx.Response:
        params: dict[str, Any] = {"branchId": BRANCH, "pageSize": PAGE_SIZE}
        if token is not None:
            params["pageToken"] = token
        return http.get(_files_path(served), params=params)

    return send


# ------------------------------------------------------------------ floor: raw httpx + json.loads


def _raw(served: Served, limit: int, send: Send, key: str, validate: Callable[[Any], Any] | None = None) -> Listed:
    """Raw httpx and json.loads: page after page; no validation, or `validate` on each item."""
    count, first, last = 0, "", ""
    token: str | None = None
    with _http(served) as http:
        for _ in range(limit // PAGE_SIZE + 1):
            response = send(http, token)
            response.raise_for_status()
            page = json.loads(response.content)
            items = page["data"][: limit - count]
            if validate is not None:
                for item in items:
                    validate(item)  # the model is dropped at once, as the SDK's reader drops each
            first = first or items[0][key]
            count, last = count + len(items), items[-1][key]
            token = page.get("nextPageToken")
            if count >= limit or not token:
                break
    return Listed(count, first, last)


def raw_records(served: Served, limit: int) -> Listed:
    """Raw httpx and json.loads: the same POSTs, no validation."""
    return _raw(served, limit, _send_records, "rid")


def raw_files(served: Served, limit: int) -> Listed:
    """Raw httpx and json.loads: the same GETs, no validation."""
    return _raw(served, limit, _files_sender(served), "path")


def _validator(name: str) -> Callable[[Any], Any]:
    """The pydantic validator of one karat_sdk model: what any typed client must at least run per item."""
    from karat_sdk import models as km

    validate: Callable[[Any], Any] = getattr(km, name).__pydantic_validator__.validate_python
    return validate


def typed_records(served: Served, limit: int) -> Listed:
    """Raw httpx and json.loads, each record validated into karat_sdk's Record: no SDK, just typed items."""
    return _raw(served, limit, _send_records, "rid", _validator("Record"))


def typed_files(served: Served, limit: int) -> Listed:
    """Raw httpx and json.loads, each file validated into karat_sdk's File: no SDK, just typed items."""
    return _raw(served, limit, _files_sender(served), "path", _validator("File"))


# ------------------------------------------------- transport only: the same pages, no JSON parsing


def _next_token(content: bytes) -> str | None:
    start = content.rfind(TOKEN_MARK)
    if start < 0:
        return None
    start += len(TOKEN_MARK)
    return content[start : content.index(b'"', start)].decode()


def _transport(served: Served, limit: int, send: Send) -> Listed:
    """The same requests with the body left unparsed (the cursor cut out of the bytes): server plus HTTP."""
    pages = 0
    token: str | None = None
    with _http(served) as http:
        for _ in range(limit // PAGE_SIZE):
            response = send(http, token)
            response.raise_for_status()
            pages += 1
            token = _next_token(response.content)
            if token is None:
                break
    return Listed(pages * PAGE_SIZE, "", "")


def transport_records(served: Served, limit: int) -> Listed:
    """Transport only for the search POSTs."""
    return _transport(served, limit, _send_records)


def transport_files(served: Served, limit: int) -> Listed:
    """Transport only for the listFiles GETs."""
    return _transport(served, limit, _files_sender(served))


# --------------------------------------------------------------------------- ours: karat_sdk


def ours_sync_records(served: Served, limit: int, *, prefetch: bool = True) -> Listed:
    """karat_sdk.KaratClient: `for record in client.records.search(where, page_size=1000)`."""
    from karat_sdk import KaratClient
    from karat_sdk import models as km

    where = km.SearchCheckpointRecordsRequest.model_validate(WHERE)
    with KaratClient(base_url=served.url, token=TOKEN, prefetch_pages=prefetch) as client:
        rids = [r.rid for r in itertools.islice(client.records.search(where, page_size=PAGE_SIZE), limit)]
    return Listed(len(rids), rids[0], rids[-1])


def ours_sync_files(served: Served, limit: int, *, prefetch: bool = True) -> Listed:
    """karat_sdk.KaratClient: `for file in client.datasets.list_files(rid, branch_id=..., page_size=1000)`."""
    from karat_sdk import KaratClient

    with KaratClient(base_url=served.url, token=TOKEN, prefetch_pages=prefetch) as client:
        listing = client.datasets.list_files(served.dataset, branch_id=BRANCH, page_size=PAGE_SIZE)
        paths = [f.path for f in itertools.islice(listing, limit)]
    return Listed(len(paths), paths[0], paths[-1])


def ours_async_records(served: Served, limit: int) -> Listed:
    """karat_sdk.AsyncKaratClient: `async for record in client.records.search(...)`."""
    from karat_sdk import AsyncKaratClient
    from karat_sdk import models as km

    async def run() -> list[str]:
        where = km.SearchCheckpointRecordsRequest.model_validate(WHERE)
        rids: list[str] = []
        async with AsyncKaratClient(base_url=served.url, token=TOKEN) as client:
            async for record in client.records.search(where, page_size=PAGE_SIZE):
                rids.append(record.rid)
                if len(rids) >= limit:
                    break
        return rids

    rids = asyncio.run(run())
    return Listed(len(rids), rids[0], rids[-1])


def ours_async_files(served: Served, limit: int) -> Listed:
    """karat_sdk.AsyncKaratClient: `async for file in client.datasets.list_files(...)`."""
    from karat_sdk import AsyncKaratClient

    async def run() -> list[str]:
        paths: list[str] = []
        async with AsyncKaratClient(base_url=served.url, token=TOKEN) as client:
            async for file in client.datasets.list_files(served.dataset, branch_id=BRANCH, page_size=PAGE_SIZE):
                paths.append(file.path)
                if len(paths) >= limit:
                    break
        return paths

    paths = asyncio.run(run())
    return Listed(len(paths), paths[0], paths[-1])


# -------------------------------------------------------------- Palantir's foundry-platform-sdk


def foundry_records(served: Served, limit: int) -> Listed:
    """foundry_sdk.v2 FoundryClient: `client.checkpoints.Record.search(where=..., page_token=..., preview=True)`."""
    from foundry_sdk import UserTokenAuth
    from foundry_sdk.v2 import FoundryClient
    from foundry_sdk.v2.checkpoints import models as cm

    client = FoundryClient(auth=UserTokenAuth(TOKEN), hostname=served.url.removeprefix("http://"), config=_config())
    where = cm.SearchCheckpointRecordsRequest(filter=cm.SearchCheckpointRecordsAndFilter(filters=[]))
    rids: list[str] = []
    token: str | None = None
    for _ in range(limit // PAGE_SIZE + 1):
        page = client.checkpoints.Record.search(where=where, page_size=PAGE_SIZE, page_token=token, preview=True)
        rids.extend(r.rid for r in page.data[: limit - len(rids)])
        token = page.next_page_token
        if len(rids) >= limit or not token:
            break
    return Listed(len(rids), rids[0], rids[-1])


def foundry_files(served: Served, limit: int) -> Listed:
    """foundry_sdk.v1 FoundryClient: `client.datasets.Dataset.File.list(rid, branch_id=..., page_size=1000)`."""
    from foundry_sdk import UserTokenAuth
    from foundry_sdk.v1 import FoundryClient

    client = FoundryClient(auth=UserTokenAuth(TOKEN), hostname=served.url.removeprefix("http://"), config=_config())
    listing = client.datasets.Dataset.File.list(served.dataset, branch_id=BRANCH, page_size=PAGE_SIZE)
    paths = [f.path for f in itertools.islice(listing, limit)]
    return Listed(len(paths), paths[0], paths[-1])


def _config() -> Any:
    from foundry_sdk import Config

    return Config(scheme="http", timeout=60)


# The contenders by listing and label, in the order of the report.
LISTINGS: dict[str, dict[str, Contender]] = {
    "records": {
        TRANSPORT: transport_records,
        FLOOR: raw_records,
        TYPED_FLOOR: typed_records,
        OURS_SYNC: ours_sync_records,
        OURS_ASYNC: ours_async_records,
        FOUNDRY: foundry_records,
        NO_PREFETCH: functools.partial(ours_sync_records, prefetch=False),
    },
    "files": {
        TRANSPORT: transport_files,
        FLOOR: raw_files,
        TYPED_FLOOR: typed_files,
        OURS_SYNC: ours_sync_files,
        OURS_ASYNC: ours_async_files,
        FOUNDRY: foundry_files,
        NO_PREFETCH: functools.partial(ours_sync_files, prefetch=False),
    },
}

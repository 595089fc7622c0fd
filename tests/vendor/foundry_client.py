"""Palantir's own Python client (`foundry-platform-sdk` on PyPI) against the local server's Karat API.

Karat's endpoints are those of Foundry's public API (checkpoint records, dataset files), so Palantir's SDK is
the vendor client of this spec. Run by tests/e2e/test_vendor_clients.py in the vendor venv
(tests/vendor/requirements.lock); settings as JSON on stdin, what the client got as JSON on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from typing import Any

from foundry_sdk import Config, UserTokenAuth, v1, v2
from foundry_sdk._errors import PalantirRPCException
from foundry_sdk.v2.checkpoints import models as checkpoints


def _error(call: Callable[[], object]) -> dict[str, Any]:
    """The error a call raises: its class (and module), name, parameters."""
    try:
        call()
    except PalantirRPCException as error:
        return {
            "type": f"{type(error).__module__}.{type(error).__name__}",
            "name": error.name,
            "parameters": error.parameters,
        }
    return {"type": None}


def _search_all(client: v2.FoundryClient, where: checkpoints.SearchCheckpointRecordsRequest, size: int) -> list[str]:
    """Every page of a search, by hand (the SDK returns one page and its next token)."""
    rids: list[str] = []
    token: str | None = None
    while True:
        page = client.checkpoints.Record.search(where=where, page_size=size, page_token=token, preview=True)
        rids += [record.rid for record in page.data]
        token = page.next_page_token
        if not token:
            return rids


async def _async_files(settings: dict[str, Any], config: Config) -> list[str]:
    auth = UserTokenAuth(settings["token"])
    client = v1.AsyncFoundryClient(auth=auth, hostname=settings["hostname"], config=config, preview=True)  # beta
    listing = client.datasets.Dataset.File.list(settings["dataset"], branch_id="master", page_size=settings["page"])
    return [file.path async for file in listing]


def main() -> None:
    settings = json.load(sys.stdin)
    config = Config(scheme="http", timeout=60)
    auth = UserTokenAuth(settings["token"])
    client = v2.FoundryClient(auth=auth, hostname=settings["hostname"], config=config)
    files_client = v1.FoundryClient(auth=auth, hostname=settings["hostname"], config=config)
    everything = checkpoints.SearchCheckpointRecordsRequest(
        filter=checkpoints.SearchCheckpointRecordsAndFilter(filters=[])
    )
    wanted = [checkpoints.GetRecordsBatchRequestElement(record_rid=rid) for rid in settings["record_rids"]]
    batch = client.checkpoints.Record.get_batch(wanted, preview=True)
    files = files_client.datasets.Dataset.File.list(settings["dataset"], branch_id="master", page_size=settings["page"])
    report = {
        "searched": _search_all(client, everything, settings["page"]),
        "batch": {rid: record.rid for rid, record in batch.data.items()},
        "files": [file.path for file in files],
        "async_files": asyncio.run(_async_files(settings, config)),
        "branch_not_found": _error(
            lambda: list(files_client.datasets.Dataset.File.list(settings["dataset"], branch_id="no-such-branch"))
        ),
        "invalid_page_token": _error(
            lambda: client.checkpoints.Record.search(where=everything, page_token="not-issued", preview=True)
        ),
        "preview_needed": _error(lambda: client.checkpoints.Record.search(where=everything)),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()

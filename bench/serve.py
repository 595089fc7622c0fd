"""The mock server for the benchmarks, in its own process: `python -m bench.serve --manifest FILE [options]`.

It serves spec/karat.yaml with mockserver.MockServer on 127.0.0.1 (a free port), writes a JSON manifest
(port, the dataset and record rids to use), prints READY, and stops when its standard input closes.
Two additions keep the server from bounding every contender alike:

- `--files N` adds one dataset of exactly N files (one SNAPSHOT transaction, its view computed once):
  the mock's own dataset generator checks each new path against a list, quadratic in the file count.
- `--cache` answers a repeated request (same method, path, query and JSON body) of the three Karat
  operations with the outcome computed the first time: the mock filters and sorts the whole
  collection for every page (O(N) per page, O(N^2) per listing) and checks every request body with
  jsonschema, which would bound every contender alike. The JSON encoding of each answer and the HTTP
  layer still run for every request, and `--latency-ms` is then slept here, before every answer.
- The listen backlog is raised from socketserver's 5, so that 16 connections opened at once are not
  held up by SYN retries (1 s each).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mockserver import MockServer, ServerConfig
from mockserver.http import MockHTTPServer
from mockserver.ids import iso
from mockserver.karat_data import Dataset, Transaction
from mockserver.state import Outcome, ServerState

SPEC = Path(__file__).resolve().parent.parent / "spec" / "karat.yaml"
BIG_DATASET = "ri.foundry.main.dataset.00000000-0000-4000-8000-00000000b1e0"
BIG_TRANSACTION = "ri.foundry.main.transaction.00000000-0000-4000-8000-00000000b1e0"
CACHED_OPERATIONS = frozenset({"searchRecords", "listFiles", "getRecordsBatch"})
LISTEN_BACKLOG = 128
STATS_PATH = "/__bench/stats"
FOLDERS = ("raw", "clean", "exports/2024", "q1-data", "logs")
EXTENSIONS = (".csv", ".parquet", ".json", ".txt")


class FrozenDataset(Dataset):
    """A dataset whose data no longer changes: each view is computed once."""

    def __init__(self, rid: str) -> None:
        super().__init__(rid)
        self._views: dict[tuple[str, str | None], list[dict[str, Any]]] = {}

    def view(self, end: str, start: str | None = None) -> list[dict[str, Any]]:
        """The mock's view of `end` (from `start`), memoized."""
        key = (end, start)
        if key not in self._views:
            self._views[key] = super().view(end, start)
        return self._views[key]


def big_dataset(files: int) -> FrozenDataset:
    """A dataset of exactly `files` files on `master`, deterministic (no randomness)."""
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    snapshot = Transaction(BIG_TRANSACTION, "SNAPSHOT", moment, None)
    for index in range(files):
        path = f"{FOLDERS[index % len(FOLDERS)]}/part-{index:06d}{EXTENSIONS[index % len(EXTENSIONS)]}"
        entry: dict[str, Any] = {"path": path, "transactionRid": BIG_TRANSACTION}
        if index % 10:
            entry["sizeBytes"] = str((index * 7_919_933) % 5_000_000_000)
        entry["updatedTime"] = iso(moment + timedelta(milliseconds=index * 37))
        snapshot.writes[path] = entry
    dataset = FrozenDataset(BIG_DATASET)
    dataset.transactions[snapshot.rid] = snapshot
    dataset.branches["master"] = snapshot.rid
    return dataset


def request_key(method: str, target: str, raw_body: bytes) -> tuple[str, str, tuple[tuple[str, str], ...], str]:
    """A request's identity: method, path, sorted query pairs and the body as canonical JSON."""
    split = urlsplit(target)
    query = tuple(sorted(parse_qsl(split.query, keep_blank_values=True)))
    try:
        body = json.dumps(json.loads(raw_body), sort_keys=True) if raw_body.strip() else ""
    except ValueError:
        body = raw_body.decode(errors="replace")
    return method, split.path, query, body


def install_cache(state: ServerState, latency_ms: float) -> None:
    """Answer repeated successful requests from memory after `latency_ms`; `GET /__bench/stats` counts hits, misses."""
    original = state.handle
    delay = latency_ms / 1000
    cache: dict[tuple[str, str, tuple[tuple[str, str], ...], str], Outcome] = {}
    counts = {"hits": 0, "misses": 0}

    def handle(method: str, target: str, headers: dict[str, str], raw_body: bytes) -> Outcome:
        if target == STATS_PATH:
            return Outcome(200, dict(counts))
        if delay:
            time.sleep(delay)
        key = request_key(method, target, raw_body)
        found = cache.get(key)
        if found is not None:
            counts["hits"] += 1
            return found
        outcome = original(method, target, headers, raw_body)
        operation = outcome.operation
        cacheable = operation is not None and operation.operation_id in CACHED_OPERATIONS
        if cacheable and outcome.status == 200 and outcome.fault is None:
            counts["misses"] += 1
            cache[key] = outcome
        return outcome

    state.handle = handle  # type: ignore[method-assign]  # the benchmark wraps the server's handler on purpose


def main(argv: list[str] | None = None) -> int:
    """Start the server, write the manifest, wait for standard input to close, stop."""
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("--manifest", type=Path, required=True, help="JSON file to write port and rids to")
    parser.add_argument("--records", type=int, default=0, help="checkpoint records the mock generates")
    parser.add_argument("--files", type=int, default=0, help="files of the extra benchmark dataset")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added latency per request")
    parser.add_argument("--manifest-rids", type=int, default=0, help="record rids to list in the manifest")
    parser.add_argument("--cache", action="store_true", help="answer repeated listing requests from memory")
    args = parser.parse_args(argv)
    config = ServerConfig(
        specs=(SPEC,),
        host="127.0.0.1",
        port=0,
        seed=7,
        records=args.records,
        datasets=0,
        latency_ms=0.0 if args.cache else args.latency_ms,
        max_page_size=1000,
    )
    MockHTTPServer.request_queue_size = LISTEN_BACKLOG
    server = MockServer(config).start()
    try:
        karat = server.karat
        # Sorted as the search sorts them, so that the mock's per-page sort is a linear pass.
        karat.records.sort(key=lambda r: (r["createdAt"], r["rid"]))
        if args.files:
            karat.datasets[BIG_DATASET] = big_dataset(args.files)
        if args.cache:
            install_cache(server.state, args.latency_ms)
        manifest = {
            "url": server.url,
            "records": len(karat.records),
            "dataset": BIG_DATASET,
            "files": args.files,
            "rids": [r["rid"] for r in karat.records[: args.manifest_rids]],
        }
        args.manifest.write_text(json.dumps(manifest), encoding="utf-8")
        print("READY", flush=True)
        sys.stdin.read()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

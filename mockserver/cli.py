"""`python -m mockserver`: serve the specs on a port until interrupted."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from .banner import banner_lines
from .config import FaultPlan, ServerConfig
from .server import MockServer


def parser() -> argparse.ArgumentParser:
    """The command-line options."""
    p = argparse.ArgumentParser(prog="python -m mockserver", description="A local server for the APIs of spec/*.yaml.")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (0: any free port; default 8080)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument(
        "--spec",
        type=Path,
        action="append",
        default=[],
        help="an OpenAPI document to serve (repeatable; default spec/*.yaml)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the generated data and of the faults (default 0)")
    p.add_argument(
        "--records", type=int, default=500, help="Karat checkpoint records (default 500, plus the docs' one)"
    )
    p.add_argument("--datasets", type=int, default=4, help="Karat datasets besides the docs' one (default 4)")
    p.add_argument("--files", type=int, default=120, help="files written per generated dataset, about (default 120)")
    p.add_argument("--unicat-records", type=int, default=300, help="Unicat records, about (default 300)")
    p.add_argument("--schema-items", type=int, default=40, help="Unicat schema items, about (default 40)")
    p.add_argument("--latency-ms", type=float, default=0.0, help="added latency per request, in milliseconds")
    p.add_argument(
        "--faults", default="", help="fault fractions, e.g. 429=0.1,503=0.05,500=0.01,drop=0.02,truncate=0.02"
    )
    p.add_argument(
        "--retry-after", type=float, default=1.0, help="Retry-After seconds sent with injected 429/503 (default 1)"
    )
    p.add_argument(
        "--token", action="append", default=[], help="accept only this bearer token (repeatable; default any)"
    )
    p.add_argument(
        "--renew-every", type=int, default=5, help="Unicat: renew the JWT on every N-th answer (0: never; default 5)"
    )
    p.add_argument(
        "--self-check",
        action="store_true",
        help="validate every response against the spec; log and answer 500 on a mismatch",
    )
    p.add_argument("--quiet", action="store_true", help="do not log each request")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the server until SIGINT or SIGTERM."""
    args = parser().parse_args(argv)
    try:
        config = ServerConfig(
            specs=tuple(args.spec),
            host=args.host,
            port=args.port,
            seed=args.seed,
            records=args.records,
            datasets=args.datasets,
            files_per_dataset=args.files,
            unicat_records=args.unicat_records,
            schema_items=args.schema_items,
            latency_ms=args.latency_ms,
            faults=FaultPlan.parse(args.faults, args.retry_after),
            tokens=tuple(args.token),
            renew_every=args.renew_every,
            self_check=args.self_check,
            log_requests=not args.quiet,
        )
    except ValueError as exc:
        print(f"mockserver: {exc}", file=sys.stderr)
        return 2
    server = MockServer(config).start()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    for line in banner_lines(server):
        print(line, flush=True)
    print(f"  ready in {server.startup_seconds:.2f} s; Ctrl-C stops", flush=True)
    stop.wait()
    server.stop()
    return 0

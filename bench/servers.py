"""Start bench/serve.py in a subprocess on 127.0.0.1 and stop it, even when the benchmark fails."""

from __future__ import annotations

import contextlib
import json
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.measure import ROOT, BenchError

STARTUP_TIMEOUT = 240.0


@dataclass(frozen=True)
class Served:
    """A running benchmark server: its base URL, data sizes and the ids to ask for."""

    url: str
    records: int
    dataset: str
    files: int
    rids: list[str]
    startup_seconds: float

    def stats(self) -> dict[str, int]:
        """The response cache's hits and misses so far."""
        response = httpx.get(f"{self.url}/__bench/stats", timeout=10)
        response.raise_for_status()
        found: dict[str, int] = response.json()
        return found


@contextlib.contextmanager
def serve(
    *, records: int = 0, files: int = 0, latency_ms: float = 0.0, cache: bool = False, manifest_rids: int = 0
) -> Iterator[Served]:
    """Run the mock server in its own process (its own interpreter, so no shared GIL) until the block ends."""
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        manifest = Path(tmp) / "manifest.json"
        command = [sys.executable, "-m", "bench.serve", "--manifest", str(manifest), "--records", str(records)]
        command += ["--files", str(files), "--latency-ms", str(latency_ms), "--manifest-rids", str(manifest_rids)]
        if cache:
            command.append("--cache")
        errors = Path(tmp) / "stderr.txt"
        started = time.perf_counter()
        with errors.open("w", encoding="utf-8") as error_file:
            process = subprocess.Popen(
                command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=error_file, text=True
            )
        try:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT)
            line = process.stdout.readline() if ready else ""
            if line.strip() != "READY":
                process.kill()
                process.wait(timeout=10)
                error = errors.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise BenchError(f"the benchmark server did not start: {line.strip()} {error}")
            data = json.loads(manifest.read_text(encoding="utf-8"))
            yield Served(
                data["url"],
                data["records"],
                data["dataset"],
                data["files"],
                data["rids"],
                time.perf_counter() - started,
            )
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    if process.stdout is not None:
        process.stdout.close()

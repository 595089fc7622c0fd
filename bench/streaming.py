"""Streaming rows: a 512 MiB download and upload, and 100,000 small Server-Sent Events, through the generated
SDK against raw httpx streaming.

Both contenders talk to the same local server (bench/stream_serve.py) over one connection; each run
is its own process (bench/stream_client.py), so the peak RSS it reports is that run's alone. The SDKs
are generated here from the golden cases: `files_sdk` (tests/golden/files: `read_file_stream`,
`upload_file`) and `responses_sdk` (tests/golden/responses: `tail_log`, `watch_ticks`, event streams).
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import ROOT, BenchError

SIZE = 512 * 1024 * 1024
EVENTS = 100_000
CONTENDERS = ("sdk-download", "raw-download", "sdk-upload", "raw-upload")
EVENT_CONTENDERS = ("sdk-events", "raw-events", "sdk-ticks", "raw-ticks")
GOLDEN_SDKS = ("files", "responses")
# An event-stream run lasts about 0.1 s, so one run's noise (a scheduler tick, a cache) swings its ratio by a
# third: the event contenders get this many times the rounds, for a median that holds still between runs.
EVENT_ROUNDS_PER_RUN = 5


@dataclass
class Transfers:
    """The runs of one contender: transfer seconds and peak RSS (MiB) of each."""

    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    @property
    def mib_per_second(self) -> float:
        """Median throughput."""
        return SIZE / 2**20 / statistics.median(self.seconds)

    @property
    def peak(self) -> float:
        """The largest peak RSS of any run."""
        return max(self.peak_mib)

    def spread(self) -> str:
        """Fastest and slowest run, in seconds."""
        return f"{min(self.seconds):.2f}-{max(self.seconds):.2f}"

    @property
    def events_per_second(self) -> float:
        """Median throughput of an event-stream contender."""
        return EVENTS / statistics.median(self.seconds)


def generate_sdk(work: Path) -> Path:
    """files_sdk and responses_sdk, generated into `work/sdk`."""
    from generator.codegen.pipeline import Layout, generate

    spec_dir = work / "spec"
    spec_dir.mkdir(parents=True)
    specs = []
    for case in GOLDEN_SDKS:
        spec = spec_dir / f"{case}.yaml"
        spec.write_bytes((ROOT / "tests/golden" / case / "spec.yaml").read_bytes())
        specs.append(spec)
    generate(Layout(specs, ROOT / "templates", work / "sdk"), force=True)
    return work / "sdk"


def _run(contender: str, url: str, sdk: Path, size: int = SIZE) -> tuple[float, float]:
    """One run in its own process: its transfer seconds and its peak RSS in MiB (it reports its VmHWM)."""
    command = [sys.executable, "-m", "bench.stream_client", contender, url, str(size), str(sdk)]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        process.wait()
        out.seek(0)
        text = out.read().decode(errors="replace")
    if process.returncode != 0:
        raise BenchError(f"{contender} exited with {process.returncode}: {text[-2000:]}")
    seconds, moved, peak = text.split()[-3:]
    if int(moved) != size:
        raise BenchError(f"{contender} moved {int(moved)} {'bytes' if size == SIZE else 'events'}, not {size}")
    return float(seconds), float(peak)


@contextlib.contextmanager
def _server() -> Iterator[str]:
    """bench/stream_serve.py in its own process, until the block ends: its URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.stream_serve", "--size", str(SIZE), "--events", str(EVENTS)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        yield f"http://127.0.0.1:{int(server.stdout.readline())}"
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)


def _rounds(
    contenders: tuple[str, ...], runs: int, url: str, sdk: Path, size: int, progress: Callable[[str], None]
) -> dict[str, Transfers]:
    found = {name: Transfers() for name in contenders}
    for round_number in range(runs):
        shift = round_number % len(contenders)
        for name in contenders[shift:] + contenders[:shift]:
            progress(f"streaming: {name}, round {round_number + 1} of {runs}")
            seconds, peak = _run(name, url, sdk, size)
            found[name].seconds.append(seconds)
            found[name].peak_mib.append(peak)
    return found


def transfers(runs: int, work: Path, progress: Callable[[str], None]) -> dict[str, Transfers]:
    """Every contender `runs` times (the event ones EVENT_ROUNDS_PER_RUN times as often), interleaved (order rotated
    each round), against one server."""
    sdk = generate_sdk(work)
    with _server() as url:
        found = _rounds(CONTENDERS, runs, url, sdk, SIZE, progress)
        found |= _rounds(EVENT_CONTENDERS, runs * EVENT_ROUNDS_PER_RUN, url, sdk, EVENTS, progress)
    return found

"""Streaming rows: a 512 MiB download and upload through the generated SDK against raw httpx streaming.

Both contenders talk to the same local server (bench/stream_serve.py) over one connection; each run
is its own process (bench/stream_client.py), so the peak RSS it reports is that run's alone. The SDK
is `files_sdk`, generated here from tests/golden/files/spec.yaml (`read_file_stream`, `upload_file`).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import ROOT, BenchError

SIZE = 512 * 1024 * 1024
CONTENDERS = ("sdk-download", "raw-download", "sdk-upload", "raw-upload")


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


def generate_sdk(work: Path) -> Path:
    """files_sdk, generated into `work/sdk`."""
    from generator.codegen.pipeline import Layout, generate

    spec_dir = work / "spec"
    spec_dir.mkdir(parents=True)
    (spec_dir / "files.yaml").write_bytes((ROOT / "tests/golden/files/spec.yaml").read_bytes())
    generate(Layout([spec_dir / "files.yaml"], ROOT / "templates", work / "sdk"), force=True)
    return work / "sdk"


def _run(contender: str, url: str, sdk: Path) -> tuple[float, float]:
    """One run in its own process: its transfer seconds and its peak RSS in MiB (it reports its VmHWM)."""
    command = [sys.executable, "-m", "bench.stream_client", contender, url, str(SIZE), str(sdk)]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        process.wait()
        out.seek(0)
        text = out.read().decode(errors="replace")
    if process.returncode != 0:
        raise BenchError(f"{contender} exited with {process.returncode}: {text[-2000:]}")
    seconds, moved, peak = text.split()[-3:]
    if int(moved) != SIZE:
        raise BenchError(f"{contender} moved {int(moved)} bytes, not {SIZE}")
    return float(seconds), float(peak)


def transfers(runs: int, work: Path, progress: Callable[[str], None]) -> dict[str, Transfers]:
    """Every contender `runs` times, interleaved (order rotated each round), against one server."""
    sdk = generate_sdk(work)
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.stream_serve", "--size", str(SIZE)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{int(server.stdout.readline())}"
        found = {name: Transfers() for name in CONTENDERS}
        for round_number in range(runs):
            order = CONTENDERS[round_number % 4 :] + CONTENDERS[: round_number % 4]
            for name in order:
                progress(f"streaming: {name}, round {round_number + 1} of {runs}")
                seconds, peak = _run(name, url, sdk)
                found[name].seconds.append(seconds)
                found[name].peak_mib.append(peak)
        return found
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)

"""Timing helpers: wall time and peak memory of subprocesses, medians of repeated runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BenchError(RuntimeError):
    """A benchmarked command failed or a contender gave a wrong answer."""


@dataclass(frozen=True)
class Run:
    """One measured run: wall seconds and the peak resident memory of the process tree in MiB."""

    seconds: float
    peak_mib: float = 0.0
    cpu_seconds: float = 0.0  # user + system time of the process and the children it waited for (load-independent)


@dataclass
class Series:
    """The runs of one contender; medians are what the report shows."""

    name: str
    runs: list[Run] = field(default_factory=list)

    def add(self, run: Run) -> None:
        """Record one run."""
        self.runs.append(run)

    @property
    def seconds(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_seconds(self) -> float:
        """Median CPU time (user + system) in seconds."""
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        """Median peak memory in MiB."""
        return statistics.median(r.peak_mib for r in self.runs)

    def spread(self, digits: int = 2) -> str:
        """Fastest and slowest run, for judging the noise."""
        values = [r.seconds for r in self.runs]
        return f"{min(values):.{digits}f}-{max(values):.{digits}f}"


def run_command(
    command: Sequence[str], *, cwd: Path = ROOT, timeout: float = 300.0, env: Mapping[str, str] | None = None
) -> Run:
    """Run a command to completion; its wall time and peak RSS (largest process of its tree, from wait4).

    `env`: variables set for the command, over the environment's.
    """
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=_env() | dict(env or {})
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            output = log.read().decode(errors="replace")[-3000:]
            raise BenchError(f"{' '.join(command)} exited with {process.returncode} after {seconds:.1f} s:\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env

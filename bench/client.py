"""Client benchmarks: iterate 100,000 records and files with each contender; get_batch with 20 ms latency."""

from __future__ import annotations

import functools
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bench import batching, contenders
from bench.measure import ROOT, BenchError
from bench.servers import Served, serve

ITEMS = 100_000
BATCH_RIDS = 10_000
LATENCY_MS = 20.0

T = TypeVar("T")


@dataclass
class Timed:
    """Wall and client-process CPU seconds of the runs of one contender."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    full_gcs: list[int] = field(default_factory=list)
    full_gc_seconds: list[float] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Median wall seconds."""
        return statistics.median(self.wall)

    @property
    def cpu_seconds(self) -> float:
        """Median CPU seconds of this (the client's) process."""
        return statistics.median(self.cpu)

    def spread(self) -> str:
        """Fastest and slowest run."""
        return f"{min(self.wall):.2f}-{max(self.wall):.2f}"

    def full_collections(self) -> str:
        """The cyclic GC's full collections per run and the seconds they took (medians); '-' when not observed."""
        if not self.full_gcs:
            return "-"
        return f"{statistics.median(self.full_gcs):.0f} ({statistics.median(self.full_gc_seconds):.2f} s)"


class FullCollections:
    """Watches (never changes) the cyclic GC: how many full collections ran in a block, and for how long."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self.seconds += time.perf_counter() - self._started

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def _timed(call: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _rounds(
    jobs: Mapping[str, Callable[[], Any]], runs: int, check: Callable[[str, Any], None], progress: Callable[[str], None]
) -> dict[str, Timed]:
    found = {name: Timed(name) for name in jobs}
    names = list(jobs)
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            with FullCollections() as full:
                result, wall, cpu = _timed(jobs[name])
            check(name, result)
            found[name].wall.append(wall)
            found[name].cpu.append(cpu)
            found[name].full_gcs.append(full.count)
            found[name].full_gc_seconds.append(full.seconds)
            progress(f"  {name}: {wall:.2f} s")
    return found


@dataclass(frozen=True)
class TimedListing(contenders.Listed):
    """A listing with the wall and CPU seconds its process measured around it."""

    wall: float
    cpu: float


def _listing_run(listing: str, name: str, served: Served) -> TimedListing:
    """One run of one contender in a fresh interpreter (bench/contend.py); its wall and CPU seconds."""
    command = [sys.executable, "-m", "bench.contend", listing, name, served.url, served.dataset, str(ITEMS)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise BenchError(f"{name} ({listing}) failed: {result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return TimedListing(data["count"], data["first"], data["last"], data["wall"], data["cpu"])


@dataclass
class ListingResult:
    """The timings of one listing, and the server facts worth printing."""

    what: str
    timed: dict[str, Timed]
    cache_misses_after_warm_up: int


def listings(runs: int, progress: Callable[[str], None]) -> tuple[list[ListingResult], float]:
    """Both listings, every contender in a process of its own per run, `runs` rounds; the server's start-up s."""
    results = []
    with serve(records=ITEMS, files=ITEMS, cache=True) as served:
        startup = served.startup_seconds
        progress(f"server up in {startup:.1f} s ({served.records} records, {served.files} files)")
        for listing, table in contenders.LISTINGS.items():
            started = time.perf_counter()
            reference = table[contenders.FLOOR](served, ITEMS)  # fills the server's cache
            progress(f"{listing}: server cache filled in {time.perf_counter() - started:.1f} s")
            misses = served.stats()["misses"]
            timed = {name: Timed(name) for name in table}
            names = list(table)
            for round_ in range(runs):
                shift = round_ % len(names)
                for name in names[shift:] + names[:shift]:
                    run = _listing_run(listing, name, served)
                    exact = not run.first or (run.first, run.last) == (reference.first, reference.last)
                    if run.count != ITEMS or not exact:
                        raise BenchError(f"{name} listed {run}, the floor {reference}")
                    timed[name].wall.append(run.wall)
                    timed[name].cpu.append(run.cpu)
                    progress(f"  {listing}, {name}: {run.wall:.2f} s")
            results.append(ListingResult(listing, timed, served.stats()["misses"] - misses))
    return results, startup


BATCH_JOBS: dict[str, Callable[[Served, list[str]], int]] = {
    "sequential chunks (KaratClient)": batching.sequential,
    "async, default 8 in flight (AsyncKaratClient)": batching.concurrent,
    f"what-if: async, {batching.WHAT_IF_CONCURRENCY} in flight": batching.concurrent_what_if,
    "what-if: async, 8 in flight, cyclic GC paused": batching.concurrent_gc_paused,
    "ceiling: raw httpx async + json.loads, 8 in flight": batching.raw_concurrent,
}


def batches(runs: int, progress: Callable[[str], None]) -> dict[str, Timed]:
    """get_batch of 10,000 rids, 20 ms per request on the server, sequential against concurrent."""
    with serve(records=BATCH_RIDS, latency_ms=LATENCY_MS, cache=True, manifest_rids=BATCH_RIDS) as served:
        rids = served.rids
        if len(rids) != BATCH_RIDS:
            raise BenchError(f"the server has {len(rids)} records, not {BATCH_RIDS}")
        batching.sequential(served, rids)  # fills the server's cache
        for job in BATCH_JOBS.values():
            job(served, rids[: 2 * 100])

        def check(name: str, found: Any) -> None:
            if found != BATCH_RIDS:
                raise BenchError(f"{name} fetched {found} records, not {BATCH_RIDS}")

        jobs = {name: functools.partial(job, served, rids) for name, job in BATCH_JOBS.items()}
        return _rounds(jobs, runs, check, progress)

"""`make bench`: generation speed and client throughput, side by side with the alternatives, in one run."""

from __future__ import annotations

import argparse
import functools
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python bench/run.py`: the repository and the generated SDKs
    sys.path[:0] = [str(ROOT), str(ROOT / "generated")]

from bench import client, contenders, generation, streaming  # noqa: E402
from bench.measure import BenchError, Run, Series, run_command  # noqa: E402
from bench.report import Target, ratio, table  # noqa: E402

SECTIONS = ("generation", "edit", "openai", "scaling", "client", "batching", "streaming")
LISTING_TARGET = 1.10  # ours within this factor of raw httpx + json.loads


def progress(message: str) -> None:
    """One progress line, flushed (the tables come at the end)."""
    print(f"... {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, print the tables and the targets; exit status 0 unless a benchmark failed."""
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="measured runs per contender (default 3)")
    parser.add_argument("--noop-runs", type=int, default=7, help="runs of the no-op make generate (default 7)")
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated subset of {SECTIONS}")
    args = parser.parse_args(argv)
    chosen = [s for s in args.sections.split(",") if s]
    unknown = set(chosen) - set(SECTIONS)
    if unknown or args.runs < 1 or args.noop_runs < 1:
        parser.error(f"unknown sections {sorted(unknown)}" if unknown else "runs must be >= 1")
    os.chdir(ROOT)
    started = time.perf_counter()
    load = os.getloadavg()
    out: list[str] = [
        "",
        "sdk-pipeline benchmarks (make bench)",
        f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"load average at start {load[0]:.2f}; pydantic {version('pydantic')}, httpx {version('httpx')}, "
        f"foundry-platform-sdk {version('foundry-platform-sdk')}",
        f"medians of {args.runs} runs (batching {args.runs + 2}, no-op {args.noop_runs}); 'range': fastest-slowest "
        "run; contenders interleaved, order rotated each round",
    ]
    targets: list[Target] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            work = Path(tmp)
            if "generation" in chosen:
                out += _generation(work, args.runs, targets)
            if "edit" in chosen:
                out += _edit(work, args.runs, args.noop_runs, targets)
            if "openai" in chosen:
                out += _openai(work, args.runs, targets)
            if "scaling" in chosen:
                out += _scaling(work, args.runs, targets)
        if "client" in chosen:
            out += _client(args.runs, targets)
        if "batching" in chosen:
            out += _batching(args.runs, targets)
        if "streaming" in chosen:
            with tempfile.TemporaryDirectory(prefix="bench-stream-") as tmp:
                out += _streaming(args.runs, Path(tmp), targets)
    except BenchError as exc:
        print("\n".join(out))
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        return 1
    out += ["", "Targets"] + [t.line() for t in targets]
    out.append(f"\ntotal time {time.perf_counter() - started:.0f} s")
    print("\n".join(out), flush=True)
    return 0


def _generation(work: Path, runs: int, targets: list[Target]) -> list[str]:
    progress("generation: our pipeline against openapi-python-client + datamodel-codegen, both specs")
    found = generation.interleaved(
        {"ours": lambda: generation.full_pipeline(work), "stock": lambda: generation.stock_tools(work)},
        runs,
        progress,
    )
    ours, stock = found["ours"], found["stock"]
    rows = [
        [
            "ours: python -m generator generate --force, cold (validate, models, client, ruff, write)",
            f"{ours.seconds:.2f}",
            ours.spread(),
            f"{ours.cpu_seconds:.2f}",
            f"{ours.peak_mib:.0f}",
            ratio(ours.seconds, stock.seconds),
        ],
        [
            "stock: openapi-python-client generate + datamodel-codegen, per spec, in sequence",
            f"{stock.seconds:.2f}",
            stock.spread(),
            f"{stock.cpu_seconds:.2f}",
            f"{stock.peak_mib:.0f}",
            "1.00x",
        ],
    ]
    targets.append(
        Target(
            "full generation <= 0.8x the stock tools",
            ours.seconds <= 0.8 * stock.seconds,
            ratio(ours.seconds, stock.seconds),
        )
    )
    return [
        "",
        "Generation, both specs (karat.yaml, unicat.yaml); ours cold: nothing from the store of stage results",
        *table(["command", "median s", "range", "CPU s", "peak MiB", "vs stock"], rows),
    ]


def _edit(work: Path, runs: int, noop_runs: int, targets: list[Target]) -> list[str]:
    progress("edit loop: make generate with nothing changed, then after an edit of one spec")
    command, tree, how = generation.noop_command(work)
    noop = Series("no-op")
    for _ in range(noop_runs):
        noop.add(run_command(command, cwd=tree))
    progress(f"  no-op ({how}): {noop.seconds:.3f} s")
    found = generation.interleaved(
        {
            "operation": functools.partial(_edit_run, command, tree, generation.OPERATION_EDIT),
            "schema": functools.partial(_edit_run, command, tree, generation.SCHEMA_EDIT),
        },
        runs,
        progress,
    )
    edited, schema = found["operation"], found["schema"]
    spec = f"spec/{generation.EDITED_SPEC}.yaml"
    rows = [
        [f"no-op: {how}", f"{noop.seconds:.3f}", noop.spread(3), f"{noop.cpu_seconds:.2f}", f"{noop.peak_mib:.0f}"],
        [
            f"edit loop: an operation's summary in {spec} edited, then the no-op's command "
            f"({generation.EDITED_SPEC}_sdk only)",
            f"{edited.seconds:.2f}",
            edited.spread(),
            f"{edited.cpu_seconds:.2f}",
            f"{edited.peak_mib:.0f}",
        ],
        [
            "  the same, a schema's description edited (its model changes: the models backend runs)",
            f"{schema.seconds:.2f}",
            schema.spread(),
            f"{schema.cpu_seconds:.2f}",
            f"{schema.peak_mib:.0f}",
        ],
    ]
    targets.append(Target("no-op make generate < 0.2 s", noop.seconds < 0.2, f"{noop.seconds:.3f} s"))
    targets.append(
        Target(
            f"edit an operation in {spec}, make generate <= 1 s (only its package)",
            edited.seconds <= 1.0,
            f"{edited.seconds:.2f} s, CPU {edited.cpu_seconds:.2f} s (a schema edit: {schema.seconds:.2f} s)",
        )
    )
    return [
        "",
        "Edit loop: make generate in a copy of the repository, after a generation (its store of stage results "
        "as that left it); each edit undone after its run",
        *table(["command", "median s", "range", "CPU s", "peak MiB"], rows),
    ]


_EDITS = iter(range(1, 1_000_000))


def _edit_run(command: list[str], tree: Path, what: tuple[str, str]) -> Run:
    """One edit-loop run, with a new text each time (never one the store has seen)."""
    return generation.edit_loop(command, tree, next(_EDITS), what)


def _openai(work: Path, runs: int, targets: list[Target]) -> list[str]:
    progress("openai: our pipeline on the OpenAI document, against openapi-python-client + datamodel-codegen")
    target = "OpenAI document (3 MB, 288 operations) <= 0.6x the stock tools"
    first = generation.openai_ours(work / "openai-ours")
    heading = ["", f"The OpenAI document ({generation.OPENAI.name}), our pipeline against the stock tools"]
    if isinstance(first, str):  # not generated: nothing to compare, the stock tools are not run
        progress(f"  ours: {first}")
        targets.append(Target(target, False, first))
        header = ["command", "median s", "range", "CPU s", "peak MiB", "vs stock"]
        return [*heading, *table(header, [["ours: python -m generator generate --force", first, "", "", "", "-"]])]
    found = generation.interleaved(
        {
            "ours": lambda: _as_run(generation.openai_ours(work / "openai-ours")),
            "stock": lambda: generation.openai_stock(work),
        },
        runs,
        progress,
    )
    ours, stock = found["ours"], found["stock"]
    rows = [
        ["ours: python -m generator generate --force, cold", f"{ours.seconds:.2f}", ours.spread()]
        + [f"{ours.cpu_seconds:.2f}", f"{ours.peak_mib:.0f}"]
        + [ratio(ours.seconds, stock.seconds)],
        ["stock: openapi-python-client + datamodel-codegen", f"{stock.seconds:.2f}", stock.spread()]
        + [f"{stock.cpu_seconds:.2f}", f"{stock.peak_mib:.0f}", "1.00x"],
    ]
    figure = (
        f"{ratio(ours.seconds, stock.seconds)} (CPU time {ratio(ours.cpu_seconds, stock.cpu_seconds)}), "
        f"peak {ours.peak_mib:.0f} MiB (stock {stock.peak_mib:.0f} MiB)"
    )
    targets.append(Target(target, ours.seconds <= 0.6 * stock.seconds, figure))
    return [*heading, *table(["command", "median s", "range", "CPU s", "peak MiB", "vs stock"], rows)]


def _as_run(found: Run | str) -> Run:
    if isinstance(found, str):
        raise BenchError(f"the OpenAI document generated once, then not: {found}")
    return found


def _scaling(work: Path, runs: int, targets: list[Target]) -> list[str]:
    progress("scaling: synthetic specs of " + ", ".join(map(str, generation.SCALES)) + " operations")
    specs = generation.scaling_specs(work)
    jobs: dict[str, Callable[[], Run]] = {}
    for n, folder in specs.items():
        jobs[f"{n} ops"] = functools.partial(generation.scaled, folder, work / f"out-{n}")
    for n, folder in specs.items():
        if n in generation.GC_WHAT_IF_SCALES:
            what_if = functools.partial(generation.scaled, folder, work / f"out-gc-{n}", gc_what_if=True)
            jobs[f"{n} ops, gc what-if"] = what_if
    found = generation.interleaved(jobs, runs, progress)
    rows = []
    for suffix, label in (("", "as is"), (", gc what-if", "gc what-if")):
        previous: tuple[int, float] | None = None
        for n in generation.SCALES:
            series = found.get(f"{n} ops{suffix}")
            if series is None:
                continue
            step = ""
            if previous is not None:
                per_op = (series.seconds - previous[1]) / (n - previous[0]) * 1000
                step = f"{per_op:.1f}"
            rows.append(
                [
                    f"{n}",
                    label,
                    f"{series.seconds:.2f}",
                    series.spread(),
                    f"{series.peak_mib:.0f}",
                    f"{series.seconds / n * 1000:.1f}",
                    step,
                ]
            )
            previous = (n, series.seconds)
    big = found["500 ops"].seconds
    bend = _bend(found, "")
    bend_gc = _bend(found, ", gc what-if")
    targets.append(Target("500 operations < 15 s", big < 15, f"{big:.2f} s"))
    largest = generation.SCALES[-1]
    far = _bend(found, "", largest)
    targets.append(
        Target(
            f"cost linear to {largest:,} operations (t{largest} - t50 within 1.15x of the line through 50 and 250)",
            far <= 1.15,
            f"{far:.2f}x, {largest:,} operations in {found[f'{largest} ops'].seconds:.2f} s",
        )
    )
    targets.append(
        Target(
            "cost linear in operations (t500 - t50 within 1.15x of 2.25 (t250 - t50))",
            bend <= 1.15,
            f"{bend:.2f}x (gc what-if: {bend_gc:.2f}x, 500 ops in {found['500 ops, gc what-if'].seconds:.2f} s)",
        )
    )
    return [
        "",
        "Scaling: karat.yaml's paths copied under /copy{n}/ (new operationId, x-sdk-name, tags), our pipeline",
        "  gc what-if: the same command after gc.set_threshold(100_000, 50, 100) (default 700, 10, 10)",
        *table(["ops", "variant", "median s", "range", "peak MiB", "ms/op", "ms per added op"], rows),
    ]


def _bend(found: dict[str, Series], suffix: str, n: int = 500) -> float:
    """How far n operations cost more than the line through 50 and 250 predicts (1.00: linear)."""
    t50, t250, tn = (found[f"{ops} ops{suffix}"].seconds for ops in (50, 250, n))
    return (tn - t50) / ((t250 - t50) * (n - 50) / (250 - 50))


def _client(runs: int, targets: list[Target]) -> list[str]:
    progress(f"client throughput: {client.ITEMS:,} records and files per run")
    results, startup = client.listings(runs, progress)
    out = [
        "",
        f"Client throughput: iterate {client.ITEMS:,} items, page size {contenders.PAGE_SIZE}, "
        "mock server in its own process on 127.0.0.1, no added latency",
        f"  server: {client.ITEMS:,} generated checkpoint records, one dataset of {client.ITEMS:,} files; "
        f"started in {startup:.1f} s; repeated requests answered from its cache (see bench/serve.py)",
        "  each run in a fresh interpreter (bench/contend.py): warm-up of 2 pages, then the timed listing",
        "  records: foundry_sdk.v2 FoundryClient.checkpoints.Record.search(where=..., page_size=1000, "
        "page_token=..., preview=True) in a page loop",
        "  files:   foundry_sdk.v1 FoundryClient.datasets.Dataset.File.list(dataset_rid, branch_id='master', "
        "page_size=1000), its iterator",
        "  typed floor: the floor's loop, each item validated by karat_sdk's model (Record, File) and dropped: "
        "no SDK, no prefetch; what any typed client pays at least",
    ]
    for result in results:
        floor, typed = result.timed[contenders.FLOOR], result.timed[contenders.TYPED_FLOOR]
        rows = [
            [
                name,
                f"{t.seconds:.2f}",
                t.spread(),
                f"{client.ITEMS / t.seconds:,.0f}",
                f"{t.cpu_seconds:.2f}",
                ratio(t.seconds, floor.seconds),
                ratio(t.seconds, typed.seconds),
            ]
            for name, t in result.timed.items()
        ]
        operation = "searchRecords" if result.what == "records" else "listFiles"
        out += [
            "",
            f"  {result.what} ({operation}); server cache misses during the measured runs: "
            f"{result.cache_misses_after_warm_up}",
            *table(
                ["contender", "median s", "range", f"{result.what}/s", "client CPU s", "vs floor", "vs typed floor"],
                rows,
                "    ",
            ),
        ]
        foundry = result.timed[contenders.FOUNDRY]
        for name in (contenders.OURS_SYNC, contenders.OURS_ASYNC):
            ours = result.timed[name]
            targets.append(
                Target(
                    f"{result.what}, {name.removeprefix('ours, ')}: within {LISTING_TARGET:.2f}x of the raw floor",
                    ours.seconds <= LISTING_TARGET * floor.seconds,
                    ratio(ours.seconds, floor.seconds),
                )
            )
            targets.append(
                Target(
                    f"{result.what}, {name.removeprefix('ours, ')}: faster than foundry-platform-sdk",
                    ours.seconds < foundry.seconds,
                    f"{ratio(ours.seconds, foundry.seconds)} of its time",
                )
            )
    return out


def _batching(runs: int, targets: list[Target]) -> list[str]:
    progress(f"batching: get_batch of {client.BATCH_RIDS:,} rids, {client.LATENCY_MS:.0f} ms per request")
    timed = client.batches(runs + 2, progress)
    sequential = timed["sequential chunks (KaratClient)"]
    rows = [
        [
            name,
            f"{t.seconds:.2f}",
            t.spread(),
            f"{t.cpu_seconds:.2f}",
            t.full_collections(),
            f"{sequential.seconds / t.seconds:.2f}x",
        ]
        for name, t in timed.items()
    ]
    concurrent = timed["async, default 8 in flight (AsyncKaratClient)"]
    speedup = sequential.seconds / concurrent.seconds
    targets.append(Target("async batching >= 5x faster than sequential at 20 ms", speedup >= 5, f"{speedup:.2f}x"))
    return [
        "",
        f"Batching: get_batch of {client.BATCH_RIDS:,} rids = 100 requests of 100, "
        f"{client.LATENCY_MS:.0f} ms server latency per request",
        *table(["client", "median s", "range", "client CPU s", "full GCs (s)", "speed-up"], rows),
        "  full GCs: the cyclic GC's full collections in one run and their seconds, watched with gc.callbacks",
        "  (medians; nothing is changed): each walks every tracked object alive, the records kept so far included",
    ]


def _streaming(runs: int, work: Path, targets: list[Target]) -> list[str]:
    progress(
        f"streaming: {streaming.SIZE // 2**20} MiB down and up, {streaming.EVENTS:,} server-sent events, "
        "SDK against raw httpx, same local server"
    )
    found = streaming.transfers(runs, work, progress)
    rows = []
    for way in ("download", "upload"):
        sdk, raw = found[f"sdk-{way}"], found[f"raw-{way}"]
        speed = sdk.mib_per_second / raw.mib_per_second
        rows.append([f"{way}: files_sdk", f"{sdk.mib_per_second:.0f}", f"{sdk.peak:.1f}", f"{speed:.2f}x"])
        rows.append([f"{way}: raw httpx stream", f"{raw.mib_per_second:.0f}", f"{raw.peak:.1f}", "1.00x"])
        targets.append(Target(f"{way} via the SDK >= 0.9x raw httpx throughput", speed >= 0.9, f"{speed:.2f}x"))
        targets.append(Target(f"{way} via the SDK peak RSS < 64 MiB", sdk.peak < 64, f"{sdk.peak:.1f} MiB"))
    event_rows = []
    for kind, sdk_label, raw_label in (
        ("events", "responses_sdk tail_log(): text events", "raw httpx iter_lines + hand-parsed loop"),
        ("ticks", "responses_sdk watch_ticks(): data parsed into Tick", "raw httpx, hand-parsed + json.loads"),
    ):
        sdk, raw = found[f"sdk-{kind}"], found[f"raw-{kind}"]
        speed = sdk.events_per_second / raw.events_per_second
        event_rows.append([sdk_label, f"{sdk.events_per_second:,.0f}", sdk.spread(), f"{speed:.2f}x"])
        event_rows.append([raw_label, f"{raw.events_per_second:,.0f}", raw.spread(), "1.00x"])
        what = "text" if kind == "events" else "typed (Tick)"
        targets.append(
            Target(
                f"{streaming.EVENTS:,} {what} server-sent events via the SDK >= 0.8x raw httpx + hand-parsed loop",
                speed >= 0.8,
                f"{speed:.2f}x",
            )
        )
    return [
        "",
        f"Streaming: {streaming.SIZE // 2**20} MiB through read_file_stream / upload_file (an iterator of 1 MiB "
        "chunks) against raw httpx streaming, one local server; medians, peak RSS of the largest run",
        *table(["contender", "MiB/s", "peak RSS MiB", "throughput ratio"], rows),
        "",
        f'Event streams: {streaming.EVENTS:,} small events (`id: 17` / `data: line 17`, or `data: {{"n":17}}`), '
        "one response written 64 KiB at a time, same server; medians",
        *table(["contender", "events/s", "range s", "throughput ratio"], event_rows),
    ]


if __name__ == "__main__":
    raise SystemExit(main())

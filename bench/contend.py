"""One measured listing run in a fresh interpreter: `python -m bench.contend LISTING CONTENDER URL DATASET ITEMS`.

Each run gets its own process so that no contender pays for another's imports: a larger heap makes
every full collection of the cyclic GC slower, and the listings allocate millions of objects.
It warms up (imports, type adapters, first connection: two pages), then times one full listing and
prints one JSON line: wall and CPU seconds, the count and the first and last ids.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "generated") not in sys.path:
    sys.path[:0] = [str(ROOT), str(ROOT / "generated")]

from bench.contenders import LISTINGS, PAGE_SIZE  # noqa: E402
from bench.servers import Served  # noqa: E402


def main(argv: list[str]) -> int:
    """Warm up, time one listing, print the JSON line."""
    listing, name, url, dataset, items = argv
    contender = LISTINGS[listing][name]
    served = Served(url, 0, dataset, int(items), [], 0.0)
    contender(served, 2 * PAGE_SIZE)
    wall, cpu = time.perf_counter(), time.process_time()
    listed = contender(served, int(items))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "count": listed.count, "first": listed.first, "last": listed.last}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

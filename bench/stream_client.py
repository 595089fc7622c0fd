"""One streaming benchmark run, in its own process (so that its peak RSS is its own).

`python -m bench.stream_client CONTENDER URL SIZE SDK_DIR` moves SIZE bytes and prints
`<seconds of the transfer> <bytes moved> <peak RSS in MiB>`; CONTENDER is sdk-download, raw-download,
sdk-upload or raw-upload. The SDK is `files_sdk`, generated from tests/golden/files.
For the event-stream contenders (sdk-events, raw-events, sdk-ticks, raw-ticks) SIZE is the number of
events the server sends and the second figure the number of events read; the SDK is `responses_sdk`
(tests/golden/responses: `tail_log` yields text events, `watch_ticks` events whose data is a `Tick`).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator

import httpx

CHUNK = 1024 * 1024
BLOCK = b"\x5a" * CHUNK
TOKEN = "bench-token"  # noqa: S105 - the local server accepts any token


def chunks(size: int) -> Iterator[bytes]:
    """SIZE bytes in 1 MiB chunks, made as they are sent (no file, nothing held)."""
    left = size
    while left > 0:
        yield BLOCK if left >= CHUNK else BLOCK[:left]
        left -= CHUNK


def peak_rss_mib() -> float:
    """This process's peak RSS since it started (VmHWM; getrusage would count the forking parent's pages)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def hand_parsed(response: httpx.Response, *, as_json: bool) -> int:
    """What a user writes without an SDK: the lines, `data:` fields gathered, an event at each blank line."""
    count = 0
    data: list[str] = []
    for line in response.iter_lines():
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        elif not line and data:
            text = "\n".join(data)
            if as_json:
                json.loads(text)
            count += 1
            data = []
    return count


def events(contender: str, url: str, http: httpx.Client, sdk_dir: str) -> Callable[[], int]:
    """How to read the whole event stream (the SDK imported and its client made beforehand): the event count."""
    if contender.startswith("raw-"):
        path = "/api/log" if contender == "raw-events" else "/api/ticks"
        headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "text/event-stream"}

        def raw() -> int:
            with http.stream("GET", url + path, headers=headers) as response:
                response.raise_for_status()
                return hand_parsed(response, as_json=contender == "raw-ticks")

        return raw
    sys.path.insert(0, sdk_dir)
    from responses_sdk import ResponsesClient

    client = ResponsesClient(base_url=url + "/api", token=TOKEN, http_client=http, timeout=600)

    def sdk() -> int:
        count = 0
        stream = client.items.tail_log() if contender == "sdk-events" else client.items.watch_ticks()
        with stream:
            for _ in stream:
                count += 1
        return count

    return sdk


def main(contender: str, url: str, size: int, sdk_dir: str) -> None:
    moved = 0
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(timeout=600) as http:
        if contender.endswith(("-events", "-ticks")):
            read_events = events(contender, url, http, sdk_dir)
        elif contender.startswith("sdk-"):  # the raw contenders do not even import it
            sys.path.insert(0, sdk_dir)
            from files_sdk import FilesClient

            client = FilesClient(base_url=url + "/api", token=TOKEN, http_client=http, timeout=600)
        put = headers | {"Content-Type": "application/octet-stream"}
        # Warm-up, as in the listings: the first call's one-off costs (the reply model's validator is built on
        # first use, the connection opened) are not the body's throughput. Both upload contenders send 1 MiB.
        if contender == "sdk-upload":
            client.files.upload_file("warm-up.bin", chunks(CHUNK))
        elif contender == "raw-upload":
            http.put(url + "/api/files/warm-up.bin/content", content=chunks(CHUNK), headers=put).raise_for_status()
        started = time.perf_counter()
        if contender.endswith(("-events", "-ticks")):
            moved = read_events()
        elif contender == "sdk-download":
            with client.files.read_file_stream("big.bin") as response:
                for chunk in response.iter_bytes(CHUNK):
                    moved += len(chunk)
        elif contender == "raw-download":
            with http.stream("GET", url + "/api/files/big.bin/content", headers=headers) as response:
                for chunk in response.iter_bytes(CHUNK):
                    moved += len(chunk)
        elif contender == "sdk-upload":
            moved = client.files.upload_file("big.bin", chunks(size)).size
        elif contender == "raw-upload":
            moved = http.put(url + "/api/files/big.bin/content", content=chunks(size), headers=put).json()["size"]
        else:
            raise SystemExit(f"unknown contender {contender!r}")
        seconds = time.perf_counter() - started
    print(f"{seconds:.6f} {moved} {peak_rss_mib():.1f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])

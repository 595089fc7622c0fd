"""One streaming benchmark run, in its own process (so that its peak RSS is its own).

`python -m bench.stream_client CONTENDER URL SIZE SDK_DIR` moves SIZE bytes and prints
`<seconds of the transfer> <bytes moved> <peak RSS in MiB>`; CONTENDER is sdk-download, raw-download,
sdk-upload or raw-upload. The SDK is `files_sdk`, generated from tests/golden/files.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

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


def main(contender: str, url: str, size: int, sdk_dir: str) -> None:
    moved = 0
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(timeout=600) as http:
        if contender.startswith("sdk-"):  # the raw contenders do not even import it
            sys.path.insert(0, sdk_dir)
            from files_sdk import FilesClient

            client = FilesClient(base_url=url + "/api", token=TOKEN, http_client=http, timeout=600)
        started = time.perf_counter()
        if contender == "sdk-download":
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
            put = headers | {"Content-Type": "application/octet-stream"}
            moved = http.put(url + "/api/files/big.bin/content", content=chunks(size), headers=put).json()["size"]
        else:
            raise SystemExit(f"unknown contender {contender!r}")
        seconds = time.perf_counter() - started
    print(f"{seconds:.6f} {moved} {peak_rss_mib():.1f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])

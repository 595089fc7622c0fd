"""The streaming benchmark's server, in its own process: `python -m bench.stream_serve --size BYTES`.

GET `/api/files/<path>/content` sends BYTES of octet-stream (1 MiB writes, Content-Length set);
PUT reads the body as it comes (Content-Length or chunked), keeps only the count, and answers
`{"path": ..., "size": <bytes read>}`. GET `/api/log` and `/api/ticks` send `--events` small Server-Sent
Events (`data: line 17`, `data: {"n":17}`), written 64 KiB at a time. It prints the port, then serves until
stdin closes.
A dedicated server: the mock server reads whole bodies, which is right for JSON, not for 512 MiB.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BLOCK = bytes(range(256)) * 4096  # 1 MiB
EVENT_WRITE = 64 * 1024


def event_stream(count: int, *, ticks: bool) -> bytes:
    """`count` events, each with an id (as servers that allow a resume send), one data line and the blank line."""
    if ticks:
        return b"".join(b'id: %d\ndata: {"n":%d}\n\n' % (n, n) for n in range(count))
    return b"".join(b"id: %d\ndata: line %d\n\n" % (n, n) for n in range(count))


class StreamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    size = 0
    streams: dict[str, bytes] = {}  # noqa: RUF012 - set once, before serving

    def do_GET(self) -> None:  # noqa: N802 - the base class's naming
        events = self.streams.get(self.path)
        if events is not None:
            self._send_events(events)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(self.size))
        self.end_headers()
        left = self.size
        while left > 0:
            block = BLOCK if left >= len(BLOCK) else BLOCK[:left]
            self.wfile.write(block)
            left -= len(block)

    def _send_events(self, events: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(events)))
        self.end_headers()
        for start in range(0, len(events), EVENT_WRITE):
            self.wfile.write(events[start : start + EVENT_WRITE])

    def do_PUT(self) -> None:  # noqa: N802
        received = 0
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                received += len(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
        else:
            left = int(self.headers.get("Content-Length") or 0)
            while left > 0:
                data = self.rfile.read(min(left, len(BLOCK)))
                if not data:
                    break
                received += len(data)
                left -= len(data)
        body = json.dumps({"path": self.path.split("/")[3], "size": received}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--events", type=int, default=0)
    args = parser.parse_args()
    StreamHandler.size = args.size
    StreamHandler.streams = {
        "/api/log": event_stream(args.events, ticks=False),
        "/api/ticks": event_stream(args.events, ticks=True),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), StreamHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()

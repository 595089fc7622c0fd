"""The HTTP layer: a threading HTTP/1.1 server whose handler feeds ServerState and writes its outcome."""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .state import Outcome, ServerState
from .streams import GATE_TIMEOUT, Streamed

IDLE_TIMEOUT = 60.0


class MockHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that tracks its connections so that stopping ends every handler thread."""

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True
    # listen() backlog: socketserver's 5 made a burst of 8+ connects wait for a SYN retransmit (1 s)
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: ServerState) -> None:
        self.state = state
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-exchange is one line of log (none when quiet); anything else a traceback."""
        failure = sys.exc_info()[1]
        if not isinstance(failure, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)
        elif self.state.config.log_requests:
            host, port = client_address[:2]
            print(f"mockserver: client {host}:{port} disconnected ({type(failure).__name__})", file=sys.stderr)

    def close_connections(self) -> None:
        """Shut down every open client connection (idle keep-alive ones included)."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class Handler(BaseHTTPRequestHandler):
    """Reads one request, asks the state for the outcome, writes it (or drops or truncates it)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = IDLE_TIMEOUT
    server: MockHTTPServer

    def _dispatch(self) -> None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raw_body = self._read_chunked()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        outcome = self.server.state.handle(self.command, self.path, headers, raw_body)
        self._write(outcome)

    def _read_chunked(self) -> bytes:
        """A `Transfer-Encoding: chunked` body (a streamed upload), trailers skipped."""
        parts: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def __getattr__(self, name: str) -> Any:
        """Every method (`do_GET`, `do_TRACE`, `do_QUERY`, ...) goes to the state, which answers 405 where needed."""
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _write(self, outcome: Outcome) -> None:
        if outcome.fault == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if isinstance(outcome.body, Streamed):
            self._write_streamed(outcome, outcome.body)
            return
        if isinstance(outcome.body, bytes):
            data = outcome.body
        else:
            data = b"" if outcome.body is None else json.dumps(outcome.body, separators=(",", ":")).encode()
        self.send_response(outcome.status)
        if outcome.body is not None:
            self.send_header("Content-Type", outcome.media_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        if outcome.fault == "truncate":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _write_streamed(self, outcome: Outcome, body: Streamed) -> None:
        """Send each piece as one chunk, flushed at once; after the first, wait for the body's gate if set."""
        self.send_response(outcome.status)
        self.send_header("Content-Type", outcome.media_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-store")
        for name, value in outcome.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        for index, piece in enumerate(body.pieces):
            if piece:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
            if index == 0 and body.gate is not None and not body.gate.wait(GATE_TIMEOUT):
                self.close_connection = True  # never released: end without the last chunk, so the client sees it
                return
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if self.server.state.config.log_requests:
            super().log_message(format, *args)

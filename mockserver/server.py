"""MockServer: start the local server in a background thread, and stop it cleanly."""

from __future__ import annotations

import dataclasses
import threading
import time
from types import TracebackType
from typing import Any, Self

from .auth import TokenStore
from .config import ServerConfig
from .http import MockHTTPServer
from .karat_data import KaratData
from .state import LoggedRequest, SelfCheckError, ServerState
from .unicat_data import UnicatData


class MockServer:
    """The spec-driven local server, in a background thread.

    ``with MockServer(port=0, seed=1) as server: server.url`` starts it on 127.0.0.1 (a free port
    for port 0) and stops it on exit, closing every connection and joining every thread it
    started. Options are those of ServerConfig, given as a config, keywords, or both.
    In self-check mode, stopping raises SelfCheckError if any response broke the spec.
    """

    def __init__(self, config: ServerConfig | None = None, **options: Any) -> None:
        self.config = dataclasses.replace(config or ServerConfig(), **options)
        self._httpd: MockHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._state: ServerState | None = None
        self.startup_seconds: float | None = None

    def start(self) -> Self:
        """Load the specs, generate the data, bind and serve; returns once requests can be answered."""
        if self._httpd is not None:
            raise RuntimeError("the server is already running")
        started = time.perf_counter()
        self._state = ServerState(self.config)
        self._httpd = MockHTTPServer((self.config.host, self.config.port), self._state)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="mockserver", daemon=True
        )
        self._thread.start()
        self.startup_seconds = time.perf_counter() - started
        return self

    def stop(self) -> None:
        """Stop serving, close every connection, join the threads; raise SelfCheckError on spec violations."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        thread.join(timeout=5)
        self._httpd = self._thread = None
        if self.config.self_check and self.violations:
            raise SelfCheckError("responses that break the spec:\n" + "\n".join(self.violations[:20]))

    @property
    def state(self) -> ServerState:
        """The running server's state (specs, apps, logs)."""
        if self._state is None:
            raise RuntimeError("the server has not been started")
        return self._state

    @property
    def port(self) -> int:
        """The bound port."""
        if self._httpd is None:
            raise RuntimeError("the server is not running")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:8080 (every path of the specs starts with /api)."""
        return f"http://{self.config.host}:{self.port}"

    @property
    def karat(self) -> KaratData:
        """The Karat data served (records, datasets)."""
        if self.state.karat is None:
            raise RuntimeError("no Karat document is loaded")
        return self.state.karat

    @property
    def unicat(self) -> UnicatData:
        """The Unicat data served (records, schema items, project gid)."""
        if self.state.unicat is None:
            raise RuntimeError("no Unicat document is loaded")
        return self.state.unicat

    @property
    def tokens(self) -> TokenStore:
        """The token store (which tokens are accepted, which were issued)."""
        return self.state.tokens

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request seen so far, in arrival order."""
        return self.state.logged()

    @property
    def violations(self) -> list[str]:
        """Responses that broke the spec, and handler crashes (empty when all is well)."""
        return self.state.problems()

    def gate(self, name: str) -> threading.Event:
        """The gate a stream requested with `X-Mock-Gate: name` waits for after its first piece; set it to go on."""
        return self.state.gate(name)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


__all__ = ["MockServer", "SelfCheckError"]

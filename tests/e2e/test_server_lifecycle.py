"""The server itself: fast start, clean stop, the command line, determinism, the self-check."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

import httpx
import karat_sdk
import pytest

from mockserver import FaultPlan, MockServer, SelfCheckError, ServerConfig
from mockserver.karat_ops import KaratApp
from tests.conftest import ROOT
from tests.e2e.conftest import BASE, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_starts_in_under_two_seconds_and_leaves_no_thread_behind() -> None:
    before = set(threading.enumerate())
    started = time.perf_counter()
    server = MockServer(ServerConfig(self_check=True)).start()  # the defaults of `make mock`, both specs
    ready = time.perf_counter() - started
    port = server.port
    try:
        idle = httpx.Client(base_url=server.url, headers=AUTH)  # a keep-alive connection left open
        assert (
            idle.get("/api/v1/datasets/ri.foundry.main.dataset.c26f11c8-cdb3-4f44-9f5d-9816ea1c82da/files").status_code
            == 200
        )
        assert len(set(threading.enumerate()) - before) >= 2  # the serving thread and a connection thread
    finally:
        server.stop()
    assert ready < 2.0 and server.startup_seconds is not None and server.startup_seconds < 2.0
    assert set(threading.enumerate()) - before == set()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=1)  # the port is closed
    idle.close()


def test_the_command_line_serves_until_terminated_and_exits_cleanly() -> None:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "--port", "0", "--spec", "spec/karat.yaml", "--seed", "3", "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "Karat platform API" in first, first + (process.stderr.read() if process.stderr else "")
        url = first.rsplit(" at ", 1)[1].strip()
        assert time.perf_counter() - started < 5  # interpreter start included; the server itself takes < 2 s
        response = httpx.post(f"{url}/api/v2/checkpoints/records/getBatch", json=[], headers=AUTH)
        assert response.status_code == 400 and response.json()["errorName"] == "ApiFeaturePreviewUsageOnly"
        assert httpx.post(f"{url}/api/p/x/records/bulk/get", json={}).status_code == 404  # only the chosen spec
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
    assert code == 0
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)


def test_the_command_line_rejects_a_bad_fault_list() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mockserver", "--faults", "418=0.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2 and "unknown fault kinds" in result.stderr


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    small = dataclasses.replace(BASE, records=50, unicat_records=60, self_check=False)
    with MockServer(small) as one, MockServer(small) as two, MockServer(small, seed=small.seed + 1) as three:
        assert json.dumps(one.karat.records) == json.dumps(two.karat.records)
        assert json.dumps(one.unicat.records) == json.dumps(two.unicat.records)
        assert one.karat.records[1]["rid"] != three.karat.records[1]["rid"]
        assert one.karat.records[0] == three.karat.records[0]  # the docs' example record is always there
        assert len(one.karat.records) == 51 and len(one.karat.datasets) == 5


def test_fault_plan_parsing_and_determinism() -> None:
    plan = FaultPlan.parse("429=0.25, drop=0.25", retry_after=0.5)
    assert plan.rates == {"429": 0.25, "drop": 0.25} and plan.retry_after == 0.5
    draws = [plan.choose(7, n) for n in range(1, 401)]
    assert draws == [plan.choose(7, n) for n in range(1, 401)]
    assert 60 < draws.count("429") < 140 and 60 < draws.count("drop") < 140
    for bad in ("429", "429=2", "429=0.7,500=0.7", "teapot=0.1"):
        with pytest.raises(ValueError):
            FaultPlan.parse(bad)


def test_unknown_paths_and_methods_answer_in_the_envelope_of_their_service() -> None:
    with MockServer(BASE) as server:
        project = server.unicat.project_gid
        missing = httpx.get(f"{server.url}/api/v2/nothing", headers=AUTH)
        assert missing.status_code == 404 and missing.json()["errorCode"] == "NOT_FOUND"
        wrong = httpx.get(f"{server.url}/api/p/{project}/records/bulk/get", headers=AUTH)
        assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
        assert wrong.json()["success"] is False and wrong.json()["result"]["code"] == 405
        assert server.violations == []


def test_the_self_check_catches_a_response_that_breaks_the_spec() -> None:
    server = MockServer(BASE).start()
    rid = server.karat.records[5]["rid"]
    broken = {**server.karat.records[5], "createdAt": "yesterday", "scope": 7}
    server.karat.records[5] = broken
    app = server.state.apps[id(server.state.services[0])]
    assert isinstance(app, KaratApp)  # narrows ServiceApp: the first service is Karat's
    app.records_by_rid[rid] = broken
    with (
        karat_sdk.KaratClient(base_url=server.url, token=TOKEN, max_retries=0) as client,
        pytest.raises(karat_sdk.errors.InternalServerError) as caught,
    ):
        client.records.get_batch([rid])
    assert "selfCheck" in str(caught.value.body)
    with pytest.raises(SelfCheckError, match="createdAt"):
        server.stop()


def _disconnect_mid_answer(server: MockServer) -> None:
    """Send a request, then reset the connection before the (delayed) answer is written."""
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(b"GET /api/v2/checkpoints/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST
    deadline = time.monotonic() + 5
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # the answer is written after the latency, into the reset connection


@pytest.mark.parametrize("log_requests", [True, False])
def test_a_client_disconnect_is_one_line_of_log_and_nothing_when_quiet(
    log_requests: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    with MockServer(BASE, latency_ms=100, log_requests=log_requests) as server:
        _disconnect_mid_answer(server)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "BrokenPipeError" not in err.replace("(BrokenPipeError)", "")
    disconnects = [line for line in err.splitlines() if "disconnected" in line]
    assert len(disconnects) == (1 if log_requests else 0), err

"""An idle-socket flood against a real `govgraph serve` process: 5,000 TCP connections that never
send a byte and 50 clients sending a request head and never its end leave a normal client served
within seconds, and the gateway closes every one of them once `server.head_timeout` passes. The
process starts with a soft open-file limit of 1,024 (too few for the flood) and raises it towards
the hard limit, saying so."""

from __future__ import annotations

import contextlib
import selectors
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.http.harness import benchmark_subgraphs
from tests.resilience.serve_process import HARD, govgraph_serve

IDLE, SLOW = 5000, 50
SERVER = ["backlog: 4096", "timeout_keep_alive: 5", "head_timeout: 2"]
pytestmark = pytest.mark.skipif(HARD < 3 * (IDLE + SLOW), reason="the hard open-file limit is too low")


def closed_by_server(sockets: list[socket.socket], within: float) -> int:
    """How many of `sockets` the server closed (EOF or reset) within `within` seconds."""
    waiting = {sock.fileno(): sock for sock in sockets}
    closed, deadline = 0, time.monotonic() + within
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            selector.register(sock, selectors.EVENT_READ)
        while waiting and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.5):
                sock = waiting.pop(key.fd)
                selector.unregister(sock)
                with contextlib.suppress(OSError):
                    if sock.recv(1024):
                        continue  # an answer (a 400 or 408), not a close: not counted
                closed += 1
    return closed


def test_an_idle_socket_flood_leaves_a_normal_client_served(tmp_path: Path) -> None:
    sockets: list[socket.socket] = []
    with benchmark_subgraphs() as urls, govgraph_serve(tmp_path, urls, SERVER) as served:
        base = served.base
        try:
            started = time.monotonic()
            for _ in range(IDLE):
                sockets.append(
                    socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=5)
                )
            slow = [socket.create_connection(sockets[0].getpeername(), timeout=5) for _ in range(SLOW)]
            sockets.extend(slow)
            for client in slow:
                client.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")  # and never the rest
            opened = time.monotonic() - started

            asked = time.monotonic()
            answer = httpx.post(
                f"{base}/graphql", json={"query": "{ topProducts(first: 1) { name } }"}, timeout=10
            )
            latency = time.monotonic() - asked
            assert answer.status_code == 200 and answer.json()["data"]["topProducts"][0]["name"] == "Table"
            assert latency < 3.0, f"answered in {latency:.2f}s under {IDLE + SLOW} idle sockets"
            assert opened < 10
            closed = closed_by_server(sockets, within=8.0)
            assert closed == len(sockets), f"{closed} of {len(sockets)} idle sockets closed by the gateway"
        finally:
            for sock in sockets:
                sock.close()
    print(
        f"flood: {len(sockets)} sockets opened in {opened:.2f}s; a query answered in {latency:.3f}s; "
        "all closed by the gateway"
    )
    assert any("open files: soft limit" in line and "raised from 1024" in line for line in served.said), (
        served.said
    )

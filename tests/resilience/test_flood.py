"""An idle-socket flood against a real `govgraph serve` process: 2,000 TCP connections that never
send a byte and 50 clients sending a request head and never its end leave a normal client served
within seconds, and the gateway closes every one of them once `server.head_timeout` passes. The
process starts with a soft open-file limit of 1,024 (too few for the flood) and raises it towards
the hard limit, saying so."""

from __future__ import annotations

import contextlib
import resource
import selectors
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.benchmarks.workload import SUPERGRAPH
from tests.http.harness import benchmark_subgraphs

IDLE, SLOW = 2000, 50
_, HARD = resource.getrlimit(resource.RLIMIT_NOFILE)
pytestmark = pytest.mark.skipif(HARD < 3 * (IDLE + SLOW), reason="the hard open-file limit is too low")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def low_soft_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, HARD))


@contextlib.contextmanager
def govgraph_serve(tmp: Path, urls: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    port = free_port()
    config = tmp / "govgraph.yaml"
    lines = [
        "server:",
        f"  port: {port}",
        "  backlog: 4096",
        "  timeout_keep_alive: 5",
        "  head_timeout: 2",
        "subgraphs:",
    ]
    lines += [f"  {name}: {{url: '{url}'}}" for name, url in urls.items()]
    config.write_text("\n".join(lines) + "\n")
    command = [
        sys.executable,
        "-m",
        "gateway",
        "serve",
        "--config",
        str(config),
        "--supergraph",
        str(SUPERGRAPH),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=low_soft_limit
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("govgraph serve did not become ready")
        said: list[str] = []
        yield base, said
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=15)
        said.extend(output.splitlines())


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
    with benchmark_subgraphs() as urls, govgraph_serve(tmp_path, urls) as (base, said):
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
    assert any("open files: soft limit" in line and "raised from 1024" in line for line in said), said

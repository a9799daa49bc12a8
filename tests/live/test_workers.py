"""`govgraph serve --workers N`: several processes share the port, each with its own gateway."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH, expected_response, query_body
from tests.support.servers import ServerThread

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in done.stdout.split()]


def test_two_workers_serve_the_benchmark_query() -> None:
    servers = {name: ServerThread(create_subgraph_app(name)).start() for name in NAMES}
    port = _free_port()
    command = [sys.executable, "-m", "gateway", "serve", "--supergraph", str(SUPERGRAPH)]
    command += ["--port", str(port), "--workers", "2", "--log-level", "warning"]
    for name, server in servers.items():
        command += ["--subgraph-url", f"{name}={server.url}/graphql"]
    process = subprocess.Popen(command, cwd=ROOT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "gateway workers did not start"
            time.sleep(0.2)
        with httpx.Client(timeout=30) as client:
            for _ in range(4):
                assert client.post(f"{url}/graphql", json=query_body()).json() == expected_response()
        assert len(_children(process.pid)) >= 2
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        for server in servers.values():
            server.stop()

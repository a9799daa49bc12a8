"""`govgraph serve` in its own process on 127.0.0.1, over the benchmark supergraph."""

from __future__ import annotations

import contextlib
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.benchmarks.workload import SUPERGRAPH

_, HARD = resource.getrlimit(resource.RLIMIT_NOFILE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def low_soft_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, HARD))


@dataclass
class Served:
    base: str
    process: subprocess.Popen[str]
    said: list[str] = field(default_factory=list)  # what it printed, once it has stopped


@contextlib.contextmanager
def govgraph_serve(tmp: Path, urls: dict[str, str], server: list[str]) -> Iterator[Served]:
    """The process over `urls` with these extra `server:` lines, started with a soft open-file
    limit of 1,024; stopped (SIGTERM) at the end unless it has stopped already."""
    port = free_port()
    config = tmp / "govgraph.yaml"
    lines = ["server:", f"  port: {port}", *(f"  {line}" for line in server), "subgraphs:"]
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
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + 15
        while not _ready(served.base):
            assert process.poll() is None and time.monotonic() < deadline, "govgraph serve did not start"
            time.sleep(0.1)
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
        output, _ = process.communicate(timeout=15)
        served.said.extend(output.splitlines())


def _ready(base: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{base}/ready", timeout=1).status_code == 200
    return False

"""kill -9 under concurrent load: every response the clients received with personal data has its
record (it was committed before the response left), and the chain is intact.

The gateway runs as `govgraph serve --config FILE`, its own process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.audit.agencies import JAAN, KATI, MARI, supergraph
from tests.audit.support import ROOT, Backend, who
from tests.live.test_serve_cli import free_port, wait_until_up

CLIENTS = 24
QUERY = '{ citizen(id: "%s") { name address taxAccount { balance } } }'


def config_text(log: Backend, supergraph_file: Path, port: int) -> str:
    where = (
        f"file: {log.config.file}"
        if log.kind == "sqlite"
        else f"database: {log.config.database}\n  table: {log.config.table}"
    )
    return f"""\
server: {{ port: {port}, log_level: warning }}
supergraph: {{ file: {supergraph_file} }}
audit:
  enabled: true
  {where}
plugins:
  - use: tests.audit.support:HeaderPrincipal
"""


async def load(url: str, received: list[str], stop: asyncio.Event) -> int:
    """Clients asking for personal data until the gateway dies; `received` gets the request id
    of every response that came back with personal data. Returns the requests sent."""
    sent = 0

    async def client(number: int, http: httpx.AsyncClient) -> None:
        nonlocal sent
        citizens = (MARI, JAAN, KATI)
        for i in range(1_000_000):
            request_id = f"c{number}-{i}"
            headers = {**who("official", f"officer-{number}"), "x-request-id": request_id}
            sent += 1
            try:
                response = await http.post(url, json={"query": QUERY % citizens[i % 3]}, headers=headers)
            except httpx.HTTPError:
                return
            if response.status_code == 200 and response.json()["data"]["citizen"]["name"]:
                received.append(request_id)
            if stop.is_set() and response.status_code != 200:
                return

    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=10, limits=limits) as http:
        await asyncio.gather(*(client(n, http) for n in range(CLIENTS)))
    return sent


def test_kill_9_under_load_loses_no_record(urls: dict[str, str], log: Backend, tmp_path: Path) -> None:
    supergraph_file = tmp_path / "supergraph.graphql"
    supergraph_file.write_text(supergraph(urls))
    port = free_port()
    config = tmp_path / "govgraph.yaml"
    config.write_text(config_text(log, supergraph_file, port))
    command = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    received: list[str] = []
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)

        async def run() -> int:
            stop = asyncio.Event()
            task = asyncio.ensure_future(load(f"http://127.0.0.1:{port}/graphql", received, stop))
            started = time.monotonic()
            while len(received) < 300 and time.monotonic() - started < 30:
                await asyncio.sleep(0.05)
            os.kill(process.pid, signal.SIGKILL)  # mid-load: requests in flight, batches committing
            stop.set()
            return await task

        sent = asyncio.run(run())
    finally:
        process.kill()
        process.wait(10)
        assert process.stdout is not None
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    recorded = {row["request_id"] for row in log.rows()}
    missing = [request_id for request_id in received if request_id not in recorded]
    print(
        f"\n{log.kind}: {sent} requests sent, {len(received)} answered with personal data, "
        f"{len(recorded)} records, {len(missing)} answered without a record"
    )
    assert len(received) >= 300
    assert missing == []
    assert log.govgraph("verify").returncode == 0

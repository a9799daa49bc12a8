"""`govgraph serve` stopped (SIGTERM) with subscriptions open: each gets `complete` and its stream
closes — WebSocket 1001, SSE `event: complete` — at once, not after the server's graceful timeout;
the subgraph's sockets are closed; the process exits."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from tests.live.test_serve_cli import free_port, wait_until_up
from tests.subscriptions.client import CLAIM_CHANGED, WsClient, sse_events
from tests.subscriptions.support import Platform, subgraph_urls, subgraphs, supergraph

ROOT = Path(__file__).resolve().parents[2]


def config_text(supergraph_file: Path, urls: dict[str, str], port: int) -> str:
    listed = "".join(f"  {name}: {{url: {json.dumps(url)}}}\n" for name, url in urls.items())
    return (
        f"server: {{port: {port}, timeout_graceful_shutdown: 60}}\n"
        f"supergraph: {{file: {json.dumps(str(supergraph_file))}}}\n"
        f"subgraphs:\n{listed}"
    )


async def test_sigterm_completes_every_subscription_and_closes_it(tmp_path: Path) -> None:
    with subgraphs() as servers:
        urls = subgraph_urls(servers)
        (tmp_path / "supergraph.graphql").write_text(supergraph(urls))
        port = free_port()
        config = tmp_path / "gateway.yaml"
        config.write_text(config_text(tmp_path / "supergraph.graphql", urls, port))
        command = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            gateway = f"http://127.0.0.1:{port}"
            await asyncio.to_thread(wait_until_up, gateway, process)
            running = Platform(gateway, servers["claims"].url, servers)
            ws = await WsClient.open(running.ws)
            await ws.subscribe("w")
            async with httpx.AsyncClient(timeout=30) as http:
                stream = sse_events(http, gateway + "/graphql", {"query": CLAIM_CHANGED})
                sse = asyncio.ensure_future(asyncio.wait_for(_all(stream), 30))
                await running.wait_for_subscribers(2)
                process.terminate()
                assert await ws.recv() == {"type": "complete", "id": "w"}
                assert await ws.close_code() == 1001
                assert await sse == [("complete", None)]
            await running.wait_for_subscribers(0)
            # uvicorn ends by re-raising the signal it caught; well before the 60 s grace period
            assert await asyncio.to_thread(process.wait, 20) == -signal.SIGTERM
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)
            assert process.stdout is not None
            process.stdout.close()


async def _all(stream: object) -> list[tuple[str, object]]:
    return [item async for item in stream]  # type: ignore[attr-defined]

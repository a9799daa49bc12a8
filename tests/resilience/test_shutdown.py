"""Graceful shutdown of a real `govgraph serve` process: on SIGTERM a request in flight (its
subgraph slow) is still answered, and the process exits; a request that cannot finish within
`server.timeout_graceful_shutdown` does not hold the process beyond it."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.resilience.serve_process import govgraph_serve
from tests.resilience.support import Misbehaving
from tests.support.servers import serving

QUERY = {"query": "{ topProducts(first: 1) { name inStock } }"}


def test_sigterm_drains_the_requests_in_flight(tmp_path: Path) -> None:
    inventory = Misbehaving(create_subgraph_app("inventory"))
    apps = {name: create_subgraph_app(name) for name in NAMES if name != "inventory"}
    drain = ["timeout_graceful_shutdown: 10"]
    with (
        serving({**apps, "inventory": inventory}) as urls,
        ThreadPoolExecutor(1) as pool,
        govgraph_serve(tmp_path, urls, drain) as served,
    ):
        inventory.stall()
        pending = pool.submit(httpx.post, f"{served.base}/graphql", json=QUERY, timeout=20)
        while inventory.requests == 0:  # the request is in flight, held at the subgraph
            time.sleep(0.02)
        served.process.send_signal(signal.SIGTERM)
        threading.Timer(1.0, inventory.release).start()
        answer = pending.result(timeout=15)
        # uvicorn re-raises the signal once it has shut down gracefully
        assert served.process.wait(timeout=15) in (0, -signal.SIGTERM)
    assert answer.status_code == 200
    assert answer.json() == {"data": {"topProducts": [{"name": "Table", "inStock": True}]}}


def test_shutdown_does_not_wait_beyond_its_deadline(tmp_path: Path) -> None:
    inventory = Misbehaving(create_subgraph_app("inventory"))
    apps = {name: create_subgraph_app(name) for name in NAMES if name != "inventory"}
    with serving({**apps, "inventory": inventory}) as urls, ThreadPoolExecutor(1) as pool:
        try:
            with govgraph_serve(tmp_path, urls, ["timeout_graceful_shutdown: 1"]) as served:
                inventory.stall()
                pending = pool.submit(httpx.post, f"{served.base}/graphql", json=QUERY, timeout=20)
                while inventory.requests == 0:
                    time.sleep(0.02)
                stopping = time.monotonic()
                served.process.send_signal(signal.SIGTERM)
                served.process.wait(timeout=15)
                took = time.monotonic() - stopping
        finally:
            inventory.release()
        assert took < 5, f"the process took {took:.1f}s to stop"
        with contextlib.suppress(httpx.HTTPError):  # cut off: closed without an answer, as it should
            pending.result(timeout=5)

"""`GET /ready` (readiness) beside `GET /health` (liveness), served for real: not ready before the
app has started, then ready with each subgraph's last-known reachability from real fetches."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.http.harness import closed_url, gateway
from tests.support.servers import ServerThread


@pytest.fixture(scope="module")
def down_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    """`inventory` points at a port nothing listens on."""
    with closed_url() as nowhere, gateway({**subgraph_urls, "inventory": nowhere}) as url:
        yield url.replace("/graphql", "")


def test_ready_reports_what_the_last_fetch_to_each_subgraph_said(down_url: str) -> None:
    before = httpx.get(f"{down_url}/ready")
    assert before.status_code == 200
    assert before.json()["status"] == "ready"
    products = before.json()["subgraphs"]["products"]
    assert products == {"reachable": None, "at": None, "failure": None, "breaker": products["breaker"]}
    assert products["breaker"] == {"state": "closed", "failures": 0, "in_flight": 0}  # resilience
    httpx.post(f"{down_url}/graphql", json={"query": "{ topProducts { name inStock } }"})
    after = httpx.get(f"{down_url}/ready")
    assert after.status_code == 200  # a down subgraph does not take the gateway out of service
    subgraphs = after.json()["subgraphs"]
    assert subgraphs["products"]["reachable"] is True and subgraphs["products"]["failure"] is None
    assert subgraphs["inventory"]["reachable"] is False
    assert subgraphs["inventory"]["failure"] == "could not connect"
    assert subgraphs["inventory"]["at"] > 0
    assert subgraphs["accounts"]["reachable"] is None  # not asked


def test_not_ready_until_started_while_alive(subgraph_urls: dict[str, str]) -> None:
    config = GatewayConfig(supergraph_sdl=SUPERGRAPH.read_text(), subgraph_urls=dict(subgraph_urls))
    server = ServerThread(create_app(config), lifespan="off").start()  # the lifespan never runs
    try:
        ready = httpx.get(f"{server.url}/ready")
        assert ready.status_code == 503
        assert ready.json()["status"] == "not ready"
        assert ready.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert httpx.get(f"{server.url}/health").status_code == 200
    finally:
        server.stop()

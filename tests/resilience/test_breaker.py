"""A stalled subgraph (accepts, never answers) under concurrent load: its breaker opens, the other
subgraphs' fields answer fast, its own fail fast with SUBGRAPH_UNAVAILABLE; once it answers again,
the half-open probe closes the breaker and its data returns. The bulkhead fails the requests beyond
its bound at once."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from typing import Any

import httpx

from gateway.plugins import build_plugins
from gateway.plugins.dedup import DedupConfig
from gateway.plugins.resilience import ResilienceConfig, SubgraphPolicy
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.http.harness import gateway
from tests.resilience.support import Misbehaving
from tests.support.servers import serving

BOTH = "query($n: Int) { topProducts(first: $n) { name inStock } }"
PRODUCTS_ONLY = "query($n: Int) { topProducts(first: $n) { name } }"
TIMEOUT = 1.0  # the inventory subgraph's request timeout


@contextlib.contextmanager
def stack(policy: SubgraphPolicy) -> Iterator[tuple[Misbehaving, str]]:
    """The benchmark subgraphs, inventory behind a `Misbehaving`; a gateway guarding inventory
    with `policy` (no de-duplication: every client request is its own fetch)."""
    inventory = Misbehaving(create_subgraph_app("inventory"))
    apps = {name: create_subgraph_app(name) for name in NAMES if name != "inventory"}
    plugins = build_plugins(
        {"dedup": DedupConfig(False, False), "resilience": ResilienceConfig(subgraphs={"inventory": policy})}
    )
    with serving({**apps, "inventory": inventory}) as urls:
        try:
            with gateway(urls, plugins=plugins, subgraph_timeouts={"inventory": TIMEOUT}) as url:
                yield inventory, url
        finally:
            inventory.release()  # the held requests end before the servers stop


async def ask(client: httpx.AsyncClient, url: str, query: str, n: int) -> tuple[float, dict[str, Any]]:
    started = time.monotonic()
    response = await client.post(url, json={"query": query, "variables": {"n": n}})
    assert response.status_code == 200, response.text
    return time.monotonic() - started, response.json()


def codes(result: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in result.get("errors", [])}


async def stalled_load(url: str) -> tuple[list[Any], list[Any]]:
    """20 requests needing inventory and 20 that do not, concurrently."""
    async with httpx.AsyncClient(timeout=30) as client:
        both = [ask(client, url, BOTH, 1 + i % 5) for i in range(20)]
        others = [ask(client, url, PRODUCTS_ONLY, 1 + i % 5) for i in range(20)]
        found = await asyncio.gather(*both, *others)
    return found[:20], found[20:]


def ready(url: str) -> dict[str, Any]:
    subgraphs: dict[str, Any] = httpx.get(url.replace("/graphql", "/ready")).json()["subgraphs"]
    return subgraphs


def test_a_stalled_subgraph_opens_its_breaker_and_recovers() -> None:
    policy = SubgraphPolicy(failure_threshold=3, cool_down=1.0, retries=0)
    with stack(policy) as (inventory, url):
        inventory.stall()
        both, others = asyncio.run(stalled_load(url))
        assert max(elapsed for elapsed, _ in others) < 0.9 * TIMEOUT  # not held by the stall
        assert all("errors" not in result for _, result in others)
        for _, result in both:  # the names still come; inStock fails
            assert all(p["name"] and p["inStock"] is None for p in result["data"]["topProducts"])
            assert codes(result) <= {"SUBGRAPH_TIMEOUT", "SUBGRAPH_UNAVAILABLE"}
        assert ready(url)["inventory"]["breaker"]["state"] == "open"

        reached = inventory.requests
        elapsed, result = asyncio.run(fast_one(url))
        assert elapsed < 0.5 and codes(result) == {"SUBGRAPH_UNAVAILABLE"}
        assert "breaker is open" in result["errors"][0]["message"]
        assert inventory.requests == reached  # failed fast without touching the network

        inventory.release()
        time.sleep(1.2)  # the cool-down: the next request is the probe
        _, result = asyncio.run(fast_one(url))
        assert "errors" not in result, result
        assert result["data"]["topProducts"][0]["inStock"] is True
        assert ready(url)["inventory"]["breaker"]["state"] == "closed"


async def fast_one(url: str) -> tuple[float, dict[str, Any]]:
    async with httpx.AsyncClient(timeout=30) as client:
        return await ask(client, url, BOTH, 2)


def test_the_bulkhead_fails_fast_beyond_its_bound() -> None:
    policy = SubgraphPolicy(max_in_flight=2, failure_threshold=0, retries=0)
    with stack(policy) as (inventory, url):
        inventory.stall()
        both, _ = asyncio.run(stalled_load(url))
    unavailable = [elapsed for elapsed, result in both if codes(result) == {"SUBGRAPH_UNAVAILABLE"}]
    timed_out = [elapsed for elapsed, result in both if codes(result) == {"SUBGRAPH_TIMEOUT"}]
    assert len(timed_out) == 2 and len(unavailable) == 18
    assert max(unavailable) < 0.9 * TIMEOUT
    assert inventory.requests == 2

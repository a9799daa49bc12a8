"""In-flight de-duplication: identical concurrent queries share one execution, and
identical concurrent subgraph fetches share one request — never for mutations."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.dedup import DedupConfig
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.support.scenario import Scenario

CONCURRENT = 8
QUERY = "{ topProducts { name reviews { body } } }"  # products, then reviews


class SlowApp:
    """A real subgraph that takes `delay` seconds per request, so concurrent requests overlap."""

    def __init__(self, app: Any, delay: float = 0.3) -> None:
        self.app = app
        self.delay = delay

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self.delay)
        await self.app(scope, receive, send)


def _scenario(**config: Any) -> Iterator[Scenario]:
    apps = {name: SlowApp(create_subgraph_app(name)) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps, **config) as running:
        yield running


@pytest.fixture
def dedup_on() -> Iterator[Scenario]:
    yield from _scenario()


@pytest.fixture
def dedup_off() -> Iterator[Scenario]:
    yield from _scenario(plugins=build_plugins({"dedup": DedupConfig(requests=False, fetches=False)}))


def _concurrent(sc: Scenario, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    for recorder in sc.subgraphs.values():
        recorder.clear()

    async def fire() -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=30) as client:
            return list(await asyncio.gather(*(client.post(sc.gateway_url, json=b) for b in bodies)))

    return asyncio.run(fire())


def test_identical_concurrent_queries_share_one_execution(dedup_on: Scenario) -> None:
    responses = _concurrent(dedup_on, [{"query": QUERY}] * CONCURRENT)
    bodies = [r.json() for r in responses]
    assert all(r.status_code == 200 for r in responses)
    assert all(b == bodies[0] for b in bodies) and "errors" not in bodies[0]
    assert len(bodies[0]["data"]["topProducts"]) == 5
    assert dedup_on.subgraph_requests("products") == 1
    assert dedup_on.subgraph_requests("reviews") == 1


def test_without_dedup_every_query_runs(dedup_off: Scenario) -> None:
    responses = _concurrent(dedup_off, [{"query": QUERY}] * CONCURRENT)
    assert all(r.json() == responses[0].json() for r in responses)
    assert dedup_off.subgraph_requests("products") == CONCURRENT
    assert dedup_off.subgraph_requests("reviews") == CONCURRENT


def test_different_variables_are_not_shared(dedup_on: Scenario) -> None:
    query = "query ($n: Int) { topProducts(first: $n) { name } }"
    bodies = [{"query": query, "variables": {"n": n}} for n in (1, 2, 3)]
    results = [r.json() for r in _concurrent(dedup_on, bodies)]
    assert [len(r["data"]["topProducts"]) for r in results] == [1, 2, 3]
    assert dedup_on.subgraph_requests("products") == 3


def test_different_documents_share_identical_subgraph_fetches(dedup_on: Scenario) -> None:
    # Two different documents (so two executions) whose fetch to products is the same request.
    bodies = [
        {"query": "query A { topProducts { name } }"},
        {"query": "query A { topProducts { name } } query B { me { id } }", "operationName": "A"},
    ]
    results = [r.json() for r in _concurrent(dedup_on, bodies)]
    assert results[0] == results[1] and len(results[0]["data"]["topProducts"]) == 5
    assert dedup_on.subgraph_requests("products") == 1
    assert dedup_on.subgraph_requests("accounts") == 0

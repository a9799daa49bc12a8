"""Retries: a query to a subgraph that fails once (HTTP 503) then answers is answered; a mutation
is never sent twice. Counted at the subgraph, over real sockets."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest

from gateway.execute.fetch import SubgraphClient, parse_answer
from gateway.hooks import RequestContext, SubgraphRequest
from gateway.messages import GraphQLRequest
from gateway.plugins.resilience import DEADLINE, ResilienceConfig, ResiliencePlugin, SubgraphPolicy
from tests.benchmarks.subgraphs import create_subgraph_app
from tests.http.harness import benchmark_subgraphs, gateway
from tests.resilience.support import Misbehaving, answer_ok
from tests.support.servers import serving


@pytest.fixture()
def flaky() -> Iterator[tuple[Misbehaving, str]]:
    subgraph = Misbehaving(answer_ok)
    with serving({"flaky": subgraph}) as urls:
        yield subgraph, urls["flaky"]


def exchange(
    url: str, kind: str, retries: int = 2, config: ResilienceConfig | None = None, late: bool = False
) -> tuple[str | None, object]:
    """One fetch through the plugin; `late`: its request's deadline passed before it."""
    config = config or ResilienceConfig(subgraphs={"*": SubgraphPolicy(retries=retries, backoff=0.01)})
    plugin = ResiliencePlugin(config)

    async def run() -> tuple[str | None, object]:
        client = SubgraphClient("flaky", url, timeout=5.0)
        try:
            fetch = plugin.wrap_subgraph("flaky", client.fetch)
            context = RequestContext(request=GraphQLRequest(query="{ ok }"))
            await plugin.on_request(context)  # the request arrives: its deadline is set
            if late:
                context.state[DEADLINE] = time.monotonic() - 1
            request = SubgraphRequest(
                "flaky", "{ ok }" if kind == "query" else "mutation { ok }", None, kind, context
            )
            response = parse_answer("flaky", await fetch(request))
            return response.code, response.data
        finally:
            await client.close()

    return asyncio.run(run())


def test_a_query_failing_once_is_retried_and_answered(flaky: tuple[Misbehaving, str]) -> None:
    subgraph, url = flaky
    subgraph.fail_next(1)
    assert exchange(url, "query") == (None, {"ok": True})
    assert subgraph.requests == 2


def test_a_mutation_is_never_retried(flaky: tuple[Misbehaving, str]) -> None:
    subgraph, url = flaky
    subgraph.fail_next(1)
    code, data = exchange(url, "mutation")
    assert code == "SUBGRAPH_REQUEST_FAILED" and data is None
    assert subgraph.requests == 1


def test_retries_stop_at_their_count(flaky: tuple[Misbehaving, str]) -> None:
    subgraph, url = flaky
    subgraph.fail_next(10)
    code, _ = exchange(url, "query", retries=2)
    assert code == "SUBGRAPH_REQUEST_FAILED"
    assert subgraph.requests == 3


def deadline_config(seconds: float | None, retries: int) -> ResilienceConfig:
    """Retries bounded by their count and the request's deadline only (the breaker never opens)."""
    policy = SubgraphPolicy(
        retries=retries, backoff=0.05, max_backoff=0.05, failure_threshold=0, retry_budget=600
    )
    return ResilienceConfig(subgraphs={"*": policy}, request_deadline=seconds)


def test_retries_stop_at_the_requests_deadline(flaky: tuple[Misbehaving, str]) -> None:
    subgraph, url = flaky
    subgraph.fail_next(10_000)
    code, _ = exchange(url, "query", config=deadline_config(None, retries=30))
    assert code == "SUBGRAPH_REQUEST_FAILED" and subgraph.requests == 31  # no deadline: the count
    subgraph.requests = 0
    # backoffs average 25 ms: 1,000 of them are 25 s, far past a deadline of 0.3 s
    code, _ = exchange(url, "query", config=deadline_config(0.3, retries=1_000))
    assert code == "SUBGRAPH_REQUEST_FAILED"
    assert 1 < subgraph.requests < 1_001


def test_no_retry_starts_past_the_deadline(flaky: tuple[Misbehaving, str]) -> None:
    subgraph, url = flaky
    subgraph.fail_next(10)
    code, _ = exchange(url, "query", config=deadline_config(10.0, retries=5), late=True)
    assert code == "SUBGRAPH_REQUEST_FAILED" and subgraph.requests == 1


def test_through_the_gateway_a_query_failing_once_is_answered() -> None:
    inventory = Misbehaving(create_subgraph_app("inventory"))
    # the default plugins: resilience on, one retry
    with (
        benchmark_subgraphs() as urls,
        serving({"inventory": inventory}) as bad,
        gateway({**urls, **bad}) as url,
    ):
        inventory.fail_next(1)
        result = httpx.post(url, json={"query": "{ topProducts(first: 2) { name inStock } }"}).json()
    assert "errors" not in result, result
    assert [p["inStock"] for p in result["data"]["topProducts"]] == [True, False]
    assert inventory.requests == 2

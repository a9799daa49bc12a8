"""Fixtures: the benchmark subgraphs (once per session) and gateways over them with the playground."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.playground import Example, PlaygroundConfig
from tests.benchmarks.workload import query_body
from tests.http.harness import benchmark_subgraphs, gateway

PLAYGROUND = PlaygroundConfig(
    enabled=True,
    expose_query_plans=True,
    title="Benchmark",
    examples=(Example(name="TestQuery", query=query_body()["query"], description="the benchmark workload"),),
    headers={"x-demo": "yes", "x-empty": ""},
)


@pytest.fixture(scope="session")
def subgraph_urls() -> Iterator[dict[str, str]]:
    with benchmark_subgraphs() as urls:
        yield urls


@pytest.fixture(scope="module")
def playground_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    """A gateway with the playground and plans on; yields its `/graphql` URL."""
    with gateway(subgraph_urls, plugins=build_plugins({"playground": PLAYGROUND})) as url:
        yield url

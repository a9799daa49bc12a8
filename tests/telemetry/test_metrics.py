"""`/metrics` scraped for real after real traffic: requests by operation, client and status,
errors by code, per-subgraph fetches, errors and in-flight, the caches' counters, process
metrics; label values a client chooses stay bounded; a port of its own."""

from __future__ import annotations

import gc
import socket
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from gateway.cache import BoundedCache
from gateway.plugins.cache.config import CacheConfig, ResponseCacheConfig
from gateway.plugins.dedup import DedupConfig
from gateway.plugins.resilience import ResilienceConfig, SubgraphPolicy
from gateway.plugins.telemetry import MetricsConfig, TelemetryConfig
from tests.benchmarks.workload import query_body
from tests.http.harness import closed_url
from tests.telemetry.conftest import serve

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
CLIENT = {"apollographql-client-name": "citizen-portal", "apollographql-client-version": "2.1"}


def scrape(url: str) -> Samples:
    response = httpx.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(scope="module")
def gateway(subgraph_urls: dict[str, str]) -> Iterator[str]:
    """Metrics on (two operation names at most), `inventory` down, the response cache on."""
    metrics = MetricsConfig(enabled=True, max_operations=2)
    cache = CacheConfig(response=ResponseCacheConfig(enabled=True))
    telemetry = TelemetryConfig(metrics=metrics)
    with (
        closed_url() as nowhere,
        serve({**subgraph_urls, "inventory": nowhere}, telemetry, cache=cache) as server,
    ):
        yield server.url


def test_counters_move_with_traffic(gateway: str) -> None:
    before = scrape(f"{gateway}/metrics")
    graphql = f"{gateway}/graphql"
    assert httpx.post(graphql, json=query_body(), headers=CLIENT).status_code == 200
    httpx.post(graphql, json={"query": "query Stock { topProducts { name inStock } }"}, headers=CLIENT)
    httpx.post(graphql, json={"query": "{ nope }"})
    after = scrape(f"{gateway}/metrics")

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    ok = {"client_name": "citizen-portal", "client_version": "2.1", "status": "200"}
    assert moved("govgraph_requests_total", operation="TestQuery", **ok) == 1
    assert moved("govgraph_requests_total", operation="Stock", **ok) == 1
    unknown = {"client_name": "unknown", "client_version": "unknown", "status": "200"}
    assert moved("govgraph_requests_total", operation="unknown", **unknown) == 1  # invalid: no name
    assert moved("govgraph_request_errors_total", operation="Stock", code="SUBGRAPH_REQUEST_FAILED") == 1
    assert moved("govgraph_request_errors_total", operation="unknown", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert moved("govgraph_request_duration_seconds_count", operation="TestQuery") == 1
    for subgraph in ("accounts", "reviews", "products"):
        assert moved("govgraph_subgraph_fetch_duration_seconds_count", subgraph=subgraph) >= 1
    assert moved("govgraph_subgraph_errors_total", subgraph="inventory", code="SUBGRAPH_REQUEST_FAILED") >= 1
    assert value(after, "govgraph_subgraph_fetches_in_flight", subgraph="products") == 0
    assert moved("govgraph_bounded_cache_misses_total", cache="operations") >= 3
    assert moved("govgraph_response_cache_misses_total") >= 1
    assert value(after, "process_cpu_seconds_total") > 0


def test_operation_names_are_bounded(gateway: str) -> None:
    """Two names are labelled (TestQuery, Stock, by the test before); the rest count as `other`."""
    graphql = f"{gateway}/graphql"
    for name in ("Third", "Fourth"):
        httpx.post(graphql, json={"query": f"query {name} {{ topProducts {{ name }} }}"})
    httpx.post(graphql, json={"query": "{ topProducts { name } }"})
    samples = scrape(f"{gateway}/metrics")
    operations = {
        dict(labels).get("operation") for name, labels in samples if name == "govgraph_requests_total"
    }
    assert operations <= {"TestQuery", "Stock", "other", "anonymous", "unknown"}
    assert {"other", "anonymous"} <= operations


def test_probes_and_scrapes_are_not_counted(gateway: str) -> None:
    httpx.get(f"{gateway}/health")
    samples = scrape(f"{gateway}/metrics")
    assert not [labels for name, labels in samples if name == "govgraph_requests_total" and
                ("status", "404") in labels]  # fmt: skip
    httpx.get(f"{gateway}/nowhere")
    samples = scrape(f"{gateway}/metrics")
    assert value(samples, "govgraph_requests_total", operation="unknown", client_name="unknown",
                 client_version="unknown", status="404") == 1  # fmt: skip


def test_metrics_on_a_port_of_their_own(subgraph_urls: dict[str, str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    metrics = MetricsConfig(enabled=True, port=port, process=False)
    with serve(subgraph_urls, TelemetryConfig(metrics=metrics)) as server:
        httpx.post(f"{server.url}/graphql", json=query_body())
        assert httpx.get(f"{server.url}/metrics").status_code == 404  # not on the public listener
        samples = scrape(f"http://127.0.0.1:{port}/metrics")
        assert value(samples, "govgraph_requests_total", operation="TestQuery", client_name="unknown",
                     client_version="unknown", status="200") == 1  # fmt: skip
        assert not [name for name, _ in samples if name.startswith("process_")]


def test_fast_failures_are_counted_per_subgraph_and_reason(subgraph_urls: dict[str, str]) -> None:
    """`inventory` down: two failures open its breaker; each request after that fails fast, counted."""
    policy = SubgraphPolicy(failure_threshold=2, cool_down=600, retries=0)
    sections = {
        "resilience": ResilienceConfig(subgraphs={"inventory": policy}),
        "dedup": DedupConfig(False, False),
    }
    telemetry = TelemetryConfig(metrics=MetricsConfig(enabled=True))
    name = "govgraph_subgraph_rejections_total"
    stock = {"query": "{ topProducts { name inStock } }"}
    with (
        closed_url() as nowhere,
        serve({**subgraph_urls, "inventory": nowhere}, telemetry, **sections) as server,
    ):
        for _ in range(2):  # reach the network, fail: the breaker opens
            httpx.post(f"{server.url}/graphql", json=stock)
        assert value(scrape(f"{server.url}/metrics"), name, subgraph="inventory", reason="breaker_open") == 0
        for _ in range(3):
            errors = httpx.post(f"{server.url}/graphql", json=stock).json()["errors"]
            assert {e["extensions"]["code"] for e in errors} == {"SUBGRAPH_UNAVAILABLE"}
        samples = scrape(f"{server.url}/metrics")
    assert value(samples, name, subgraph="inventory", reason="breaker_open") == 3
    assert value(samples, name, subgraph="inventory", reason="bulkhead_full") == 0
    assert (name, frozenset({("subgraph", "inventory"), ("reason", "bulkhead_full")})) in samples
    assert value(samples, name, subgraph="products", reason="breaker_open") == 0


def test_cache_counters_never_go_down_when_a_cache_is_collected(gateway: str) -> None:
    """A new supergraph replaces the gateway and its caches; the counters they had stay counted."""
    cache: BoundedCache[str, int] | None = BoundedCache("retiring-test", 2)
    assert cache is not None
    for key in "abc":
        cache.get(key)
        cache.put(key, 1)
    cache.get("c")
    before = scrape(f"{gateway}/metrics")
    counts = {
        key: value(before, f"govgraph_bounded_cache_{key}_total", cache="retiring-test")
        for key in ("hits", "misses", "evictions")
    }
    assert counts == {"hits": 1, "misses": 3, "evictions": 1}
    cache = None
    gc.collect()
    after = scrape(f"{gateway}/metrics")
    for key, count in counts.items():
        assert value(after, f"govgraph_bounded_cache_{key}_total", cache="retiring-test") == count
    assert value(after, "govgraph_bounded_cache_entries", cache="retiring-test") == 0

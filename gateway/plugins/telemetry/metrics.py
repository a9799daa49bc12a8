"""Prometheus metrics in a registry of the plugin's own (every gateway in a process its own).

    govgraph_requests_total{operation, client_name, client_version, status}    HTTP requests
    govgraph_request_errors_total{operation, code}        requests whose result had an error code
    govgraph_request_duration_seconds{operation}          histogram, the whole HTTP exchange
    govgraph_subgraph_fetch_duration_seconds{subgraph}    histogram, one per plan fetch
    govgraph_subgraph_fetches_in_flight{subgraph}         gauge
    govgraph_subgraph_errors_total{subgraph, code}        a failed fetch, or each error it answered
    govgraph_bounded_cache_{hits,misses,evictions}_total{cache}, govgraph_bounded_cache_entries{cache}
                                 the in-process caches (`operations`: the plan cache), at scrape time
    govgraph_response_cache_{hits,misses,stale}_total, govgraph_entity_cache_…_total{subgraph},
    govgraph_cache_backend_failures_total                 the cache plugin's `stats()`, at scrape time
    govgraph_subgraph_rejections_total{subgraph, reason}  fetches failed fast by the resilience plugin
                                 (`breaker_open`, `bulkhead_full`), at scrape time
    process_*, python_*                                   the process (`process: true`)

Label values a client chooses are bounded (`Bounded`): operation names (anonymous, unknown), client
name and version pairs, error codes; past the cap they count as `other`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...cache import live_caches, retired_counts
from ...hooks import FetchFn, SubgraphRequest
from ...messages import SubgraphHttpAnswer, SubgraphResponse
from .config import MetricsConfig
from .exchange import ANONYMOUS, UNKNOWN, Exchange

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
OTHER = "other"
MAX_LABEL = 100  # characters of a label value


class Bounded:
    """Label values as they come, up to `limit` distinct ones; then `other`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.seen: set[Any] = set()

    def __call__(self, value: Any) -> Any:
        if value in self.seen:
            return value
        if len(self.seen) >= self.limit:
            return None
        self.seen.add(value)
        return value


class CacheCollector(Collector):
    """The caches' counters, read when scraped (nothing is counted twice on the hot path)."""

    def __init__(self) -> None:
        self.sources: list[Callable[[], Any]] = []  # the cache plugins' `stats`

    def collect(self) -> Iterator[Metric]:
        yield from _bounded_caches()
        for stats in self.sources:
            yield from _cache_plugin(stats())


class RejectionCollector(Collector):
    """Fetches the resilience plugin failed fast, per subgraph and reason, read when scraped."""

    def __init__(self) -> None:
        self.sources: list[Callable[[], Mapping[tuple[str, str], int]]] = []  # `rejections`

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "govgraph_subgraph_rejections",
            "Subgraph fetches failed fast (open circuit breaker, full bulkhead).",
            labels=["subgraph", "reason"],
        )
        for rejections in self.sources:
            for (subgraph, reason), count in sorted(rejections().items()):
                family.add_metric([subgraph, reason], count)
        yield family


def _bounded_caches() -> Iterator[Metric]:
    prefix = "govgraph_bounded_cache"
    families = {
        key: CounterMetricFamily(f"{prefix}_{key}", f"In-process cache {key}.", labels=["cache"])
        for key in ("hits", "misses", "evictions")
    }
    entries = GaugeMetricFamily(f"{prefix}_entries", "In-process cache entries.", labels=["cache"])
    live = live_caches()  # held first: none of these is retired while they are counted
    totals = {name: [*counts, 0] for name, counts in retired_counts().items()}
    for cache in live:
        stats = cache.stats()
        total = totals.setdefault(stats.name, [0, 0, 0, 0])
        for i, value in enumerate((stats.hits, stats.misses, stats.evictions, stats.entries)):
            total[i] += value
    for name, (hits, misses, evictions, count) in sorted(totals.items()):
        families["hits"].add_metric([name], hits)
        families["misses"].add_metric([name], misses)
        families["evictions"].add_metric([name], evictions)
        entries.add_metric([name], count)
    yield from families.values()
    yield entries


def _cache_plugin(stats: Any) -> Iterator[Metric]:
    for key in ("hits", "misses", "stale"):
        response = CounterMetricFamily(f"govgraph_response_cache_{key}", f"Response cache {key}.")
        response.add_metric([], getattr(stats.response, key))
        entity = CounterMetricFamily(
            f"govgraph_entity_cache_{key}", f"Entity cache {key}.", labels=["subgraph"]
        )
        for subgraph, counters in sorted(stats.entities.items()):
            entity.add_metric([subgraph], getattr(counters, key))
        yield response
        yield entity
    failures = CounterMetricFamily("govgraph_cache_backend_failures", "Cache backend operations that failed.")
    failures.add_metric([], stats.backend_failures)
    yield failures


class Metrics:
    def __init__(self, config: MetricsConfig) -> None:
        self.config = config
        self.registry = registry = CollectorRegistry()
        self.requests = self.make(
            Counter,
            "govgraph_requests",
            "HTTP requests.",
            "operation",
            "client_name",
            "client_version",
            "status",
        )
        self.errors = self.make(
            Counter, "govgraph_request_errors", "Requests by error code.", "operation", "code"
        )
        self.duration = self.make(
            Histogram, "govgraph_request_duration_seconds", "HTTP request time.", "operation"
        )
        self.fetch_duration = self.make(
            Histogram, "govgraph_subgraph_fetch_duration_seconds", "Subgraph fetch time.", "subgraph"
        )
        self.in_flight = self.make(
            Gauge, "govgraph_subgraph_fetches_in_flight", "Subgraph fetches awaiting an answer.", "subgraph"
        )
        self.fetch_errors = self.make(
            Counter, "govgraph_subgraph_errors", "Failed fetches and the errors answered.", "subgraph", "code"
        )
        self.caches = CacheCollector()
        registry.register(self.caches)
        self.rejections = RejectionCollector()
        registry.register(self.rejections)
        if config.process:
            for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
                registry.register(collector)
        self.operations = Bounded(config.max_operations)
        self.clients = Bounded(config.max_clients)
        self.codes = Bounded(100)
        self._server: Any = None

    def make(self, kind: Any, name: str, doc: str, *labels: str) -> Any:
        """One instrument in this registry (histograms with the gateway's buckets)."""
        extra = {"buckets": BUCKETS} if kind is Histogram else {}
        return kind(name, doc, labels, registry=self.registry, **extra)

    def start(self) -> None:
        """With `port`: serve the metrics there (a thread of prometheus-client's own)."""
        if self.config.port is not None and self._server is None:
            self._server, _ = start_http_server(self.config.port, self.config.host, registry=self.registry)

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def operation_label(self, exchange: Exchange) -> str:
        ctx = exchange.ctx
        if ctx is None or ctx.operation is None:
            return UNKNOWN
        name = exchange.operation_name
        return (self.operations(name[:MAX_LABEL]) or OTHER) if name else ANONYMOUS

    def code_label(self, code: str | None) -> str:
        return (self.codes(code[:MAX_LABEL]) or OTHER) if code else UNKNOWN

    def request(self, exchange: Exchange) -> None:
        operation = self.operation_label(exchange)
        name, version = exchange.client()
        client = self.clients(((name or UNKNOWN)[:MAX_LABEL], (version or UNKNOWN)[:MAX_LABEL]))
        client_name, client_version = client or (OTHER, OTHER)
        self.requests.labels(operation, client_name, client_version, str(exchange.status)).inc()
        self.duration.labels(operation).observe(exchange.duration)
        for code in exchange.error_codes:
            self.errors.labels(operation, self.code_label(code)).inc()

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        duration = self.fetch_duration.labels(service)
        in_flight = self.in_flight.labels(service)

        async def measured(request: SubgraphRequest) -> SubgraphHttpAnswer:
            in_flight.inc()
            started = time.perf_counter()
            try:
                return await next_(request)
            finally:
                in_flight.dec()
                duration.observe(time.perf_counter() - started)

        return measured

    def subgraph_response(self, request: SubgraphRequest, response: SubgraphResponse) -> None:
        if response.failure is not None:
            self.fetch_errors.labels(request.service, self.code_label(response.code)).inc()
        for error in response.errors:
            extensions = error.get("extensions")
            code = extensions.get("code") if isinstance(extensions, dict) else None
            label = self.code_label(code) if isinstance(code, str) else "DOWNSTREAM_SERVICE_ERROR"
            self.fetch_errors.labels(request.service, label).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def routes(self) -> Sequence[Route]:
        if self.config.port is not None:
            return ()

        async def scrape(_: Request) -> Response:
            return Response(self.exposition(), media_type=CONTENT_TYPE_LATEST)

        return (Route(self.config.path, scrape, methods=["GET"]),)

"""Telemetry: what the gateway tells about its own work. Each part is off unless configured, and
costs nothing then (no middleware, no wrappers); `Server-Timing` is on by default.

    server_timing   `Server-Timing: gateway;dur=…, subgraphs;dur=…` on every response
    metrics         Prometheus, at `/metrics` or on a port of its own (metrics.py)
    tracing         OpenTelemetry spans, W3C `traceparent` in and out (tracing.py)
    access_log      one JSON line per HTTP request (access_log.py)

One request id serves them all, the audit trail too: the client's `x-request-id` when plausible,
else a new one; always sent back as `x-request-id` (exchange.py), and sent to every subgraph as
`x-request-id` (the agencies log their legacy failures under it and return it in `requestId`).

    telemetry:
      metrics: {enabled: true}
      tracing: {enabled: true, otlp_endpoint: "http://otel-collector:4318/v1/traces"}
      access_log: {enabled: true}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from ...hooks import REQUEST_ID_HEADER, ExecuteFn, FetchFn, Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphResponse
from .access_log import AccessLog
from .config import AccessLogConfig, MetricsConfig, TelemetryConfig, TracingConfig
from .exchange import Exchange, ExchangeMiddleware, current, error_codes
from .metrics import Metrics
from .tracing import Tracing


class TelemetryPlugin(Plugin):
    name = "telemetry"
    Config = TelemetryConfig

    def __init__(self, config: TelemetryConfig | None = None, tracer_provider: Any = None) -> None:
        """`tracer_provider`: an OpenTelemetry provider for the spans (tests, embedding apps)."""
        super().__init__(config)
        cfg: TelemetryConfig = self.config
        self.metrics = Metrics(cfg.metrics) if cfg.metrics.enabled else None
        self.tracing = Tracing(cfg.tracing, tracer_provider) if cfg.tracing.enabled else None
        self.access_log = AccessLog(cfg.access_log) if cfg.access_log.enabled else None
        self.cache_stats = self.metrics.caches.sources if self.metrics is not None else []
        self.rejection_stats = self.metrics.rejections.sources if self.metrics is not None else []

    def http_middleware(self) -> Sequence[Middleware]:
        if not self.config.per_request:
            return ()
        return (Middleware(ExchangeMiddleware, finish=self.finish, ignore=self.config.ignore_paths),)

    def routes(self) -> Sequence[BaseRoute]:
        return self.metrics.routes() if self.metrics is not None else ()

    async def start(self) -> None:
        if self.metrics is not None:
            self.metrics.start()
        if self.access_log is not None:
            self.access_log.open()

    async def close(self) -> None:
        if self.metrics is not None:
            self.metrics.close()
        if self.tracing is not None:
            self.tracing.close()
        if self.access_log is not None:
            self.access_log.close()

    def finish(self, exchange: Exchange) -> None:
        """An HTTP request is answered: count it, log it."""
        if self.metrics is not None:
            self.metrics.request(exchange)
        if self.access_log is not None:
            self.access_log.write(exchange)

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        exchange = current()
        if exchange is not None:
            exchange.ctx = ctx
            ctx.request_id = ctx.request_id or exchange.request_id
        if self.tracing is not None:
            self.tracing.begin(ctx)
        return None

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        return self.tracing.wrap_execution(next_) if self.tracing is not None else next_

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        if self.tracing is not None:  # inside the metrics: a fetch's time includes its span's
            next_ = self.tracing.wrap_subgraph(service, next_)
        if self.metrics is not None:
            next_ = self.metrics.wrap_subgraph(service, next_)
        return next_

    def on_subgraph_request(self, request: SubgraphRequest) -> None:
        request.headers[REQUEST_ID_HEADER] = request.context.ensure_request_id()

    def on_subgraph_response(self, request: SubgraphRequest, response: SubgraphResponse) -> None:
        if self.metrics is not None:
            self.metrics.subgraph_response(request, response)

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> None:
        if self.config.server_timing and result.timing is not None:
            ctx.response_headers["server-timing"] = result.timing.header()
        exchange = current()
        if exchange is not None and exchange.ctx is ctx:
            if result.errors:
                exchange.error_codes = error_codes(result.errors)
            if result.timing is not None:
                exchange.subgraph_seconds = result.timing.subgraphs
        if self.tracing is not None:
            self.tracing.end(ctx, result)


__all__ = ["AccessLogConfig", "MetricsConfig", "TelemetryConfig", "TelemetryPlugin", "TracingConfig"]

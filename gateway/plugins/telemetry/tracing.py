"""OpenTelemetry spans, one trace per request (continuing a client's W3C `traceparent`):

    graphql.request   SERVER    on_request ─► on_response; graphql.operation.{name,type},
      │                         govgraph.request_id, client.{name,version}, govgraph.plan.cached
      ├── graphql.parse_validate          } only when the operation was compiled for this request
      ├── graphql.plan                    } (not found in the plan cache)
      └── graphql.execute                 around running the plan (outermost execution wrapper)
            └── graphql.fetch  CLIENT    one per plan fetch: subgraph.name, graphql.operation.type,
                                         http.response.status_code, error.type; its context goes
                                         to the subgraph as `traceparent`

Spans go to the tracer provider given to the plugin, else one of its own exporting over OTLP/HTTP
(`otlp_endpoint`), else the application's global provider (a no-op unless one was set).
"""

from __future__ import annotations

from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, TracerProvider
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from ...hooks import ExecuteFn, FetchFn, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphHttpAnswer
from .config import TracingConfig
from .exchange import error_codes

REQUEST_SPAN = "telemetry.request_span"
EXECUTE_SPAN = "telemetry.execute_span"
_PROPAGATOR = TraceContextTextMapPropagator()
CLIENT_ATTRIBUTES = (
    ("apollographql-client-name", "client.name"),
    ("apollographql-client-version", "client.version"),
)


def own_provider(config: TracingConfig) -> TracerProvider:
    """An SDK provider exporting to `otlp_endpoint` in batches, sampling `sample_ratio` of new traces."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider as SdkProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError as error:  # the `otlp` extra is not installed
        raise ValueError(
            "telemetry.tracing.otlp_endpoint needs opentelemetry-exporter-otlp-proto-http "
            "(pip install 'govgraph[otlp]')"
        ) from error
    provider = SdkProvider(
        resource=Resource.create({"service.name": config.service_name}),
        sampler=ParentBased(TraceIdRatioBased(config.sample_ratio)),
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=config.otlp_endpoint)))
    return provider


class Tracing:
    def __init__(self, config: TracingConfig, provider: TracerProvider | None = None) -> None:
        self.config = config
        self.owned = provider is None and config.otlp_endpoint is not None
        if self.owned:
            provider = own_provider(config)
        self.provider = provider or trace.get_tracer_provider()
        self.tracer = self.provider.get_tracer("govgraph")

    def close(self) -> None:
        if self.owned:
            shutdown: Any = getattr(self.provider, "shutdown", None)
            if shutdown is not None:
                shutdown()

    def begin(self, ctx: RequestContext) -> None:
        parent = _PROPAGATOR.extract(ctx.headers) if self.config.accept_client_trace else Context()
        attributes = {"govgraph.request_id": ctx.ensure_request_id(), "http.request.method": ctx.method}
        for header, attribute in CLIENT_ATTRIBUTES:
            value = ctx.headers.get(header)
            if value:
                attributes[attribute] = value
        span = self.tracer.start_span("graphql.request", parent, SpanKind.SERVER, attributes)
        ctx.state[REQUEST_SPAN] = span

    def end(self, ctx: RequestContext, result: GraphQLResult) -> None:
        span: Span | None = ctx.state.pop(REQUEST_SPAN, None)
        if span is None:
            return
        if ctx.operation is not None:
            name = ctx.operation.operation.name
            if name is not None:
                span.set_attribute("graphql.operation.name", name.value)
            span.set_attribute("graphql.operation.type", ctx.operation.kind)
        times = ctx.compile_times
        span.set_attribute("govgraph.plan.cached", times is None and ctx.plan is not None)
        if times is not None:
            within = trace.set_span_in_context(span)
            stages = (
                ("graphql.parse_validate", times.started, times.validated),
                ("graphql.plan", times.validated, times.planned),
            )
            for stage, start, stop in stages:
                self.tracer.start_span(stage, within, start_time=start).end(end_time=stop)
        if result.errors:
            codes = error_codes(result.errors)
            span.set_attribute("govgraph.error_codes", list(codes))
            if not result.executed:
                span.set_status(Status(StatusCode.ERROR, codes[0] if codes else None))
        span.end()

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        tracer = self.tracer

        async def traced(ctx: RequestContext) -> GraphQLResult:
            parent: Span | None = ctx.state.get(REQUEST_SPAN)
            if parent is None:
                return await next_(ctx)
            span = tracer.start_span("graphql.execute", trace.set_span_in_context(parent))
            ctx.state[EXECUTE_SPAN] = span
            try:
                return await next_(ctx)
            finally:
                span.end()

        return traced

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        tracer, propagate = self.tracer, self.config.propagate

        async def traced(request: SubgraphRequest) -> SubgraphHttpAnswer:
            parent: Span | None = request.context.state.get(EXECUTE_SPAN)
            if parent is None:
                return await next_(request)
            attributes = {"subgraph.name": service, "graphql.operation.type": request.kind}
            if request.operation_name:
                attributes["graphql.operation.name"] = request.operation_name
            within = trace.set_span_in_context(parent)
            span = tracer.start_span("graphql.fetch", within, SpanKind.CLIENT, attributes)
            if propagate:
                _PROPAGATOR.inject(request.headers, trace.set_span_in_context(span))
            try:
                answer = await next_(request)
            except BaseException as error:
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                span.end()
                raise
            if answer.failure is not None:
                span.set_attribute("error.type", answer.failure.code or "SUBGRAPH_REQUEST_FAILED")
                span.set_status(Status(StatusCode.ERROR, answer.failure.failure))
            else:
                span.set_attribute("http.response.status_code", answer.status)
            span.end()
            return answer

        return traced

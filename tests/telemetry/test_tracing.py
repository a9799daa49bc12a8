"""Traces with the SDK's in-memory exporter, over real servers: one `graphql.fetch` span per plan
fetch, each a child of the request's `graphql.execute` span; each subgraph receives a W3C
`traceparent` of the same trace naming its fetch span; a client's `traceparent` is continued."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.plan.nodes import Condition, Fetch, Flatten, Parallel, PlanNode, Sequence
from gateway.plugins.telemetry import TelemetryConfig, TracingConfig
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import query_body
from tests.support.recording import RecordingApp
from tests.support.servers import serving
from tests.telemetry.conftest import serve

CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c"
CLIENT_SPAN = "b7ad6b7169203331"


@dataclass
class Traced:
    url: str
    spans: InMemorySpanExporter
    subgraphs: dict[str, RecordingApp]
    app: Any


@pytest.fixture(scope="module")
def traced() -> Iterator[Traced]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    recorders = {name: RecordingApp(create_subgraph_app(name)) for name in NAMES}
    telemetry = TelemetryConfig(tracing=TracingConfig(enabled=True))
    with serving(recorders) as urls, serve(urls, telemetry, tracer_provider=provider) as server:
        yield Traced(server.url, exporter, recorders, server.app)
    provider.shutdown()


def plan_fetches(node: PlanNode | None) -> list[Fetch]:
    if node is None:
        return []
    if isinstance(node, Fetch):
        return [node]
    if isinstance(node, Flatten):
        return [node.node]
    if isinstance(node, Sequence | Parallel):
        return [fetch for child in node.nodes for fetch in plan_fetches(child)]
    assert isinstance(node, Condition)
    return plan_fetches(node.if_true) + plan_fetches(node.if_false)


def run(traced: Traced, headers: dict[str, str] | None = None) -> list[ReadableSpan]:
    traced.spans.clear()
    for recorder in traced.subgraphs.values():
        recorder.clear()
    response = httpx.post(f"{traced.url}/graphql", json=query_body(), headers=headers)
    assert response.status_code == 200 and "errors" not in response.json()
    return list(traced.spans.get_finished_spans())


def named(spans: list[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


def test_one_span_per_plan_fetch_under_the_execution_span(traced: Traced) -> None:
    spans = run(traced)
    (request,) = named(spans, "graphql.request")
    (execute,) = named(spans, "graphql.execute")
    assert request.parent is None
    assert execute.parent is not None and execute.parent.span_id == request.context.span_id
    (parse,) = named(spans, "graphql.parse_validate")  # the first time: compiled for this request
    (plan_span,) = named(spans, "graphql.plan")
    assert parse.parent.span_id == plan_span.parent.span_id == request.context.span_id  # type: ignore[union-attr]
    assert parse.end_time <= plan_span.start_time  # type: ignore[operator]

    plan = traced.app.state.manager.current.compile(query_body()["query"], None).plan
    fetches = plan_fetches(plan.node)
    fetch_spans = named(spans, "graphql.fetch")
    assert len(fetch_spans) == len(fetches) > 3
    assert sorted(s.attributes["subgraph.name"] for s in fetch_spans) == sorted(f.service for f in fetches)
    for span in fetch_spans:
        assert span.parent is not None and span.parent.span_id == execute.context.span_id
        assert span.context.trace_id == request.context.trace_id
        assert span.attributes["http.response.status_code"] == 200
    attributes = request.attributes or {}
    assert attributes["graphql.operation.name"] == "TestQuery"
    assert attributes["graphql.operation.type"] == "query"
    assert attributes["govgraph.plan.cached"] is False


def test_each_subgraph_receives_a_traceparent_of_its_fetch_span(traced: Traced) -> None:
    spans = run(traced)
    trace_id = f"{named(spans, 'graphql.request')[0].context.trace_id:032x}"
    fetch_ids = {f"{span.context.span_id:016x}" for span in named(spans, "graphql.fetch")}
    sent = [headers["traceparent"] for r in traced.subgraphs.values() for headers in r.headers]
    assert len(sent) == len(fetch_ids)
    for traceparent in sent:
        version, trace, parent, flags = traceparent.split("-")
        assert (version, trace) == ("00", trace_id)
        assert int(flags, 16) & 1  # sampled
        assert parent in fetch_ids
    assert not named(spans, "graphql.plan")  # planned by the test before: cached
    assert named(spans, "graphql.request")[0].attributes["govgraph.plan.cached"] is True  # type: ignore[index]


def test_a_client_traceparent_is_continued(traced: Traced) -> None:
    spans = run(traced, {"traceparent": f"00-{CLIENT_TRACE}-{CLIENT_SPAN}-01"})
    (request,) = named(spans, "graphql.request")
    assert f"{request.context.trace_id:032x}" == CLIENT_TRACE
    assert request.parent is not None and f"{request.parent.span_id:016x}" == CLIENT_SPAN
    assert all(f"{span.context.trace_id:032x}" == CLIENT_TRACE for span in spans)
    sent = [headers["traceparent"] for r in traced.subgraphs.values() for headers in r.headers]
    assert sent and all(CLIENT_TRACE in value for value in sent)

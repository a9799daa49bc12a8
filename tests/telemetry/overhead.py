"""Requests per second in-process with each telemetry part off and on (not a test; a figure for the
README): the ASGI app driven directly, sequentially, over the benchmark subgraphs on real ports.

    .venv/bin/python -m tests.telemetry.overhead [requests]
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import orjson
from opentelemetry.sdk.trace import TracerProvider

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from gateway.plugins import build_plugins
from gateway.plugins.telemetry import (
    AccessLogConfig,
    MetricsConfig,
    TelemetryConfig,
    TelemetryPlugin,
    TracingConfig,
)
from tests.benchmarks.workload import SUPERGRAPH
from tests.http.harness import benchmark_subgraphs

QUERY = "query Typename { __typename }"  # no fetch: the gateway's own work (the test subgraphs are slow)
ROUNDS = 3  # alternating settings, best of each: the machine is shared
SETTINGS = {
    "off (Server-Timing only)": TelemetryConfig(),
    "metrics": TelemetryConfig(metrics=MetricsConfig(enabled=True)),
    "tracing": TelemetryConfig(tracing=TracingConfig(enabled=True)),
    "access log": TelemetryConfig(access_log=AccessLogConfig(enabled=True, file="/dev/null")),
    "all three": TelemetryConfig(
        metrics=MetricsConfig(enabled=True),
        tracing=TracingConfig(enabled=True),
        access_log=AccessLogConfig(enabled=True, file="/dev/null"),
    ),
}


async def call(app: Any, body: bytes) -> int:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/graphql", "raw_path": b"/graphql", "query_string": b"", "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 4000),
    }  # fmt: skip
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def rate(app: Any, query: str, count: int) -> float:
    body = orjson.dumps({"query": query})
    for _ in range(50):  # warm: plan cache, connections
        assert await call(app, body) == 200
    started = time.perf_counter()
    for _ in range(count):
        await call(app, body)
    return count / (time.perf_counter() - started)


async def measure(urls: dict[str, str], count: int) -> None:
    config = GatewayConfig(supergraph_sdl=SUPERGRAPH.read_text(), subgraph_urls=urls)
    apps = {}
    for label, telemetry in SETTINGS.items():
        plugins = [
            TelemetryPlugin(telemetry, TracerProvider()) if p.name == "telemetry" else p
            for p in build_plugins({"telemetry": telemetry})
        ]
        apps[label] = create_app(config, plugins=plugins)
        await apps[label].state.manager.start()
    best = dict.fromkeys(apps, 0.0)
    for _ in range(ROUNDS):
        for label, app in apps.items():
            best[label] = max(best[label], await rate(app, QUERY, count))
    base = best[next(iter(best))]
    for label, app in apps.items():
        cost = (1 / best[label] - 1 / base) * 1e6
        print(f"{label:26} {best[label]:7.0f} requests/s   {cost:+6.1f} µs per request", flush=True)
        await app.state.manager.close()


if __name__ == "__main__":
    with benchmark_subgraphs() as subgraph_urls:
        asyncio.run(measure(subgraph_urls, int(sys.argv[1]) if len(sys.argv) > 1 else 2000))

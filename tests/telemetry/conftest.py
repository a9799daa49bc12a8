"""Fixtures: the four benchmark subgraphs, once per session (as for the HTTP tests), and a gateway
served for real with the telemetry section given."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from gateway.plugins import build_plugins
from gateway.plugins.telemetry import TelemetryConfig, TelemetryPlugin
from tests.benchmarks.workload import SUPERGRAPH
from tests.http.conftest import subgraph_urls
from tests.http.harness import Uvicorn

__all__ = ["serve", "subgraph_urls"]


@contextlib.contextmanager
def serve(
    urls: Mapping[str, str], telemetry: TelemetryConfig, tracer_provider: Any = None, **sections: Any
) -> Iterator[Uvicorn]:
    """The gateway with the built-in plugins, `telemetry` (and its tracer provider) and `sections`."""
    plugins = build_plugins({**sections, "telemetry": telemetry})
    if tracer_provider is not None:
        plugins = [
            TelemetryPlugin(telemetry, tracer_provider) if p.name == "telemetry" else p for p in plugins
        ]
    config = GatewayConfig(supergraph_sdl=SUPERGRAPH.read_text(), subgraph_urls=dict(urls))
    server = Uvicorn(create_app(config, plugins=plugins)).start()
    try:
        yield server
    finally:
        server.stop()

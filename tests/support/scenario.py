"""Run a federation scenario: real subgraphs + the gateway, all on 127.0.0.1 ports.

with Scenario.start(supergraph_path, {"a": a_app, "b": b_app}) as sc:
    assert sc.query("{ users { id } }") == {"data": ...}
    assert sc.subgraph_requests("a") == 1
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from tests.support.recording import RecordingApp
from tests.support.servers import ServerThread, serving


@dataclass
class Scenario:
    gateway_url: str
    subgraphs: dict[str, RecordingApp]
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    @classmethod
    @contextlib.contextmanager
    def start(
        cls, supergraph: str | Path, apps: Mapping[str, Any], plugins: Any = None, **config: Any
    ) -> Iterator[Scenario]:
        """`plugins`: the gateway's plugins (None: the built-in ones with their defaults)."""
        sdl = Path(supergraph).read_text() if isinstance(supergraph, Path) else supergraph
        recorders = {name: RecordingApp(app) for name, app in apps.items()}
        with serving(recorders) as urls:
            gw_config = GatewayConfig(supergraph_sdl=sdl, subgraph_urls=urls, **config)
            server = ServerThread(create_app(gw_config, plugins=plugins), lifespan="on").start()
            scenario = cls(gateway_url=server.url + "/graphql", subgraphs=recorders)
            try:
                yield scenario
            finally:
                scenario.client.close()
                server.stop()

    def post(self, body: Any, headers: Mapping[str, str] | None = None) -> httpx.Response:
        for recorder in self.subgraphs.values():
            recorder.clear()
        return self.client.post(self.gateway_url, json=body, headers=headers)

    def query(
        self, query: str, variables: Mapping[str, Any] | None = None, operation_name: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = dict(variables)
        if operation_name is not None:
            body["operationName"] = operation_name
        response = self.post(body)
        result: dict[str, Any] = response.json()
        return result

    def subgraph_requests(self, name: str) -> int:
        return self.subgraphs[name].count

    def total_subgraph_requests(self) -> int:
        return sum(r.count for r in self.subgraphs.values())

"""A live gateway over running subgraphs: real servers on 127.0.0.1 ports, the gateway in a thread."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from gateway.config import GatewayConfig
from gateway.hooks import Hooks
from gateway.http.app import create_app
from gateway.live.manager import GatewayManager, SupergraphSource
from gateway.plugins import build_plugins
from tests.support.servers import ServerThread

POLL = 0.2  # seconds between checks for a new schema in these tests


@dataclass
class Live:
    url: str
    manager: GatewayManager
    client: httpx.Client

    def query(self, query: str) -> dict[str, Any]:
        response = self.client.post(self.url, json={"query": query})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def wait_for(self, condition: Callable[[], bool], timeout: float = 20.0) -> float:
        """Seconds until `condition()` holds; fails the test after `timeout`."""
        start = time.monotonic()
        while not condition():
            if time.monotonic() - start > timeout:
                raise AssertionError(f"still not true after {timeout}s")
            time.sleep(0.05)
        return time.monotonic() - start


@contextlib.contextmanager
def live_gateway(source: SupergraphSource, **config: Any) -> Iterator[Live]:
    """The gateway serving `source`'s supergraph and polling it every `POLL` seconds."""
    sdl = asyncio.run(source.fetch())
    assert sdl is not None
    gateway_config = GatewayConfig(supergraph_sdl=sdl, **config)
    manager = GatewayManager(gateway_config, source=source, poll_interval=POLL, hooks=Hooks(build_plugins()))
    server = ServerThread(create_app(gateway_config, manager=manager), lifespan="on").start()
    try:
        with httpx.Client(timeout=30) as client:
            yield Live(server.url + "/graphql", manager, client)
    finally:
        server.stop()


@contextlib.contextmanager
def running(apps: Mapping[str, Any]) -> Iterator[dict[str, str]]:
    """Start the subgraph apps; name -> GraphQL URL."""
    servers = [ServerThread(app).start() for app in apps.values()]
    try:
        yield {name: server.url + "/graphql" for name, server in zip(apps, servers, strict=True)}
    finally:
        for server in servers:
            server.stop()

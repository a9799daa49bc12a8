"""Real servers for the HTTP-layer tests: the gateway under uvicorn on either stack, a
subgraph that answers garbage, and a URL nothing listens on.

The gateway runs on the production stack (uvloop + httptools, as `govgraph serve`) by
default; `STACKS` also names the test harness's asyncio + h11, so behaviour that depends
on the HTTP parser (HEAD, body limits, chunked bodies) is checked on both.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import uvicorn

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.support.servers import serving

STACKS = {"uvloop-httptools": ("uvloop", "httptools"), "asyncio-h11": ("asyncio", "h11")}


@dataclass
class Uvicorn:
    """One uvicorn server in a thread on a port the OS picks."""

    app: Any
    loop: str = "uvloop"
    http: str = "httptools"

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", lifespan="on", loop=self.loop, http=self.http, access_log=False
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=lambda: self._server.run(sockets=[self._sock]), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> Uvicorn:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the gateway did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


@contextlib.contextmanager
def benchmark_subgraphs() -> Iterator[dict[str, str]]:
    """The four benchmark subgraphs, each on its own port; yields name -> URL."""
    with serving({name: create_subgraph_app(name) for name in NAMES}) as urls:
        yield urls


@contextlib.contextmanager
def gateway(
    subgraph_urls: Mapping[str, str], stack: str = "uvloop-httptools", plugins: Any = None, **config: Any
) -> Iterator[str]:
    """The gateway over the benchmark supergraph; yields its `/graphql` URL."""
    gw_config = GatewayConfig(
        supergraph_sdl=SUPERGRAPH.read_text(), subgraph_urls=dict(subgraph_urls), **config
    )
    loop, http = STACKS[stack]
    server = Uvicorn(create_app(gw_config, plugins=plugins), loop=loop, http=http).start()
    try:
        yield server.url + "/graphql"
    finally:
        server.stop()


@contextlib.contextmanager
def closed_url() -> Iterator[str]:
    """A URL on a port that is bound but never listens: connecting is refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/graphql"
    finally:
        sock.close()


class GarbageSubgraph:
    """A subgraph that answers every request with the same bytes (not a GraphQL response)."""

    def __init__(self, body: bytes, status: int = 200, content_type: bytes = b"application/json") -> None:
        self.body = body
        self.status = status
        self.content_type = content_type

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        headers = [(b"content-type", self.content_type)]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})

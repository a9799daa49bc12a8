"""Real servers on 127.0.0.1 ports for tests.

Each ASGI app runs under uvicorn in its own thread with its own event loop, on a
port the OS picks, so tests talk to it over real HTTP exactly as a client would.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any

import uvicorn


class ServerThread:
    """One uvicorn server on 127.0.0.1, started and stopped from a test."""

    def __init__(self, app: Any, *, lifespan: str = "auto") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan=lifespan, loop="asyncio", http="h11")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        self._server.run(sockets=[self._sock])

    def start(self, timeout: float = 10.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("server thread died during start-up")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


@contextlib.contextmanager
def serving(apps: Mapping[str, Any], *, path: str = "/graphql") -> Iterator[dict[str, str]]:
    """Start every app; yield name -> URL of its GraphQL endpoint; stop them all."""
    started: list[ServerThread] = []
    try:
        urls = {}
        for name, app in apps.items():
            server = ServerThread(app).start()
            started.append(server)
            urls[name] = server.url + path
        yield urls
    finally:
        for server in started:
            server.stop()

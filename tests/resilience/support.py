"""Subgraphs that misbehave on demand, for real over 127.0.0.1: one that stalls (accepts the
request and answers nothing until released), one that answers 503 a given number of times first;
both count the requests that reach them."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from starlette.types import Receive, Scope, Send


class Misbehaving:
    """Wraps a subgraph app: `stall()` holds every request unanswered until `release()`;
    `fail_next(n)` answers the next n requests HTTP 503."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stalled = threading.Event()
        self.failures_left = 0
        self.requests = 0
        self.lock = threading.Lock()

    def stall(self) -> None:
        self.stalled.set()

    def release(self) -> None:
        self.stalled.clear()

    def fail_next(self, count: int) -> None:
        with self.lock:
            self.failures_left = count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.lock:
            self.requests += 1
            fail, self.failures_left = self.failures_left > 0, max(self.failures_left - 1, 0)
        while self.stalled.is_set():
            await asyncio.sleep(0.02)
        if fail:
            await _drain(receive)
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b"unavailable"})
            return
        await self.app(scope, receive, send)


async def _drain(receive: Receive) -> None:
    more = True
    while more:
        message: Any = await receive()
        more = message.get("more_body", False)


async def answer_ok(scope: Scope, receive: Receive, send: Send) -> None:
    """A minimal GraphQL endpoint: `{"data": {"ok": true}}` to anything."""
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await _drain(receive)
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": b'{"data": {"ok": true}}'})

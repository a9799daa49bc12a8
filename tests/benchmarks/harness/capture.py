"""A recording reverse proxy: captures the exact requests a gateway sends to its subgraphs.

The Dashboard benchmark runs one request through a govgraph gateway whose subgraph URLs point
here, then replays each captured body (with its forwarded headers) against the subgraph directly.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

FORWARDED = ("x-govgraph-identity", "accept-language")  # who is asking, as the gateway signed it


@dataclass(frozen=True)
class Call:
    subgraph: str
    body: bytes
    headers: tuple[tuple[str, str], ...]
    response: bytes
    started: float
    ended: float


def stages(calls: list[Call]) -> list[list[Call]]:
    """Calls grouped into stages: a call that starts before the previous stage ended runs beside it."""
    grouped: list[list[Call]] = []
    for call in sorted(calls, key=lambda c: c.started):
        if grouped and call.started < max(c.ended for c in grouped[-1]):
            grouped[-1].append(call)
        else:
            grouped.append([call])
    return grouped


@dataclass
class CaptureProxy:
    upstreams: dict[str, str]  # subgraph name -> its real URL
    calls: list[Call] = field(default_factory=list)
    port: int = 0
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None

    async def _forward(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        body = await request.read()
        headers = tuple((k, v) for k, v in request.headers.items() if k.lower() in FORWARDED)
        started = time.monotonic()
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                self.upstreams[name],
                data=body,
                headers={"content-type": "application/json", **dict(headers)},
            ) as upstream,
        ):
            payload = await upstream.read()
            status = upstream.status
        self.calls.append(Call(name, body, headers, payload, started, time.monotonic()))
        return web.Response(body=payload, status=status, content_type="application/json")

    def start(self) -> CaptureProxy:
        ready = threading.Event()

        async def serve() -> None:
            app = web.Application()
            app.router.add_post("/{name}", self._forward)
            self._runner = web.AppRunner(app, access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self._loop is None or self._runner is None:
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

"""GraphQL over Server-Sent Events, distinct-connections mode
(https://github.com/enisdenjo/graphql-sse/blob/master/PROTOCOL.md): a GET or POST to the
GraphQL endpoint whose `Accept` names `text/event-stream` gets one `event: next` per result and
a last `event: complete`.

It is a media type the endpoint negotiates, not another route: the request is read and checked
exactly as any other (body limits, content type), and a client that does not ask for a stream
never meets this code. Served when the `subscriptions` plugin is on (its settings, its register
of open streams for shutdown). An operation refused before execution (validation, credentials)
is answered as JSON with its status, as graphql-sse's own server does. A slow reader's response
ends when its buffer of `max_buffered_events` is full (SSE has no close code: the stream just
stops, without `complete`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..engine.streams import OpenStreams, Outbox, pump
from ..engine.subscribe import Streamed, subscribe
from ..errors import INTERNAL_SERVER_ERROR, error_dict
from ..hooks import RequestContext
from ..live.manager import GatewayManager
from ..messages import encode_json
from ..plugins.subscriptions import SubscriptionsConfig
from .media import JSON, parse_accept, respond
from .request import read_request

log = logging.getLogger("govgraph.http")
EVENT_STREAM = "text/event-stream"
COMPLETE = "event: complete\ndata:\n\n"
Opened = Streamed | AsyncGenerator[Streamed, None]


def wants_event_stream(accept: str | None) -> bool:
    """The client names `text/event-stream` (with a quality above 0)."""
    return accept is not None and any(
        r.type == "text" and r.subtype == "event-stream" and r.quality > 0 for r in parse_accept(accept)
    )


def next_event(streamed: Streamed) -> str:
    return f"event: next\ndata: {encode_json(streamed.body()).decode()}\n\n"


class EventStreams:
    def __init__(self, settings: SubscriptionsConfig, streams: OpenStreams) -> None:
        self.settings = settings
        self.streams = streams

    async def respond(self, request: Request, gateways: GatewayManager, max_bytes: int) -> Response:
        """Raises `HttpError` for a request that is not well-formed."""
        graphql_request = await read_request(request, max_bytes)
        client = request.client.host if request.client else None
        ctx = RequestContext(graphql_request, request.headers, request.method, client_address=client)
        if request.method == "GET":
            ctx.allowed_kinds = ("query", "subscription")
        with contextlib.ExitStack() as lease:  # the gateway generation, for as long as the stream runs
            gateway = lease.enter_context(gateways.lease())
            opened = await subscribe(gateway, ctx, self.settings.subgraph_urls, self.settings.upstream)
            if isinstance(opened, Streamed) and not opened.result.executed:
                return respond(opened.body(), opened.result.status, JSON, ctx.response_headers or None)
            return EventStreamResponse(self, opened, lease.pop_all(), ctx.response_headers)


class EventStreamResponse(Response):
    media_type = EVENT_STREAM

    def __init__(
        self, owner: EventStreams, opened: Opened, lease: contextlib.ExitStack, headers: dict[str, str]
    ) -> None:
        super().__init__(
            None, 200, {**headers, "cache-control": "no-cache", "x-accel-buffering": "no"}, EVENT_STREAM
        )
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]  # a stream
        self.owner, self.opened, self.lease = owner, opened, lease
        self.outbox = Outbox(owner.settings.max_buffered_events)
        self.stopping = asyncio.Event()

    async def shut_down(self) -> None:
        self.stopping.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            with self.owner.streams.open(self):
                await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
                await self._stream(receive, send)
        finally:
            self.lease.close()

    async def _stream(self, receive: Receive, send: Send) -> None:
        async def write(message: str) -> None:
            await send({"type": "http.response.body", "body": message.encode(), "more_body": True})

        tasks = [
            asyncio.create_task(self._produce()),
            asyncio.create_task(self.outbox.drain(write)),
            asyncio.create_task(_disconnected(receive)),
            asyncio.create_task(self.outbox.overflowed.wait()),
            asyncio.create_task(self.stopping.wait()),
        ]
        done, _ = await asyncio.wait(tasks[1:], return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if tasks[1] in done or self.stopping.is_set():  # all written, or the gateway stops
            with contextlib.suppress(Exception):
                if self.stopping.is_set():
                    await asyncio.wait_for(write(COMPLETE), 5.0)
                await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _produce(self) -> None:
        try:
            if isinstance(self.opened, Streamed):
                self.outbox.put(next_event(self.opened))
            elif not await pump(self.opened, self.outbox, next_event):
                return  # overflowed
        except Exception:  # a bug must not become a stack trace, nor a stream that never ends
            log.exception("event stream failed")
            error = error_dict("Internal error while running the operation.", INTERNAL_SERVER_ERROR)
            self.outbox.put(f"event: next\ndata: {encode_json({'errors': [error]}).decode()}\n\n")
        self.outbox.put(COMPLETE)
        self.outbox.finish()


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass

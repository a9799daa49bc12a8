"""graphql-transport-ws (https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md) for
clients: one connection, many operations, each answered by `engine.subscribe`.

Close codes:
    4400  a message that is not one of the protocol's, or an invalid `subscribe` payload;
          too many operations at once on one connection (`max_subscriptions_per_connection`)
    4401  `subscribe` before `connection_ack`
    4403  the credentials in `connection_init` (or the handshake) are refused
    4406  the subprotocol is not `graphql-transport-ws`
    4408  no `connection_init` within `connection_init_timeout`
    4409  `subscribe` with the id of an operation still running
    4429  a second `connection_init`
    1013  a slow consumer: its buffer of `max_buffered_events` messages is full
    1001  the gateway is shutting down (each operation gets `complete` first)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ...engine.streams import OpenStreams, Outbox, pump
from ...engine.subscribe import Streamed, subscribe
from ...errors import INTERNAL_SERVER_ERROR, error_dict
from ...hooks import RequestContext
from ...hooks.context import WEBSOCKET
from ...live.manager import GatewayManager
from ...messages import GraphQLRequest
from .settings import SubscriptionsConfig

log = logging.getLogger("govgraph.subscriptions")
PROTOCOL = "graphql-transport-ws"
SHUTDOWN = (1001, "The gateway is shutting down")
CLOSE_TIMEOUT = 30.0  # seconds a close frame may wait for the client to read
SLOW_CONSUMER = (1013, "Slow consumer: too many events waiting to be sent")
SILENT = (4504, "No message from the client, not even a pong, within the keepalive timeout")


class Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def credentials(handshake: Mapping[str, str], payload: Any) -> dict[str, str]:
    """The handshake's headers, then `connection_init`'s: `{"headers": {...}}` and/or headers at
    the top level (`{"Authorization": "Bearer ..."}`); names lower-case, string values only."""
    merged = {name.lower(): value for name, value in handshake.items()}
    if isinstance(payload, dict):
        nested = payload.get("headers")
        for source in (payload, nested if isinstance(nested, dict) else {}):
            merged.update({k.lower(): v for k, v in source.items() if isinstance(v, str)})
    return merged


def graphql_request(payload: Any) -> GraphQLRequest:
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        raise Close(4400, "Invalid subscribe payload: `query` must be a string")
    variables, name, extensions = (payload.get(k) for k in ("variables", "operationName", "extensions"))
    if not (variables is None or isinstance(variables, dict)) or not (name is None or isinstance(name, str)):
        raise Close(
            4400, "Invalid subscribe payload: `variables` must be an object, `operationName` a string"
        )
    return GraphQLRequest(
        payload["query"], variables, name, extensions if isinstance(extensions, dict) else None
    )


class TransportWsConnection:
    def __init__(self, websocket: WebSocket, settings: SubscriptionsConfig, streams: OpenStreams) -> None:
        self.websocket = websocket
        self.settings = settings
        self.streams = streams
        self.outbox = Outbox(settings.max_buffered_events)
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.headers: dict[str, str] | None = None  # once acknowledged
        self.stopping = asyncio.Event()
        self.open_at_end: list[str] = []  # the operations running when the connection ended
        self.heard = time.monotonic()  # when the client last sent anything
        self.manager: GatewayManager = websocket.app.state.manager

    async def serve(self) -> None:
        websocket = self.websocket
        if PROTOCOL not in websocket.scope.get("subprotocols", ()):
            await websocket.accept()
            await websocket.close(4406, "Subprotocol not acceptable")
            return
        await websocket.accept(PROTOCOL)
        with self.streams.open(self):
            close = await self._run()
            await self._end(close)

    async def _run(self) -> tuple[int, str] | None:
        """Until the client leaves (None) or the connection must close (code, reason)."""
        tasks = {
            asyncio.create_task(self.outbox.drain(self.websocket.send_text)): None,
            asyncio.create_task(self.outbox.overflowed.wait()): SLOW_CONSUMER,
            asyncio.create_task(self.stopping.wait()): SHUTDOWN,
            asyncio.create_task(self._keepalive()): SILENT,
        }
        reader = asyncio.create_task(self._read())
        tasks[reader] = None
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self.open_at_end = list(self.operations)
            for task in tasks:
                task.cancel()
            for operation in self.operations.values():
                operation.cancel()
            await asyncio.gather(*tasks, *self.operations.values(), return_exceptions=True)
        finished = done.pop()
        if finished is reader and not finished.cancelled() and isinstance(finished.exception(), Close):
            error = finished.exception()
            assert isinstance(error, Close)
            return error.code, error.reason
        return tasks[finished]

    async def _end(self, close: tuple[int, str] | None) -> None:
        if self.websocket.application_state != WebSocketState.CONNECTED or close is None:
            return
        with contextlib.suppress(Exception):
            # A slow consumer gets its close frame after what its buffers hold, if it reads again
            # within CLOSE_TIMEOUT; then the socket is dropped.
            async with asyncio.timeout(CLOSE_TIMEOUT):
                if close == SHUTDOWN:
                    for key in self.open_at_end:
                        await self.websocket.send_text(_message("complete", key))
                await self.websocket.close(*close)

    async def shut_down(self) -> None:
        self.stopping.set()

    async def _keepalive(self) -> None:
        """Pings the client every `keepalive_interval`; returns (the connection is closed) once the
        client has sent nothing, not even a pong, for `keepalive_timeout`: a peer that vanished
        without closing must not hold its subscriptions and their subgraph sockets."""
        interval, timeout = self.settings.keepalive_interval, self.settings.keepalive_timeout
        if interval <= 0:
            await asyncio.Event().wait()  # no pings; runs as long as the connection
        while True:
            await asyncio.sleep(interval)
            if timeout > 0 and time.monotonic() - self.heard >= timeout:
                return
            self.outbox.put(_message("ping"))

    async def _read(self) -> None:
        timeout = self.settings.connection_init_timeout
        try:
            async with asyncio.timeout(timeout) as init_deadline:
                while self.headers is None:
                    await self._handle(await self._receive())
                init_deadline.reschedule(None)
            while True:
                await self._handle(await self._receive())
        except TimeoutError:
            raise Close(4408, "Connection initialisation timeout") from None
        except WebSocketDisconnect:
            return

    async def _receive(self) -> dict[str, Any]:
        text = await self.websocket.receive_text()
        self.heard = time.monotonic()
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise Close(4400, "Invalid message received: not JSON") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise Close(4400, "Invalid message received: no `type`")
        return message

    async def _handle(self, message: dict[str, Any]) -> None:
        kind, key = message["type"], message.get("id")
        if kind == "ping":
            self.outbox.put(_message("pong"))
        elif kind == "pong":
            pass
        elif kind == "connection_init":
            await self._init(message.get("payload"))
        elif kind == "subscribe" and isinstance(key, str) and key:
            self._subscribe(key, message.get("payload"))
        elif kind == "complete" and isinstance(key, str):
            task = self.operations.pop(key, None)
            if task is not None:
                task.cancel()
        else:
            raise Close(4400, f"Invalid message received: `{kind}`")

    async def _init(self, payload: Any) -> None:
        if self.headers is not None:
            raise Close(4429, "Too many initialisation requests")
        headers = credentials(self.websocket.headers, payload)
        refusal = await self._verify(headers)
        if refusal is not None:
            raise Close(4403, f"Forbidden: {refusal}"[:120])
        self.headers = headers
        self.outbox.put(_message("connection_ack"))

    async def _verify(self, headers: dict[str, str]) -> str | None:
        """The identity plugin's verdict on the credentials, as for an HTTP request."""
        identity = next((p for p in self.manager.hooks.plugins if p.name == "identity"), None)
        if identity is None:
            return None
        refused = await identity.on_request(RequestContext(GraphQLRequest(""), headers, WEBSOCKET))
        if refused is None:
            return None
        return str(refused.errors[0].get("message", "refused")) if refused.errors else "refused"

    def _subscribe(self, key: str, payload: Any) -> None:
        if self.headers is None:
            raise Close(4401, "Unauthorized")
        if key in self.operations:
            raise Close(4409, f"Subscriber for {key} already exists")
        limit = self.settings.max_subscriptions_per_connection
        if len(self.operations) >= limit:
            raise Close(4400, f"Too many subscriptions on one connection (at most {limit})")
        request = graphql_request(payload)
        self.operations[key] = asyncio.create_task(self._operate(key, request))

    async def _operate(self, key: str, request: GraphQLRequest) -> None:
        client = self.websocket.client.host if self.websocket.client else None
        assert self.headers is not None
        ctx = RequestContext(request, self.headers, WEBSOCKET, client_address=client)
        try:
            with self.manager.lease() as gateway:
                opened = await subscribe(gateway, ctx, self.settings.subgraph_urls, self.settings.upstream)
                if isinstance(opened, Streamed):
                    self.outbox.put(_single(key, opened))
                    if opened.result.executed:
                        self.outbox.put(_message("complete", key))
                elif await pump(opened, self.outbox, lambda event: _message("next", key, event.body())):
                    self.outbox.put(_message("complete", key))
        except Exception:  # a bug must not become a stack trace for the client
            log.exception("subscription %s failed", key)
            error = error_dict("Internal error while running the operation.", INTERNAL_SERVER_ERROR)
            self.outbox.put(_message("error", key, [error]))
        finally:
            if self.operations.get(key) is asyncio.current_task():
                del self.operations[key]


def _single(key: str, streamed: Streamed) -> str:
    """A result that is all there is: refused before execution, `error` (and no `complete`)."""
    if not streamed.result.executed:
        return _message("error", key, streamed.body().get("errors", []))
    return _message("next", key, streamed.body())


def _message(kind: str, key: str | None = None, payload: Any = None) -> str:
    message: dict[str, Any] = {"type": kind}
    if key is not None:
        message["id"] = key
    if payload is not None:
        message["payload"] = payload
    return orjson.dumps(message).decode()

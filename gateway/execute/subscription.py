"""Subgraph subscriptions: graphql-transport-ws over WebSocket (`websockets`).

One WebSocket per client subscription: simple to reason about (a subgraph's close ends exactly
one subscription, nothing is multiplexed), at the cost of a socket per subscriber between the
gateway and the subgraph. The headers the HTTP fetch would send (after the plugins'
`on_subgraph_request`: header rules, the signed `x-govgraph-identity`) go on the handshake and
again in `connection_init`'s payload (`{"headers": {...}}`), for servers that read only one.

`SubgraphSubscription.events()` yields one `SubgraphResponse` per `next`; it never raises for
the subgraph's failures: a refused or lost socket, a handshake that times out, a close without
`complete` yield one last response whose `failure` has the code SUBGRAPH_SUBSCRIPTION_CLOSED;
an `error` message yields its errors. Either way the iteration then ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.typing import Subprotocol

from .. import errors
from ..hooks import SubgraphRequest
from ..messages import SubgraphResponse
from .fetch import parse_payload

log = logging.getLogger("govgraph.subgraph")
PROTOCOL = Subprotocol("graphql-transport-ws")
OPERATION_ID = "1"  # one subscription per socket


@dataclass(frozen=True)
class SubscriptionSettings:
    connect_timeout: float = 10.0  # the WebSocket handshake
    ack_timeout: float = 10.0  # `connection_init` -> `connection_ack`
    max_message_bytes: int = 16 * 1024 * 1024


def websocket_url(http_url: str) -> str:
    """The subgraph's URL with the ws/wss scheme (same host, port and path)."""
    if http_url.startswith("https://"):
        return "wss://" + http_url[len("https://") :]
    if http_url.startswith("http://"):
        return "ws://" + http_url[len("http://") :]
    return http_url


class SubgraphClosed(Exception):
    """The subscription socket ended without `complete`."""


class SubgraphSubscription:
    def __init__(
        self, request: SubgraphRequest, url: str, settings: SubscriptionSettings = SubscriptionSettings()
    ) -> None:
        self.request = request
        self.url = url
        self.settings = settings
        self.service = request.service

    async def events(self) -> AsyncGenerator[SubgraphResponse, None]:
        try:
            async with self._connect() as socket:
                await self._handshake(socket)
                async with contextlib.aclosing(self._receive(socket)) as received:  # its `complete`
                    async for response in received:
                        yield response
        except SubgraphClosed as error:
            yield self._closed(str(error))
        except TimeoutError:
            yield self._closed("timed out opening the subscription")
        except ConnectionClosed as error:
            yield self._closed(
                f"the connection closed ({error.rcvd.code if error.rcvd else 'no close frame'})"
            )
        except (OSError, InvalidHandshake, InvalidURI) as error:
            log.warning("subgraph %s subscription at %s: %r", self.service, self.url, error)
            yield self._closed(f"could not connect ({error.__class__.__name__})")

    def _connect(self) -> connect:
        return connect(
            self.url,
            subprotocols=[PROTOCOL],
            additional_headers=self.request.headers,
            open_timeout=self.settings.connect_timeout,
            compression=None,
            proxy=None,
            ping_interval=None,  # the protocol's own ping/pong, answered below
            max_size=self.settings.max_message_bytes,
        )

    async def _handshake(self, socket: ClientConnection) -> None:
        await _send(socket, {"type": "connection_init", "payload": {"headers": self.request.headers}})
        async with asyncio.timeout(self.settings.ack_timeout):
            while True:
                message = await _next_message(socket)
                if message.get("type") == "connection_ack":
                    break
                if message.get("type") == "ping":
                    await _send(socket, {"type": "pong"})
        payload: dict[str, Any] = {"query": self.request.query}
        if self.request.variables:
            payload["variables"] = dict(self.request.variables)
        if self.request.operation_name:
            payload["operationName"] = self.request.operation_name
        await _send(socket, {"id": OPERATION_ID, "type": "subscribe", "payload": payload})

    async def _receive(self, socket: ClientConnection) -> AsyncGenerator[SubgraphResponse, None]:
        completed = False
        try:
            while True:
                message = await _next_message(socket)
                kind = message.get("type")
                if kind == "ping":
                    await _send(socket, {"type": "pong"})
                elif kind == "next" and message.get("id") == OPERATION_ID:
                    yield parse_payload(self.service, message.get("payload"))
                elif kind == "error" and message.get("id") == OPERATION_ID:
                    completed = True
                    yield self._errors(message.get("payload"))
                    return
                elif kind == "complete" and message.get("id") == OPERATION_ID:
                    completed = True
                    return
        finally:
            if not completed:  # the client went away: tell the subgraph before the socket closes
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(_send(socket, {"id": OPERATION_ID, "type": "complete"}), 1.0)

    def _errors(self, payload: Any) -> SubgraphResponse:
        found = payload if isinstance(payload, list) else [payload]
        clean = [e if isinstance(e, dict) else {"message": str(e)} for e in found]
        return SubgraphResponse(errors=clean or [{"message": "subscription refused"}])

    def _closed(self, detail: str) -> SubgraphResponse:
        return SubgraphResponse(
            failure=f"subscription to subgraph '{self.service}' ended: {detail}",
            code=errors.SUBGRAPH_SUBSCRIPTION_CLOSED,
        )


async def _send(socket: ClientConnection, message: dict[str, Any]) -> None:
    await socket.send(orjson.dumps(message).decode())


async def _next_message(socket: ClientConnection) -> dict[str, Any]:
    try:
        raw = await socket.recv()
    except ConnectionClosed as error:
        code = error.rcvd.code if error.rcvd is not None else "no close frame"
        raise SubgraphClosed(f"the subgraph closed the connection ({code})") from None
    try:
        message = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise SubgraphClosed("the subgraph sent a message that is not JSON") from None
    if not isinstance(message, dict):
        raise SubgraphClosed("the subgraph sent a message that is not an object")
    return message

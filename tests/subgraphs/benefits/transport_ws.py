"""A small graphql-transport-ws client (the `websockets` package) for the subscription tests.

async with TransportWS.open(ws_url, headers=citizen("benefits", A)) as ws:
    await ws.subscribe("1", "subscription { myBenefitClaimChanged { id status } }")
    message = await ws.receive()          # {"id": "1", "type": "next", "payload": {...}}
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"
HANG_GUARD = 10.0  # seconds: only ever reached when something is broken


class TransportWS:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls, url: str, headers: Mapping[str, str] | None = None, payload: Mapping[str, Any] | None = None
    ) -> AsyncIterator[TransportWS]:
        """Connect, send `connection_init` with `payload`, expect the `connection_ack`."""
        async with connect(
            url,
            subprotocols=[PROTOCOL],
            additional_headers=dict(headers or {}),
            proxy=None,  # type: ignore[list-item]
        ) as socket:
            assert socket.subprotocol == PROTOCOL
            client = cls(socket)
            await client.send({"type": "connection_init", "payload": dict(payload or {})})
            assert (await client.receive())["type"] == "connection_ack"
            yield client

    async def send(self, message: Mapping[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def subscribe(self, id: str, query: str, variables: Mapping[str, Any] | None = None) -> None:
        payload = {"query": query, "variables": dict(variables or {})}
        await self.send({"id": id, "type": "subscribe", "payload": payload})

    async def receive(self) -> dict[str, Any]:
        """The next message other than a ping (answered)."""
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.recv(), HANG_GUARD))
            if message["type"] != "ping":
                return message
            await self.send({"type": "pong"})

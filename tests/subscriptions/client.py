"""A small graphql-transport-ws client for the tests (the `websockets` package), and an SSE
reader (httpx): each says exactly what went over the wire."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

PROTOCOL = "graphql-transport-ws"
CLAIM_CHANGED = "subscription { claimChanged { id status applicant { id name } } }"


class WsClient:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    @classmethod
    async def open(cls, url: str, init: dict[str, Any] | None = None, **connect: Any) -> WsClient:
        """Connected and acknowledged (`init`: the `connection_init` payload)."""
        client = await cls.connect(url, **connect)
        await client.send({"type": "connection_init", "payload": init or {}})
        assert await client.recv() == {"type": "connection_ack"}
        return client

    @classmethod
    async def connect(cls, url: str, subprotocols: tuple[str, ...] = (PROTOCOL,), **options: Any) -> WsClient:
        socket = await websockets.connect(url, subprotocols=list(subprotocols), **options)  # type: ignore[arg-type]
        return cls(socket)

    async def send(self, message: dict[str, Any] | str) -> None:
        await self.socket.send(message if isinstance(message, str) else json.dumps(message))

    async def recv(self, timeout: float = 20.0) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            while True:
                message = json.loads(await self.socket.recv())
                if message.get("type") == "ping":  # the gateway's keepalive
                    await self.send({"type": "pong"})
                    continue
                return dict(message)

    async def subscribe(self, key: str, query: str = CLAIM_CHANGED, **payload: Any) -> None:
        await self.send({"id": key, "type": "subscribe", "payload": {"query": query, **payload}})

    async def close_code(self, timeout: float = 20.0) -> int | None:
        """Read until the gateway closes; its close code."""
        async with asyncio.timeout(timeout):
            try:
                while True:
                    await self.socket.recv()
            except websockets.ConnectionClosed as closed:
                return closed.rcvd.code if closed.rcvd is not None else None

    async def close(self) -> None:
        await self.socket.close()


async def sse_events(
    client: httpx.AsyncClient, url: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> AsyncGenerator[tuple[str, Any], None]:
    """(event, data) of a GraphQL-over-SSE response, until it ends."""
    async with client.stream(
        "POST", url, json=body, headers={"accept": "text/event-stream", **(headers or {})}
    ) as response:
        assert response.status_code == 200, await response.aread()
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                event = line[len("event: ") :]
            elif line.startswith("data:"):
                data = line[len("data:") :].strip()
                yield event, json.loads(data) if data else None

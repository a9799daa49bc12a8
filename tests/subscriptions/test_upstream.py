"""A subgraph subscription that cannot be opened ends the client's subscription with an error
(SUBGRAPH_SUBSCRIPTION_CLOSED) and `complete`: refused, or a handshake that never finishes."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.subscriptions import SubscriptionsConfig
from tests.subscriptions.client import WsClient
from tests.subscriptions.support import platform


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A TCP server that accepts connections and never says a word."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    for writer in held:
        writer.close()
    server.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("where", ["refused", "silent"])
async def test_an_unreachable_subgraph_subscription_is_an_error_then_complete(
    where: str, silent_port: int
) -> None:
    port = closed_port() if where == "refused" else silent_port
    settings = SubscriptionsConfig(
        subgraphs={"claims": f"ws://127.0.0.1:{port}/graphql"}, subgraph_connect_timeout=0.5
    )
    with platform(build_plugins({"subscriptions": settings})) as running:
        client = await WsClient.open(running.ws)
        await client.subscribe("s")
        ended = await client.recv()
        error = ended["payload"]["errors"][0]
        assert error["extensions"] == {"code": "SUBGRAPH_SUBSCRIPTION_CLOSED", "serviceName": "claims"}
        detail = "could not connect" if where == "refused" else "timed out"
        assert detail in error["message"]
        assert ended["payload"]["data"] is None  # claimChanged is non-null
        assert await client.recv() == {"type": "complete", "id": "s"}
        await client.close()

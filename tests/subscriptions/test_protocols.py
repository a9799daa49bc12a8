"""Subscriptions end to end with a Python client: graphql-transport-ws and GraphQL over SSE,
against a real gateway and two real subgraphs (the events come from `claims`, the applicant's
name from `people`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from gateway.plugins import build_plugins
from gateway.plugins.subscriptions import SubscriptionsConfig
from tests.subscriptions.client import CLAIM_CHANGED, WsClient, sse_events
from tests.subscriptions.support import Platform, platform, subgraph_urls, supergraph
from tests.support.servers import ServerThread


@pytest.fixture(scope="module")
def running() -> Iterator[Platform]:
    settings = SubscriptionsConfig(
        connection_init_timeout=0.5, keepalive_interval=0.5, max_subscriptions_per_connection=3
    )
    plugins = build_plugins({"subscriptions": settings})
    with platform(plugins) as started:
        yield started


def claim(event: dict[str, object]) -> object:
    payload = event["payload"]
    assert isinstance(payload, dict)
    return payload["data"]


async def test_events_arrive_over_websocket_with_a_field_from_another_subgraph(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    await client.subscribe("s1")
    await running.wait_for_subscribers(1)
    first = running.emit(3)
    assert first == 1
    events = [await client.recv() for _ in range(3)]
    assert {e["type"] for e in events} == {"next"} and {e["id"] for e in events} == {"s1"}
    names = [claim(e)["claimChanged"]["applicant"]["name"] for e in events]  # type: ignore[index]
    assert names == ["Person p0", "Person p1", "Person p2"]
    await client.send({"id": "s1", "type": "complete"})
    await running.wait_for_subscribers(0)  # the gateway closed its subgraph socket
    await client.close()


async def test_events_arrive_over_sse(running: Platform) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        stream = sse_events(http, running.gateway + "/graphql", {"query": CLAIM_CHANGED})
        received: list[object] = []

        async def read() -> None:
            async for event, data in stream:
                assert event == "next"
                received.append(data["data"]["claimChanged"]["applicant"]["name"])
                if len(received) == 2:
                    return

        reader = asyncio.create_task(read())
        await running.wait_for_subscribers(1)
        running.emit(2)
        await asyncio.wait_for(reader, 20)
        await stream.aclose()
    assert received == ["Person p0", "Person p1"]
    await running.wait_for_subscribers(0)


async def test_a_query_over_the_socket_is_one_next_then_complete(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    await client.subscribe("q", '{ claim(id: "7") { id applicant { name } } }')
    assert await client.recv() == {
        "type": "next",
        "id": "q",
        "payload": {"data": {"claim": {"id": "7", "applicant": {"name": "Person p1"}}}},
    }
    assert await client.recv() == {"type": "complete", "id": "q"}
    await client.close()


async def test_a_query_over_sse_is_one_next_then_complete(running: Platform) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        url, body = running.gateway + "/graphql", {"query": '{ claim(id: "7") { id } }'}
        events = [event async for event in sse_events(http, url, body)]
    assert events == [("next", {"data": {"claim": {"id": "7"}}}), ("complete", None)]


async def test_validation_errors_are_an_error_message_and_the_socket_stays(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    await client.subscribe("bad", "subscription { nope }")
    error = await client.recv()
    assert error["type"] == "error" and error["id"] == "bad"
    assert error["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    await client.send({"type": "ping"})
    assert await client.recv() == {"type": "pong"}
    await client.close()


async def test_validation_errors_over_sse_are_json_with_a_status(running: Platform) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.post(
            running.gateway + "/graphql",
            json={"query": "subscription { nope }"},
            headers={"accept": "text/event-stream"},
        )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_subscription_without_a_stream_is_refused(running: Platform) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.post(running.gateway + "/graphql", json={"query": CLAIM_CHANGED})
    assert answer.json()["errors"][0]["extensions"]["code"] == "SUBSCRIPTION_NOT_STREAMED"
    assert running.subscribers() == 0


@pytest.mark.parametrize(
    ("messages", "code"),
    [
        ([{"id": "1", "type": "subscribe", "payload": {"query": CLAIM_CHANGED}}], 4401),
        (["not json"], 4400),
        ([{"type": "connection_init"}, {"type": "what"}], 4400),
        ([{"type": "connection_init"}, {"type": "connection_init"}], 4429),
        ([{"type": "connection_init"}, {"id": "1", "type": "subscribe", "payload": {}}], 4400),
        ([], 4408),  # no connection_init in time
    ],
)
async def test_protocol_errors_close_with_their_code(
    running: Platform, messages: list[object], code: int
) -> None:
    client = await WsClient.connect(running.ws)
    for message in messages:
        await client.send(message)  # type: ignore[arg-type]
    assert await client.close_code() == code


async def test_a_duplicate_id_closes_with_4409(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    await client.subscribe("same")
    await client.subscribe("same")
    assert await client.close_code() == 4409
    await running.wait_for_subscribers(0)


async def test_another_subprotocol_is_refused_with_4406(running: Platform) -> None:
    client = await WsClient.connect(running.ws, subprotocols=("graphql-ws",))
    assert await client.close_code() == 4406


async def test_too_many_subscriptions_on_one_connection_close_it(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    for key in ("a", "b", "c", "d"):
        await client.subscribe(key)
    assert await client.close_code() == 4400
    await running.wait_for_subscribers(0)


async def test_the_gateway_pings_an_idle_connection(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    async with asyncio.timeout(10):
        assert json.loads(await client.socket.recv()) == {"type": "ping"}
    await client.close()


async def test_ping_is_answered_with_pong(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    await client.send({"type": "ping", "payload": {"n": 1}})
    assert await client.recv() == {"type": "pong"}
    await client.close()


async def test_a_subgraph_that_goes_away_ends_the_subscription_with_an_error(running: Platform) -> None:
    client = await WsClient.open(running.ws)
    await client.subscribe("gone")
    await running.wait_for_subscribers(1)
    async with httpx.AsyncClient() as http:
        await http.post(running.claims + "/drop")
    ended = await client.recv()
    assert ended["type"] == "next"
    error = ended["payload"]["errors"][0]
    assert error["extensions"] == {"code": "SUBGRAPH_SUBSCRIPTION_CLOSED", "serviceName": "claims"}
    assert await client.recv() == {"type": "complete", "id": "gone"}
    await client.close()


async def test_gateway_shutdown_closes_the_subscriptions_and_their_subgraph_sockets() -> None:
    with platform() as own:
        clients = [await WsClient.open(own.ws) for _ in range(3)]
        for n, client in enumerate(clients):
            await client.subscribe(f"s{n}")
        await own.wait_for_subscribers(3)
        stopping = asyncio.create_task(asyncio.to_thread(own.servers["gateway"].stop))
        codes = await asyncio.gather(*(client.close_code() for client in clients))
        await stopping
        # a server outside the main thread catches no signal: uvicorn closes each socket as it
        # stops, 1012 Service Restart (`test_serve_shutdown.py`: govgraph serve, 1001 and complete);
        # the gateway then closes the subgraph's sockets
        assert codes == [1012, 1012, 1012]
        await own.wait_for_subscribers(0)


async def test_sse_over_get_with_a_preflight_header(running: Platform) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        params = {"query": CLAIM_CHANGED}
        headers = {"accept": "text/event-stream", "graphql-preflight": "1"}  # CSRF rules, as for GET
        async with http.stream("GET", running.gateway + "/graphql", params=params, headers=headers) as answer:
            assert answer.status_code == 200
            assert answer.headers["content-type"].startswith("text/event-stream")
            await running.wait_for_subscribers(1)
            running.emit(1)
            lines = answer.aiter_lines()
            assert await anext(lines) == "event: next"
            assert "Person p0" in await anext(lines)
    await running.wait_for_subscribers(0)


async def test_two_gateways_each_serve_their_subscribers_from_the_one_source() -> None:
    """The broker (here the subgraph) fans out: a second gateway instance needs nothing shared."""
    with platform() as own:
        urls = subgraph_urls(own.servers)
        config = GatewayConfig(supergraph_sdl=supergraph(urls), subgraph_urls=urls)
        second = ServerThread(create_app(config), lifespan="on").start()
        try:
            other_ws = second.url.replace("http://", "ws://") + "/graphql"
            clients = [await WsClient.open(own.ws), await WsClient.open(other_ws)]
            for client in clients:
                await client.subscribe("s")
            await own.wait_for_subscribers(2)
            own.emit(2)
            for client in clients:
                events = [await client.recv() for _ in range(2)]
                assert [e["payload"]["data"]["claimChanged"]["applicant"]["name"] for e in events] == [
                    "Person p0",
                    "Person p1",
                ]
                await client.close()
        finally:
            second.stop()


async def test_a_client_that_stays_silent_is_taken_for_gone() -> None:
    """A peer that vanished without closing answers no ping: after `keepalive_timeout` its connection
    is closed (4504) and its subgraph subscription ended; a client that talks stays."""
    settings = SubscriptionsConfig(keepalive_interval=0.1, keepalive_timeout=0.5)
    with platform(build_plugins({"subscriptions": settings})) as own:
        silent, talking = await WsClient.open(own.ws), await WsClient.open(own.ws)
        await silent.subscribe("gone")
        await talking.subscribe("here")
        await own.wait_for_subscribers(2)
        closing = asyncio.create_task(silent.close_code())  # reads the pings, answers none
        for _ in range(15):  # 1.5 s, three timeouts: every ping it sends counts as a sign of life
            await talking.send({"type": "ping"})
            assert await talking.recv() == {"type": "pong"}
            await asyncio.sleep(0.1)
        assert await closing == 4504
        await own.wait_for_subscribers(1)
        await talking.send({"type": "ping"})
        assert await talking.recv() == {"type": "pong"}
        await talking.close()

"""The pooled HTTP/1.1 transport against real sockets: keep-alive, closes, chunking, limits."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from gateway.execute.transport import (
    AiohttpTransport,
    PooledTransport,
    TransportConnectError,
    TransportError,
    TransportOutcomeUnknown,
    TransportTimeout,
)


class RawServer:
    """A tiny HTTP/1.1 server: answers each request per `mode`, counts connections and requests."""

    def __init__(self, mode: str = "keep-alive") -> None:
        self.mode = mode
        self.connections = 0
        self.requests: list[bytes] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}/graphql"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(
                    next(
                        line.split(b":")[1]
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    )
                )
                self.requests.append(head + await reader.readexactly(length))
                if self.mode == "drop":  # the request arrived; the answer is lost
                    return
                if self.mode == "slow":
                    await asyncio.sleep(2)
                if self.mode == "chunked":
                    writer.write(
                        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                        b'5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n'
                    )
                else:
                    close = self.mode in ("close", "close-after")
                    writer.write(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 7\r\n"
                        + (b"Cache-Control: public, max-age=60\r\n" if self.mode == "cacheable" else b"")
                        + (b"connection: close\r\n" if self.mode == "close" else b"")
                        + b'\r\n{"a":1}'
                    )
                    if close:
                        await writer.drain()
                        writer.close()
                        return
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()


@pytest.fixture
async def server() -> AsyncIterator[RawServer]:
    raw = RawServer()
    yield raw
    await raw.stop()


async def test_sequential_requests_reuse_one_connection(server: RawServer) -> None:
    transport = PooledTransport(await server.start())
    for _ in range(5):
        assert (await transport.post(b"{}", {"content-type": "application/json"}, 5))[:2] == (200, b'{"a":1}')
    assert server.connections == 1 and len(server.requests) == 5
    await transport.close()


async def test_concurrent_requests_open_up_to_the_pool_size(server: RawServer) -> None:
    transport = PooledTransport(await server.start(), pool_size=3)
    results = await asyncio.gather(*(transport.post(b"{}", {}, 5) for _ in range(10)))
    assert all(r[:2] == (200, b'{"a":1}') for r in results)
    assert server.connections <= 3
    await transport.close()


async def test_connection_close_answers_are_not_reused() -> None:
    raw = RawServer("close")
    transport = PooledTransport(await raw.start())
    for _ in range(3):
        assert (await transport.post(b"{}", {}, 5))[:2] == (200, b'{"a":1}')
    assert raw.connections == 3
    await transport.close()
    await raw.stop()


async def test_an_idle_connection_closed_by_the_server_is_retried_on_a_new_one() -> None:
    raw = RawServer("close-after")  # closes without saying so
    transport = PooledTransport(await raw.start())
    assert (await transport.post(b"{}", {}, 5))[:2] == (200, b'{"a":1}')
    await asyncio.sleep(0.05)
    assert (await transport.post(b"{}", {}, 5))[:2] == (200, b'{"a":1}')
    assert raw.connections == 2
    await transport.close()
    await raw.stop()


async def test_chunked_answers_are_joined() -> None:
    raw = RawServer("chunked")
    transport = PooledTransport(await raw.start())
    assert (await transport.post(b"{}", {}, 5))[:2] == (200, b'{"a":1}')
    await transport.close()
    await raw.stop()


async def test_headers_with_line_breaks_are_dropped(server: RawServer) -> None:
    transport = PooledTransport(await server.start())
    await transport.post(b"{}", {"x-citizen-id": "1\r\nx-govgraph-role: official", "x-ok": "yes"}, 5)
    assert b"x-govgraph-role" not in server.requests[0]
    assert b"x-ok: yes" in server.requests[0]
    await transport.close()


async def test_timeout_and_refused_connection_are_typed_errors() -> None:
    slow = RawServer("slow")
    transport = PooledTransport(await slow.start())
    with pytest.raises(TransportTimeout):
        await transport.post(b"{}", {}, 0.2)
    await slow.stop()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(TransportConnectError):
        await PooledTransport(f"http://127.0.0.1:{port}/graphql").post(b"{}", {}, 2)


async def test_aiohttp_transport_speaks_the_same_seam(server: RawServer) -> None:
    transport = AiohttpTransport(await server.start())
    assert (await transport.post(b"{}", {"content-type": "application/json"}, 5))[:2] == (200, b'{"a":1}')
    await transport.close()


@pytest.mark.parametrize("transport_class", [PooledTransport, AiohttpTransport])
async def test_both_transports_keep_the_cache_control_header(transport_class: type) -> None:
    server = RawServer("cacheable")
    transport = transport_class(await server.start())
    answer = await transport.post(b"{}", {}, 5)
    assert answer == (200, b'{"a":1}', "public, max-age=60")
    server.mode = "keep-alive"
    assert (await transport.post(b"{}", {}, 5)).cache_control is None  # not left over from the last one
    await transport.close()
    await server.stop()


@pytest.mark.parametrize("kind", ["pooled", "aiohttp"])
def test_both_transports_answer_the_benchmark_query(kind: str) -> None:
    from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
    from tests.benchmarks.workload import SUPERGRAPH, expected_response, query_body
    from tests.support.scenario import Scenario

    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps, subgraph_transport=kind) as sc:
        assert sc.post(query_body()).json() == expected_response()


async def test_a_write_whose_answer_is_lost_is_sent_once_and_reported_unknown() -> None:
    raw = RawServer("drop")
    transport = PooledTransport(await raw.start())
    try:
        with pytest.raises(TransportOutcomeUnknown):
            await transport.post(b"{}", {}, 5, idempotent=False)
        assert len(raw.requests) == 1  # never sent again
    finally:
        await transport.close()
        await raw.stop()


async def test_a_query_whose_answer_is_lost_on_a_fresh_connection_is_a_plain_failure() -> None:
    raw = RawServer("drop")
    transport = PooledTransport(await raw.start())
    try:
        with pytest.raises(TransportError) as raised:
            await transport.post(b"{}", {}, 5)
        assert not isinstance(raised.value, TransportOutcomeUnknown)
    finally:
        await transport.close()
        await raw.stop()


async def test_a_write_never_rides_an_idle_keep_alive_connection(server: RawServer) -> None:
    transport = PooledTransport(await server.start())
    try:
        await transport.post(b"{}", {}, 5)  # leaves an idle connection behind
        await transport.post(b"{}", {}, 5, idempotent=False)
        assert server.connections == 2
        await transport.post(b"{}", {}, 5)  # queries reuse what is idle
        assert server.connections == 2
    finally:
        await transport.close()


async def test_waiting_for_a_pooled_connection_counts_in_the_timeout() -> None:
    raw = RawServer("slow")  # answers after 2 s
    transport = PooledTransport(await raw.start(), pool_size=1)
    try:
        busy = asyncio.ensure_future(transport.post(b"{}", {}, 5))
        await asyncio.sleep(0.1)
        started = asyncio.get_running_loop().time()
        with pytest.raises(TransportTimeout):
            await transport.post(b"{}", {}, 0.5)  # queued behind the busy one
        assert asyncio.get_running_loop().time() - started < 1.5
        await busy
    finally:
        await transport.close()
        await raw.stop()


async def test_the_gateway_reports_a_lost_write_as_unknown_and_sends_it_once() -> None:
    """Through the engine: `multiply` goes to a subgraph that reads the request and drops the
    connection; the client learns the outcome is unknown (not "failed"), and it was sent once."""
    from pathlib import Path

    from gateway.config import GatewayConfig
    from gateway.engine import Gateway
    from gateway.messages import GraphQLRequest

    raw = RawServer("drop")
    url = await raw.start()
    sdl = (Path(__file__).parents[1] / "conformance" / "mutations" / "supergraph.graphql").read_text()
    gateway = Gateway(GatewayConfig(supergraph_sdl=sdl, subgraph_urls={"scale": url}))
    try:
        result = await gateway.execute(GraphQLRequest("mutation { multiply(by: 2) { value } }"))
    finally:
        await gateway.close()
        await raw.stop()
    assert result.data == {"multiply": None}
    assert [e["extensions"]["code"] for e in result.errors] == ["SUBGRAPH_OUTCOME_UNKNOWN"]
    assert "may have happened" in result.errors[0]["message"]
    assert len(raw.requests) == 1

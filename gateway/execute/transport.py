"""How a subgraph request reaches the wire: the narrow seam under `SubgraphClient`.

Transport.post(payload, headers, timeout) -> HttpAnswer(status, body, cache_control)   raises TransportError
├── PooledTransport   keep-alive HTTP/1.1 connections (asyncio protocol + httptools);
│                     the default: about ten times less CPU per request than aiohttp
└── AiohttpTransport  an aiohttp session (proxies, HTTP features beyond a plain POST)

TransportError
├── TransportTimeout     no complete answer within the timeout
├── TransportConnectError  could not connect
└── TransportClosed      the connection closed before a complete answer
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol, cast
from urllib.parse import urlsplit

import httptools


class TransportError(Exception):
    pass


class TransportTimeout(TransportError):
    pass


class TransportConnectError(TransportError):
    pass


class TransportClosed(TransportError):
    pass


class TransportOutcomeUnknown(TransportError):
    """A request that is not safe to repeat (a mutation) may have reached the subgraph, but no
    answer came back: it is never sent again, and the caller must say the outcome is unknown."""


class HttpAnswer(NamedTuple):
    """A status, a body, and the one response header the gateway keeps (for its caches)."""

    status: int
    body: bytes
    cache_control: str | None = None


class Transport(Protocol):
    async def post(
        self, payload: bytes, headers: Mapping[str, str], timeout: float, idempotent: bool = True
    ) -> HttpAnswer:
        """One exchange within `timeout` (waiting for a pooled connection included). A request
        that is not `idempotent` is sent at most once: once any byte of it may have left, a lost
        answer raises `TransportOutcomeUnknown`, never a retry."""

    async def close(self) -> None: ...


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection; one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[HttpAnswer] | None = None
        self.chunks: list[bytes] = []
        self.cache_control: str | None = None
        self.received = False
        self.reusable = True

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's transports are not subclasses

    def data_received(self, data: bytes) -> None:
        self.received = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            self.reusable = False
            self._fail(TransportClosed(f"malformed HTTP answer: {error}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.reusable = False
        self._fail(TransportClosed("the connection was closed"))

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        if len(name) == 13 and name.lower() == b"cache-control":
            self.cache_control = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        body = b"".join(self.chunks)
        self.chunks = []
        cache_control, self.cache_control = self.cache_control, None
        if not self.parser.should_keep_alive():
            self.reusable = False
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(HttpAnswer(self.parser.get_status_code(), body, cache_control))

    def _fail(self, error: Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)

    @property
    def alive(self) -> bool:
        return self.reusable and self.transport is not None and not self.transport.is_closing()

    def send(self, request: bytes) -> asyncio.Future[HttpAnswer]:
        assert self.transport is not None
        self.received = False
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiter

    def close(self) -> None:
        self.reusable = False
        if self.transport is not None:
            self.transport.close()


class PooledTransport:
    """Keep-alive connections to one subgraph, at most `pool_size` at a time."""

    def __init__(self, url: str, pool_size: int = 100) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"unsupported subgraph URL {url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.ssl = ssl.create_default_context() if parts.scheme == "https" else None
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = 443 if parts.scheme == "https" else 80
        host_header = self.host if self.port == default_port else f"{self.host}:{self.port}"
        self.head = f"POST {target} HTTP/1.1\r\nHost: {host_header}\r\n".encode("latin-1")
        self.idle: list[_Connection] = []
        self.slots = asyncio.Semaphore(pool_size)

    async def post(
        self, payload: bytes, headers: Mapping[str, str], timeout: float, idempotent: bool = True
    ) -> HttpAnswer:
        request = self._request(payload, headers)
        sent = [False]
        try:
            async with asyncio.timeout(timeout):  # waiting for a pooled connection counts too
                async with self.slots:
                    return await self._exchange(request, idempotent, sent)
        except TimeoutError:
            if sent[0] and not idempotent:
                raise TransportOutcomeUnknown("sent, and no answer within the timeout") from None
            raise TransportTimeout("no answer within the timeout") from None

    async def _exchange(self, request: bytes, idempotent: bool, sent: list[bool]) -> HttpAnswer:
        # A write never goes on an idle connection the server may be closing: that race is what
        # made a keep-alive retry deliver it twice. It gets a connection of its own.
        for attempt in (0, 1):
            connection, reused = await self._acquire(fresh=attempt > 0 or not idempotent)
            try:
                sent[0] = True
                answer = await connection.send(request)
            except TransportClosed:
                connection.close()
                if not idempotent:
                    raise TransportOutcomeUnknown(
                        "sent, and the connection closed before an answer"
                    ) from None
                if attempt == 0 and reused and not connection.received:
                    continue  # an idle connection the server had closed: once more on a new one
                raise
            except BaseException:
                connection.close()
                raise
            if connection.alive:
                self.idle.append(connection)
            else:
                connection.close()
            return answer
        raise TransportClosed("the connection was closed")

    async def _acquire(self, fresh: bool = False) -> tuple[_Connection, bool]:
        while self.idle and not fresh:
            connection = self.idle.pop()
            if connection.alive:
                return connection, True
        try:
            _, protocol = await asyncio.get_running_loop().create_connection(
                _Connection, self.host, self.port, ssl=self.ssl
            )
        except OSError as error:
            raise TransportConnectError(str(error) or type(error).__name__) from None
        return protocol, False

    def _request(self, payload: bytes, headers: Mapping[str, str]) -> bytes:
        lines = [self.head]
        for name, value in headers.items():
            if "\r" in name or "\n" in name or "\r" in value or "\n" in value:
                continue  # never let a forwarded header split the request
            lines.append(f"{name}: {value}\r\n".encode("latin-1", "replace"))
        lines.append(b"content-length: %d\r\n\r\n" % len(payload))
        lines.append(payload)
        return b"".join(lines)

    async def close(self) -> None:
        while self.idle:
            self.idle.pop().close()


class AiohttpTransport:
    """The same seam over an aiohttp session (kept for proxies and unusual subgraph servers)."""

    def __init__(self, url: str, pool_size: int = 100) -> None:
        self.url = url
        self.pool_size = pool_size
        self._session: Any = None

    async def post(
        self, payload: bytes, headers: Mapping[str, str], timeout: float, idempotent: bool = True
    ) -> HttpAnswer:
        import aiohttp

        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.pool_size, keepalive_timeout=60)
            self._session = aiohttp.ClientSession(connector=connector)
        try:
            async with self._session.post(
                self.url, data=payload, headers=dict(headers), timeout=aiohttp.ClientTimeout(total=timeout)
            ) as response:
                body = await response.read()
                return HttpAnswer(response.status, body, response.headers.get("cache-control"))
        except TimeoutError:
            if not idempotent:
                raise TransportOutcomeUnknown("no answer within the timeout") from None
            raise TransportTimeout("no answer within the timeout") from None
        except aiohttp.ClientConnectorError as error:
            raise TransportConnectError(str(error)) from None
        except (aiohttp.ClientError, OSError) as error:
            if not idempotent:
                raise TransportOutcomeUnknown(str(error) or type(error).__name__) from None
            raise TransportClosed(str(error) or type(error).__name__) from None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

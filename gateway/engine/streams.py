"""What the two stream transports (graphql-transport-ws, SSE) share: a client's bounded buffer
of messages (`Outbox`), the pump that moves one operation's results into it, and the register
of open streams that shutdown closes.

Backpressure: the results of every operation of a client go into its outbox, which one writer
drains into the socket. A client that reads slower than events come lets the socket's buffers
fill, then its outbox; when that is full the client is cut off (`overflowed`) and its upstream
subscriptions closed. Nothing waits on a slow client: the subgraph's socket keeps being read,
and the other clients' events go out as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from typing import Protocol

from .subscribe import Streamed

log = logging.getLogger("govgraph.subscriptions")


class Outbox:
    """At most `limit` messages waiting to be written; one more and the client has overflowed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()  # bounded by `put`; None: the end
        self.overflowed = asyncio.Event()

    def put(self, message: str) -> bool:
        if self.overflowed.is_set():
            return False
        if self.queue.qsize() >= self.limit:
            self.overflowed.set()
            return False
        self.queue.put_nowait(message)
        return True

    def finish(self) -> None:
        """No more messages: `drain` returns once it has written those before."""
        self.queue.put_nowait(None)

    async def drain(self, write: Callable[[str], Awaitable[None]]) -> None:
        """Write messages as they come (the one writer of a client), until `finish` or cancelled."""
        while (message := await self.queue.get()) is not None:
            await write(message)


Encode = Callable[[Streamed], str]


async def pump(results: AsyncGenerator[Streamed, None], outbox: Outbox, encode: Encode) -> bool:
    """Each result into the outbox; False when the client overflowed. Closes `results` (and so
    the upstream subscription) however it ends."""
    try:
        async for result in results:
            if not outbox.put(encode(result)):
                return False
        return True
    finally:
        await results.aclose()


class Stream(Protocol):
    async def shut_down(self) -> None:
        """Complete every operation and close: the gateway is stopping."""


class OpenStreams:
    """Every open client stream, for shutdown."""

    def __init__(self) -> None:
        self.streams: set[Stream] = set()

    @contextlib.contextmanager
    def open(self, stream: Stream) -> Iterator[None]:
        self.streams.add(stream)
        try:
            yield
        finally:
            self.streams.discard(stream)

    async def shut_down(self) -> None:
        streams = list(self.streams)
        results = await asyncio.gather(*(s.shut_down() for s in streams), return_exceptions=True)
        for result in results:
            if isinstance(result, Exception):
                log.warning("closing a subscription stream at shutdown: %r", result)

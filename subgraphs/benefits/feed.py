"""The subgraph's side of the event broker: one citizen's claim changes, as the legacy system publishes
them to NATS (`subgraphs/benefits/legacy/events.py`: subject `benefits.claims.<personCode>`).

    feed = ClaimFeed("nats://127.0.0.1:4222")     # one per process; connects on first use
    stream = await feed.follow(citizen_id, BenefitClaim.of)   # BrokerUnavailable, ValueError
    async for claim in stream: ...                # until `await stream.aclose()`

A subscription listens to its own citizen's subject only (the broker filters), and every event is
checked again against that citizen before it is passed on; an event that is not a claim of that
citizen is logged and dropped, the subscription goes on. Fan-out to several subgraph (or gateway)
instances is the broker's: each subscription is its own NATS subscription. `feed.active` counts the
subscriptions the broker has confirmed (GET /health shows it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from nats.aio.client import Client
from nats.aio.subscription import Subscription

from subgraphs.benefits.client import ClaimRecord, parse_claim
from subgraphs.benefits.errors import LegacyError
from subgraphs.benefits.legacy.events import connect_broker, subject_of
from subgraphs.broker import default_nats_url

T = TypeVar("T")
FLUSH_SECONDS = 2
logger = logging.getLogger(__name__)


class BrokerUnavailable(Exception):
    """The event broker cannot be reached: no subscription can start."""


class ClaimFeed:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_nats_url()
        self.active = 0
        self._nc: Client | None = None
        self._lock = asyncio.Lock()

    async def _client(self) -> Client:
        async with self._lock:
            if self._nc is None or self._nc.is_closed:
                try:
                    self._nc = await connect_broker(self.url, "benefits-subgraph")
                except Exception as exc:
                    raise BrokerUnavailable(f"the event broker at {self.url} is unreachable") from exc
            return self._nc

    async def follow(self, citizen_id: str, convert: Callable[[ClaimRecord], T]) -> ClaimStream[T]:
        """The citizen's claim changes from now on; ValueError for an ID that is not a personal code."""
        subject = subject_of(citizen_id)
        nc = await self._client()
        try:
            subscription = await nc.subscribe(subject)
            await nc.flush(timeout=FLUSH_SECONDS)  # the broker knows the interest before anyone is told
        except Exception as exc:
            raise BrokerUnavailable(
                f"the event broker at {self.url} did not confirm the subscription"
            ) from exc
        return ClaimStream(self, subscription, citizen_id, convert)

    async def close(self) -> None:
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await self._nc.close()


class ClaimStream(Generic[T]):
    """An async iterator of one citizen's changed claims; `aclose()` ends the NATS subscription (also
    when it was never iterated)."""

    def __init__(
        self,
        feed: ClaimFeed,
        sub: Subscription,
        citizen_id: str,
        convert: Callable[[ClaimRecord], T],
    ) -> None:
        self.citizen_id = citizen_id
        self._feed, self._subscription, self._convert = feed, sub, convert
        self._messages = sub.messages.__aiter__()
        self._closed = False
        feed.active += 1

    def __aiter__(self) -> ClaimStream[T]:
        return self

    async def __anext__(self) -> T:
        while not self._closed:
            message = await self._messages.__anext__()  # StopAsyncIteration once unsubscribed
            record = self._record(message.subject, message.data)
            if record is not None:
                return self._convert(record)
        raise StopAsyncIteration

    def _record(self, subject: str, data: bytes) -> ClaimRecord | None:
        try:
            record = parse_claim(json.loads(data)["claim"])
        except (ValueError, KeyError, TypeError, LegacyError) as exc:
            logger.warning("dropped a malformed claim event on %s: %s", subject, exc)
            return None
        if record.citizen_id != self.citizen_id:
            logger.warning("dropped claim %s on %s: not a claim of the subscriber", record.id, subject)
            return None
        return record

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._feed.active -= 1
        with contextlib.suppress(Exception):
            await self._subscription.unsubscribe()

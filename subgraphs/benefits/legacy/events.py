"""The board publishes every claim change to the event broker (NATS), after the write.

Subject `benefits.claims.<personCode>`, one JSON message per change:

    {"type": "claim.created" | "claim.decided", "changedAt": "2026-12-06T01:50:00Z",
     "claim": {... the claim exactly as GET /api/v1/claims returns it, with decidedAt ...}}

Core NATS (no JetStream): an event is for whoever listens now; the claim itself stays in the store
and the REST API. Publishing never undoes or fails a stored write: the connection is made in the
background (and made again by nats-py after a drop, which also buffers what is published meanwhile);
while there is none, an event is logged as lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
from datetime import UTC, datetime
from typing import Any

import nats
from nats.aio.client import Client

from subgraphs.broker import default_nats_url

SUBJECT_PREFIX = "benefits.claims"
CONNECT_SECONDS = 3.0  # the first connection; once connected, nats-py reconnects without end
CONNECT_RETRY_SECONDS = 2.0
logger = logging.getLogger(__name__)


async def connect_broker(url: str, name: str) -> Client:
    """A NATS connection that, once made, reconnects after every drop; the first attempt gives up
    after `CONNECT_SECONDS` (nats-py alone would retry it for ever; the caller reports that). Broker
    errors of a connection that was up are logged as one line each, not nats-py's tracebacks."""
    up = asyncio.Event()

    async def quiet(error: Exception) -> None:
        level = logging.WARNING if up.is_set() else logging.DEBUG
        logger.log(level, "%s: event broker %s: %r", name, url, error)

    options = {"name": name, "max_reconnect_attempts": -1, "connect_timeout": 2, "error_cb": quiet}
    client = await asyncio.wait_for(nats.connect(url, **options), CONNECT_SECONDS)
    up.set()
    return client


def subject_of(citizen_id: str) -> str:
    """The subject of one citizen's claim changes (a personal code: digits only, never a wildcard)."""
    if not citizen_id.isalnum():
        raise ValueError(f"not a personal code: {citizen_id!r}")
    return f"{SUBJECT_PREFIX}.{citizen_id}"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class ClaimEvents:
    """One per legacy process: `start()` on the serving loop, `publish(...)` after each write, `close()`."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_nats_url()
        self._nc: Client | None = None
        self._connecting: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._connecting = asyncio.get_running_loop().create_task(self._connect())

    async def _connect(self) -> None:
        for attempt in itertools.count():
            try:
                self._nc = await connect_broker(self.url, "benefits-legacy")
                logger.info("benefits legacy publishes claim changes to %s", self.url)
                return
            except Exception as exc:  # any failure: try again, the API keeps serving
                level = logging.WARNING if attempt == 0 else logging.DEBUG
                logger.log(level, "event broker %s unreachable (%r); retrying", self.url, exc)
                await asyncio.sleep(CONNECT_RETRY_SECONDS)

    async def publish(self, kind: str, claim: dict[str, Any]) -> bool:
        """Publish one change (`kind`: created | decided); False (logged) when it could not be."""
        event = {"type": f"claim.{kind}", "changedAt": utc_now().isoformat().replace("+00:00", "Z")}
        event["claim"] = claim
        nc = self._nc
        try:
            if nc is None or nc.is_closed:
                raise ConnectionError("not connected")
            await nc.publish(subject_of(str(claim["personCode"])), json.dumps(event).encode())
            return True
        except Exception as exc:  # the write is stored; only its event is lost
            number = claim.get("claimNo")
            logger.error("claim %s: %s event not published to %s: %s", number, kind, self.url, exc)
            return False

    async def close(self) -> None:
        if self._connecting is not None:
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await self._nc.drain()

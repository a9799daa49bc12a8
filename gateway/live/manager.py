"""The live supergraph: which `Gateway` serves requests now, and how a new one replaces it.

    source.fetch() ──► new SDL? ──► Gateway built + warmed (off the event loop) ──► swap
         │                 │                     │                                   │
     FileSource         unchanged:           fails to load:                    old generation:
     CompositionSource  nothing to do        not applied, logged,              closed once its
                                             the last good one keeps serving   in-flight requests end

A request takes the generation that is current when it starts (`with manager.lease() as gw`)
and keeps it to the end, so a swap never changes the schema under a running request. The swap
itself is one assignment on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Protocol

import aiohttp

from ..config import GatewayConfig
from ..engine import Gateway
from ..errors import GovgraphError
from ..hooks import Hooks

log = logging.getLogger("govgraph.supergraph")
SERVICE_SDL_QUERY = "query __ApolloGetServiceDefinition__ { _service { sdl } }"
WARM_OPERATIONS = 200  # how many recent operations a new gateway compiles before it serves


class ReloadError(GovgraphError):
    """A new supergraph could not be obtained: a subgraph did not answer, or composition failed."""


class SupergraphSource(Protocol):
    description: str

    async def fetch(self) -> str | None:
        """The supergraph SDL, or None when nothing changed since the last fetch.

        Raises `ReloadError` when there is a new schema that cannot be had."""
        ...


class FileSource:
    """A supergraph file, read again when its modification time or size changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = str(path)
        self._seen: tuple[int, int] | None = None

    async def fetch(self) -> str | None:
        try:
            stat = self.path.stat()
            signature = (stat.st_mtime_ns, stat.st_size)
            if signature == self._seen:
                return None
            text = self.path.read_text()
        except OSError as error:
            raise ReloadError(f"cannot read {self.path}: {error.strerror}") from error
        self._seen = signature
        return text


class CompositionSource:
    """Subgraphs by URL: their SDL (`_service { sdl }`) composed in-process.

    Composes only when some subgraph's SDL changed; a set that failed to compose is not
    tried again until one of them changes."""

    def __init__(self, subgraphs: Mapping[str, str], timeout: float = 10.0) -> None:
        self.subgraphs = dict(subgraphs)
        self.timeout = timeout
        self.description = ", ".join(f"{name}={url}" for name, url in self.subgraphs.items())
        self._last: dict[str, str] | None = None

    async def fetch(self) -> str | None:
        sdls = await self.fetch_sdls()
        if sdls == self._last:
            return None
        self._last = sdls
        from ..composition import SubgraphSource
        from ..composition.safe import compose  # composition is only loaded for live composition

        sources = [SubgraphSource(name, self.subgraphs[name], sdl) for name, sdl in sdls.items()]
        composed = await asyncio.to_thread(compose, sources)
        if composed.supergraph_sdl is None or composed.errors:
            reasons = "; ".join(f"{e.code}: {e.message}" for e in composed.errors) or "no supergraph"
            raise ReloadError(f"the subgraphs do not compose: {reasons}")
        return composed.supergraph_sdl

    async def fetch_sdls(self) -> dict[str, str]:
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            names = list(self.subgraphs)
            found = await asyncio.gather(*(self._fetch_sdl(session, name) for name in names))
        return dict(zip(names, found, strict=True))

    async def _fetch_sdl(self, session: aiohttp.ClientSession, name: str) -> str:
        url = self.subgraphs[name]
        try:
            async with session.post(url, json={"query": SERVICE_SDL_QUERY}) as response:
                payload = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ReloadError(f"subgraph {name} ({url}) did not give its SDL: {error!r}") from error
        sdl = ((payload or {}).get("data") or {}).get("_service", {}).get("sdl")
        if not isinstance(sdl, str):
            raise ReloadError(f"subgraph {name} ({url}) answered without `_service {{ sdl }}`: {payload!r}")
        return sdl


class Generation:
    """One gateway and the requests it is serving; a context manager around one request."""

    __slots__ = ("_drained", "gateway", "inflight", "retired", "sdl")

    def __init__(self, gateway: Gateway, sdl: str) -> None:
        self.gateway = gateway
        self.sdl = sdl
        self.inflight = 0
        self.retired = False
        self._drained = asyncio.Event()

    def __enter__(self) -> Gateway:
        self.inflight += 1
        return self.gateway

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.inflight -= 1
        if self.retired and self.inflight == 0:
            self._drained.set()

    async def drained(self) -> None:
        if self.inflight:
            await self._drained.wait()


class GatewayManager:
    """Holds the current `Gateway`; with a source, polls it and swaps in each new good schema."""

    def __init__(
        self,
        config: GatewayConfig,
        gateway: Gateway | None = None,
        source: SupergraphSource | None = None,
        poll_interval: float = 0.0,
        drain_timeout: float = 300.0,
        hooks: Hooks | None = None,
    ) -> None:
        self.config = config
        self.hooks = hooks if hooks is not None else (gateway.hooks if gateway is not None else Hooks())
        gateway = gateway or Gateway(config, hooks=self.hooks)
        self._current = Generation(gateway, gateway.config.supergraph_sdl)
        self.source = source
        self.poll_interval = poll_interval
        self.drain_timeout = drain_timeout
        self.generation = 1  # how many schemas have been served, the first included
        self.last_error: str | None = None  # why the latest new schema was not applied
        self._lock = asyncio.Lock()
        self._poller: asyncio.Task[None] | None = None
        self._retiring: set[asyncio.Task[None]] = set()

    @property
    def current(self) -> Gateway:
        return self._current.gateway

    def lease(self) -> Generation:
        """`with manager.lease() as gateway:` around one request."""
        return self._current

    async def start(self) -> None:
        await self.hooks.start()
        if self.source is not None and self.poll_interval > 0 and self._poller is None:
            self._poller = asyncio.create_task(self._poll_forever(), name="govgraph-supergraph-poll")

    async def close(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        for task in list(self._retiring):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.current.close()
        await self.hooks.close()

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                await self.reload()
            except Exception:  # the poller must outlive any one bad attempt
                log.exception("checking for a new supergraph failed")

    async def reload(self) -> bool:
        """Fetch from the source once; True when a new schema was applied."""
        if self.source is None:
            return False
        async with self._lock:
            try:
                sdl = await self.source.fetch()
            except ReloadError as error:
                self._reject(str(error))
                return False
            if sdl is None or sdl == self._current.sdl:
                return False
            return await self.apply(sdl)

    async def apply(self, sdl: str) -> bool:
        """Build and warm a gateway for `sdl` off the event loop, then swap it in; False if it fails."""
        recent = self.current.recent_operations(WARM_OPERATIONS)
        try:
            gateway = await asyncio.to_thread(self._build, sdl, recent)
        except GovgraphError as error:
            self._reject(f"the new supergraph does not load: {error}")
            return False
        except Exception as error:  # a bug in loading must not take the serving gateway down
            log.exception("building a gateway for the new supergraph failed")
            self._reject(f"the new supergraph does not load: {type(error).__name__}: {error}")
            return False
        self._swap(Generation(gateway, sdl))
        return True

    def _build(self, sdl: str, recent: list[tuple[str, str | None]]) -> Gateway:
        gateway = Gateway(dataclasses.replace(self.config, supergraph_sdl=sdl), hooks=self.hooks)
        warmed = 0
        for query, operation_name in recent:
            try:
                gateway.compile(query, operation_name)
                warmed += 1
            except Exception:  # an operation the new schema rejects is not cached; fine
                continue
        log.info("new gateway compiled %d of %d recent operations", warmed, len(recent))
        return gateway

    def _swap(self, new: Generation) -> None:
        old, self._current = self._current, new
        self.generation += 1
        self.last_error = None
        description = self.source.description if self.source is not None else "apply()"
        log.info("supergraph %d applied (from %s)", self.generation, description)
        old.retired = True
        task = asyncio.create_task(self._retire(old))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _retire(self, old: Generation) -> None:
        try:
            await asyncio.wait_for(old.drained(), self.drain_timeout)
        except TimeoutError:
            log.warning("%d requests still running on the old supergraph; closing it", old.inflight)
        await old.gateway.close()

    def _reject(self, reason: str) -> None:
        self.last_error = reason
        log.error("new supergraph not applied, still serving supergraph %d: %s", self.generation, reason)

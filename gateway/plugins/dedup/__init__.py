"""In-flight de-duplication: identical concurrent queries share one execution (and one
encoded result), identical concurrent subgraph queries one HTTP exchange (each caller
parses the shared bytes for itself, since merging changes the parsed tree). Never for
mutations or subscriptions.

    dedup:
      requests: true   # same compiled operation, variables and `request_key`s of the plugins
      fetches: true    # same subgraph, body and headers (trace context aside: the first caller's goes)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson

from ...config.declare import setting
from ...hooks import ExecuteFn, FetchFn, Plugin, RequestContext, SubgraphRequest
from ...messages import GraphQLResult, SubgraphHttpAnswer

T = TypeVar("T")
# each request's own: not a difference in what is asked (a shared fetch carries the leader's)
TRACE_HEADERS = ("traceparent", "tracestate", "x-request-id")


def _headers_key(headers: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(item for item in headers.items() if item[0] not in TRACE_HEADERS))


@dataclass(frozen=True)
class DedupConfig:
    """Sharing work between identical concurrent requests."""

    requests: bool = setting(True, doc="Identical concurrent queries share one execution.")
    fetches: bool = setting(True, doc="Identical concurrent subgraph queries share one request.")


class Inflight(Generic[T]):
    """Calls in flight by key: a second caller with the same key awaits the first one's result,
    and learns who started it (the owner)."""

    def __init__(self) -> None:
        self._tasks: dict[Hashable, tuple[asyncio.Future[T], Any]] = {}

    def share(
        self, key: Hashable, start: Callable[[], Awaitable[T]], owner: Any = None
    ) -> tuple[asyncio.Future[T], Any]:
        """The call in flight for `key` and its owner, or `start()` begun as it (owned by `owner`);
        await the future (it is shielded: one caller's cancellation does not cancel the others')."""
        found = self._tasks.get(key)
        if found is None:
            task = asyncio.ensure_future(start())
            found = self._tasks[key] = (task, owner)
            task.add_done_callback(lambda _: self._tasks.pop(key, None))
        return asyncio.shield(found[0]), found[1]


class DedupPlugin(Plugin):
    name = "dedup"
    Config = DedupConfig

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        if not self.config.requests:
            return next_
        inflight = Inflight[GraphQLResult]()

        async def shared(ctx: RequestContext) -> GraphQLResult:
            if ctx.kind != "query":
                return await next_(ctx)
            variables = ctx.variables
            key = (
                id(ctx.operation),
                orjson.dumps(variables, option=orjson.OPT_SORT_KEYS, default=str) if variables else b"",
                ctx.vary,
            )
            future, leader = inflight.share(key, lambda: next_(ctx), ctx)
            if leader is not ctx:  # what the leader's plugins note of the execution, for this one
                ctx.leader = leader
            return await future

        return shared

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        if not self.config.fetches:
            return next_
        inflight = Inflight[SubgraphHttpAnswer]()

        async def shared(request: SubgraphRequest) -> SubgraphHttpAnswer:
            if request.kind != "query":
                return await next_(request)
            headers = request.headers
            key = (request.payload(), _headers_key(headers) if headers else ())
            future, _ = inflight.share(key, lambda: next_(request))
            return await future

        return shared

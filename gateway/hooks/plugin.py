"""`Plugin`: a feature that acts on requests at the runtime's hook points.

A plugin class names itself (`name`), declares its options as a frozen dataclass (`Config`,
bound from the config file section of the same name, unknown keys refused), and overrides
only the hooks it needs. The defaults do nothing; `Hooks` calls a hook only on the plugins
that override it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from graphql.language import DocumentNode
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from ..messages import GraphQLResult, IncrementalPart, SubgraphHttpAnswer, SubgraphResponse
from .context import RequestContext, SubgraphRequest

ExecuteFn = Callable[[RequestContext], Awaitable[GraphQLResult]]
FetchFn = Callable[[SubgraphRequest], Awaitable[SubgraphHttpAnswer]]


@dataclass(frozen=True)
class NoOptions:
    """A plugin without options."""


class Plugin:
    """Subclass, set `name` (and `Config`), override hooks. One instance serves every request
    (and every schema generation), so per-request state belongs in `RequestContext.state`."""

    name: ClassVar[str] = ""
    Config: ClassVar[type[Any]] = NoOptions
    # SDL the plugin adds to the API schema: root fields it answers itself (validated and
    # introspected like the rest; see the audit plugin's `myDataAccess`)
    schema_extension: str = ""

    def __init__(self, config: Any = None) -> None:
        self.config = config if config is not None else self.Config()

    def http_middleware(self) -> Sequence[Middleware]:
        """ASGI middleware around the whole HTTP app (CORS, a playground page), outermost first;
        asked once when the app is built."""
        return ()

    def routes(self) -> Sequence[BaseRoute]:
        """Extra HTTP routes (assets, well-known documents); asked once when the app is built."""
        return ()

    async def start(self) -> None:
        """Once, before the first request (connections, background tasks)."""

    async def close(self) -> None:
        """Once, at shutdown."""

    def request_key(self, ctx: RequestContext) -> Hashable | None:
        """What of this request, beyond document and variables, can change its result (e.g. the
        headers this plugin forwards); requests differing here never share an execution."""
        return None

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        """Before parsing. Return a result to answer without executing."""
        return None

    def on_document(self, ctx: RequestContext | None, document: DocumentNode) -> None:
        """Parsed, not yet validated (and only when the operation is not cached yet): raise a
        `RequestError` to refuse the document cheaply."""

    async def on_operation(self, ctx: RequestContext) -> GraphQLResult | None:
        """Validated and planned, variables coerced. Return a result to answer without executing."""
        return None

    def wrap_execution(self, next_: ExecuteFn) -> ExecuteFn:
        """Wrap running the plan (called once per gateway, not per request)."""
        return next_

    def on_subgraph_request(self, request: SubgraphRequest) -> None:
        """Before a subgraph request is sent: change `request.headers`."""

    def wrap_subgraph(self, service: str, next_: FetchFn) -> FetchFn:
        """Wrap one subgraph's HTTP exchange (called once per gateway and subgraph)."""
        return next_

    def on_subgraph_response(self, request: SubgraphRequest, response: SubgraphResponse) -> None:
        """After a subgraph's answer is parsed."""

    async def on_response(self, ctx: RequestContext, result: GraphQLResult) -> GraphQLResult | None:
        """Before the response leaves: add `ctx.response_headers` or `ctx.extensions`. A result
        may be shared by de-duplicated requests: do not change it; return another result to send
        that instead (the next plugins see the new one; e.g. withhold data that must not leave)."""
        return None

    async def on_incremental(self, ctx: RequestContext, part: IncrementalPart) -> IncrementalPart | None:
        """Before a later part of a deferred (`@defer`) response leaves, as `on_response` for the
        first: return another part to send that instead."""
        return None

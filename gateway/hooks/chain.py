"""`Hooks`: the configured plugins, per hook point, in order."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

from graphql.language import DocumentNode
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from ..messages import GraphQLResult, IncrementalPart, SubgraphResponse
from .context import RequestContext, SubgraphRequest
from .plugin import ExecuteFn, FetchFn, Plugin


def _overrides(plugin: Plugin, hook: str) -> bool:
    return getattr(type(plugin), hook) is not getattr(Plugin, hook)


class Hooks:
    """Each hook's list holds the bound methods of the plugins that override it."""

    def __init__(self, plugins: Sequence[Plugin] = ()) -> None:
        self.plugins = tuple(plugins)
        names = [p.name for p in self.plugins]
        if len(set(names)) != len(names):
            raise ValueError(f"a plugin is configured twice: {names}")

        def using(hook: str) -> list[Any]:
            return [getattr(p, hook) for p in self.plugins if _overrides(p, hook)]

        self.request_key: list[Callable[[RequestContext], Hashable | None]] = using("request_key")
        self.on_request: list[Callable[[RequestContext], Awaitable[GraphQLResult | None]]] = using(
            "on_request"
        )
        self.on_document: list[Callable[[RequestContext | None, DocumentNode], None]] = using("on_document")
        self.on_operation: list[Callable[[RequestContext], Awaitable[GraphQLResult | None]]] = using(
            "on_operation"
        )
        self.on_subgraph_request: list[Callable[[SubgraphRequest], None]] = using("on_subgraph_request")
        self.on_subgraph_response: list[Callable[[SubgraphRequest, SubgraphResponse], None]] = using(
            "on_subgraph_response"
        )
        self.on_response: list[Callable[[RequestContext, GraphQLResult], Awaitable[GraphQLResult | None]]] = (
            using("on_response")
        )
        self.on_incremental: list[
            Callable[[RequestContext, IncrementalPart], Awaitable[IncrementalPart | None]]
        ] = using("on_incremental")
        self.schema_extensions = tuple(p.schema_extension for p in self.plugins if p.schema_extension)
        self._wrap_execution = [p for p in self.plugins if _overrides(p, "wrap_execution")]
        self._wrap_subgraph = [p for p in self.plugins if _overrides(p, "wrap_subgraph")]

    def http_middleware(self) -> list[Middleware]:
        """Every plugin's middleware, the first configured plugin's outermost."""
        return [m for p in self.plugins if _overrides(p, "http_middleware") for m in p.http_middleware()]

    def routes(self) -> list[BaseRoute]:
        return [r for p in self.plugins if _overrides(p, "routes") for r in p.routes()]

    def vary(self, ctx: RequestContext) -> tuple[Hashable, ...]:
        """The plugins' `request_key`s for this request (empty when none varies)."""
        return tuple(key(ctx) for key in self.request_key)

    def execution(self, innermost: ExecuteFn) -> ExecuteFn:
        """`innermost` wrapped by every plugin; the first configured is the outermost."""
        function = innermost
        for plugin in reversed(self._wrap_execution):
            function = plugin.wrap_execution(function)
        return function

    def subgraph(self, service: str, innermost: FetchFn) -> FetchFn:
        function = innermost
        for plugin in reversed(self._wrap_subgraph):
            function = plugin.wrap_subgraph(service, function)
        return function

    async def start(self) -> None:
        for plugin in self.plugins:
            await plugin.start()

    async def close(self) -> None:
        for plugin in reversed(self.plugins):
            await plugin.close()

"""ASGI app of the transport subgraph: GraphQL at /graphql, GET /health, GET /_stats."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from subgraphs.common.access import GatewayIdentity
from subgraphs.common.cache_hints import CacheHints, with_cache_hints
from subgraphs.playground import with_playground
from subgraphs.transport.client import TransportStore
from subgraphs.transport.schema import TransportContext, schema


class TransportGraphQL(GraphQL):
    def __init__(self, store: TransportStore, identity: GatewayIdentity) -> None:
        super().__init__(schema, graphql_ide=None)
        self.store = store
        self.identity = identity

    async def get_context(self, request: Request, response: Response) -> TransportContext:  # type: ignore[override]
        return TransportContext.for_request(request, self.store, self.identity.access(request.headers))


def create_app(export_dir: Path, *, poll_interval: float = 2.0, public_key: Path | None = None) -> Starlette:
    """The subgraph over the export folder ``export_dir`` (``<data-dir>/transport``); ``public_key``: the
    gateway's, for ``x-govgraph-identity`` (default: ``$GOVGRAPH_GATEWAY_PUBLIC_KEY``)."""
    store = TransportStore(export_dir, poll_interval=poll_interval)

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", **store.health()})

    async def stats(request: Request) -> JSONResponse:
        return JSONResponse(store.stats())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(store.refresh)
        watcher = asyncio.create_task(store.watch())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    graphql = TransportGraphQL(store, GatewayIdentity("transport", public_key))
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/health", health),
        Route("/_stats", stats),
    ]
    app = with_cache_hints(
        with_playground(Starlette(routes=routes, lifespan=lifespan), "transport"),
        CacheHints(public_max_age=300, private_max_age=60),
    )
    app.state.store = store
    return app

"""The registry subgraph as an ASGI app: GraphQL at `/graphql`, `GET /health`."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from subgraphs.common.access import GatewayIdentity
from subgraphs.common.cache_hints import CacheHints, with_cache_hints
from subgraphs.playground import with_playground
from subgraphs.registry.client import RegistryClient
from subgraphs.registry.db import async_url, make_engine
from subgraphs.registry.loaders import make_loaders
from subgraphs.registry.schema import RegistryContext, schema

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / ".govgraph" / "data"


class RegistryGraphQL(GraphQL):
    def __init__(self, client: RegistryClient, today: Callable[[], date], identity: GatewayIdentity) -> None:
        super().__init__(schema, graphql_ide=None)
        self.client = client
        self.today = today
        self.identity = identity

    async def get_context(self, request: Any, response: Any) -> RegistryContext:
        access = self.identity.access(request.headers)
        return RegistryContext(make_loaders(self.client), self.today(), access, request, response)


def create_app(
    database_url: str | None = None,
    *,
    data_dir: Path | None = None,
    schema_name: str | None = None,
    today: Callable[[], date] = date.today,
    public_key: Path | None = None,
) -> Starlette:
    """`database_url` (PostgreSQL or SQLite URL) or else `<data_dir>/registry.sqlite`.

    `schema_name` puts the legacy tables in that PostgreSQL schema. The engine is at
    `app.state.engine` (tests hook SQL counters onto it). `public_key`: the gateway's, which
    `x-govgraph-identity` is verified with (default: `$GOVGRAPH_GATEWAY_PUBLIC_KEY`).
    """
    url = async_url(database_url, data_dir or DEFAULT_DATA_DIR)
    engine = make_engine(url, schema=schema_name)
    client = RegistryClient(engine)
    graphql = RegistryGraphQL(client, today, GatewayIdentity("registry", public_key))

    async def health(_: Request) -> JSONResponse:
        database = engine.url.render_as_string(hide_password=True)
        return JSONResponse({"status": "ok", "subgraph": "registry", "database": database})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    routes = [Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])]
    app = with_cache_hints(
        with_playground(Starlette(routes=routes, lifespan=lifespan), "registry"), CacheHints()
    )
    app.state.engine = engine
    return app

"""The benefits subgraph as an ASGI app: GraphQL at `/graphql`, `GET /health`."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from subgraphs.benefits.client import BenefitsClient
from subgraphs.benefits.loaders import create_loaders
from subgraphs.benefits.schema import schema
from subgraphs.common.access import GatewayIdentity
from subgraphs.common.cache_hints import CacheHints, with_cache_hints
from subgraphs.playground import with_playground

DEFAULT_LEGACY_URL = "http://127.0.0.1:4304"


class BenefitsGraphQL(GraphQL):
    def __init__(self, client: BenefitsClient, identity: GatewayIdentity) -> None:
        super().__init__(schema, graphql_ide=None)
        self.client = client
        self.identity = identity

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        return {
            "request": request,
            "response": response,
            "client": self.client,
            "loaders": create_loaders(self.client),
            "access": self.identity.access(request.headers),
        }


def create_app(
    legacy_url: str = DEFAULT_LEGACY_URL, public_key: Path | None = None, **client_options: Any
) -> Starlette:
    """client_options: timeout, per_page, max_retries, max_retry_wait (see BenefitsClient); `public_key`:
    the gateway's, for `x-govgraph-identity` (default: `$GOVGRAPH_GATEWAY_PUBLIC_KEY`)."""
    client = BenefitsClient(legacy_url, **client_options)
    graphql = BenefitsGraphQL(client, GatewayIdentity("benefits", public_key))

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "subgraph": "benefits", "legacy": legacy_url})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await client.close()

    routes = [Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])]
    return with_cache_hints(
        with_playground(Starlette(routes=routes, lifespan=lifespan), "benefits"), CacheHints()
    )

"""The tax subgraph as an ASGI app: GraphQL at `/graphql`, `GET /health`."""

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

from subgraphs.common.access import GatewayIdentity
from subgraphs.common.cache_hints import CacheHints, with_cache_hints
from subgraphs.playground import with_playground
from subgraphs.tax.client import TaxClient
from subgraphs.tax.loaders import create_loaders
from subgraphs.tax.schema import schema

DEFAULT_ENDPOINT = "http://127.0.0.1:4302/TaxService"


class TaxGraphQL(GraphQL):
    def __init__(self, client: TaxClient, identity: GatewayIdentity) -> None:
        super().__init__(schema, graphql_ide=None)
        self.client = client
        self.identity = identity

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        loaders = create_loaders(self.client)
        access = self.identity.access(request.headers)
        return {"request": request, "response": response, "loaders": loaders, "access": access}


def create_app(
    tax_endpoint: str = DEFAULT_ENDPOINT,
    *,
    timeout: float = 5.0,
    public_key: Path | None = None,
    credential: str | None = None,
) -> Starlette:
    """`public_key`: the gateway's, for `x-govgraph-identity` (default: `$GOVGRAPH_GATEWAY_PUBLIC_KEY`);
    `credential`: the tax board's service credential (default: `$GOVGRAPH_TAX_LEGACY_CREDENTIAL`)."""
    client = TaxClient(tax_endpoint, timeout=timeout, credential=credential)
    graphql = TaxGraphQL(client, GatewayIdentity("tax", public_key))

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "subgraph": "tax", "legacy": tax_endpoint})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await client.close()

    routes = [Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])]
    return with_cache_hints(with_playground(Starlette(routes=routes, lifespan=lifespan), "tax"), CacheHints())

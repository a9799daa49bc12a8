"""The benefits subgraph as an ASGI app: GraphQL at `/graphql` (HTTP, and subscriptions over WebSocket
with the graphql-transport-ws subprotocol), `GET /health` (with the live subscriptions).

Over a WebSocket the caller's `x-govgraph-identity` comes as a header of the handshake request, or in
the `connection_init` payload as `{"headers": {"x-govgraph-identity": "..."}}` (both may come: then
both must verify and name the same caller). It is verified when a subscription starts
(`schema._subscriber`).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType

from subgraphs.benefits.client import BenefitsClient
from subgraphs.benefits.feed import ClaimFeed
from subgraphs.benefits.loaders import create_loaders
from subgraphs.benefits.schema import schema
from subgraphs.common.access import GatewayIdentity
from subgraphs.common.cache_hints import CacheHints, with_cache_hints
from subgraphs.common.identity import HEADER
from subgraphs.playground import with_playground

DEFAULT_LEGACY_URL = "http://127.0.0.1:4304"


def _identity_headers(headers: Any) -> dict[str, str]:
    token = headers.get(HEADER) if headers is not None else None
    return {} if token is None else {HEADER: str(token)}


class BenefitsGraphQL(GraphQL):
    def __init__(self, client: BenefitsClient, identity: GatewayIdentity, feed: ClaimFeed) -> None:
        super().__init__(schema, graphql_ide=None, subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,))
        self.client = client
        self.identity = identity
        self.feed = feed

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        """Per HTTP request, or per WebSocket connection."""
        headers = _identity_headers(request.headers)
        return {
            "request": request,
            "response": response,
            "client": self.client,
            "loaders": create_loaders(self.client),
            "access": self.identity.access(headers),
            "identity": self.identity,
            "identities": [headers] if headers else [],  # each verified when a subscription starts
            "feed": self.feed,
        }

    async def on_ws_connect(self, context: dict[str, Any]) -> UnsetType | dict[str, object] | None:
        """Take `x-govgraph-identity` from the `connection_init` payload's headers too."""
        params = context.get("connection_params")
        given = params.get("headers") if isinstance(params, dict) else None
        lowered = {str(k).lower(): v for k, v in given.items()} if isinstance(given, dict) else {}
        sent = _identity_headers(lowered)
        if sent:
            context["identities"].append(sent)
            context["access"] = self.identity.access(sent)
        return UNSET


def create_app(
    legacy_url: str = DEFAULT_LEGACY_URL,
    public_key: Path | None = None,
    nats_url: str | None = None,
    **client_options: Any,
) -> Starlette:
    """client_options: timeout, per_page, max_retries, max_retry_wait, credential (see BenefitsClient);
    `public_key`: the gateway's, for `x-govgraph-identity` (default: `$GOVGRAPH_GATEWAY_PUBLIC_KEY`);
    `nats_url`: the event broker the claim changes come from (default `$NATS_URL`, else nats://127.0.0.1:4222)."""
    client = BenefitsClient(legacy_url, **client_options)
    feed = ClaimFeed(nats_url)
    graphql = BenefitsGraphQL(client, GatewayIdentity("benefits", public_key), feed)

    async def health(_: Request) -> JSONResponse:
        body = {"status": "ok", "subgraph": "benefits", "legacy": legacy_url, "broker": feed.url}
        return JSONResponse({**body, "subscriptions": feed.active})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await client.close()
        await feed.close()

    routes = [
        Route("/health", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
    ]
    return with_cache_hints(
        with_playground(Starlette(routes=routes, lifespan=lifespan), "benefits"), CacheHints()
    )

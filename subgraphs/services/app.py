"""The services subgraph as an ASGI app: GraphQL at `/graphql`, `GET /health`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from subgraphs.common.access import GatewayIdentity
from subgraphs.common.cache_hints import CacheHints, with_cache_hints
from subgraphs.playground import with_playground
from subgraphs.services.catalogue import CatalogueStore
from subgraphs.services.schema import ServicesContext, schema

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / ".govgraph" / "data"


def _now() -> datetime:
    return datetime.now(UTC)


class ServicesGraphQL(GraphQL):
    def __init__(
        self,
        store: CatalogueStore,
        today: Callable[[], date],
        now: Callable[[], datetime],
        identity: GatewayIdentity,
    ) -> None:
        super().__init__(schema, graphql_ide=None)
        self.store, self.today, self.now, self.identity = store, today, now, identity

    async def get_context(self, request: Any, response: Any) -> ServicesContext:
        access = self.identity.access(request.headers)
        return ServicesContext(self.store, self.today(), self.now(), access, request, response)


def create_app(
    data_dir: Path | None = None,
    *,
    today: Callable[[], date] = date.today,
    now: Callable[[], datetime] = _now,
    public_key: Path | None = None,
) -> Starlette:
    """Serve the catalogue exported under `<data_dir>/services/` (re-read when the files change);
    `public_key`: the gateway's, for `x-govgraph-identity` (default: `$GOVGRAPH_GATEWAY_PUBLIC_KEY`)."""
    store = CatalogueStore(data_dir or DEFAULT_DATA_DIR)
    graphql = ServicesGraphQL(store, today, now, GatewayIdentity("services", public_key))

    async def health(_: Request) -> JSONResponse:
        try:
            catalogue = store.get()
        except GraphQLError as exc:
            return JSONResponse({"status": "degraded", "subgraph": "services", "error": exc.message}, 503)
        body = {"status": "ok", "subgraph": "services", "exported": catalogue.exported}
        return JSONResponse(body | {"services": len(catalogue.services)})

    routes = [Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])]
    return with_cache_hints(
        with_playground(Starlette(routes=routes), "services"),
        CacheHints(public_max_age=3600, private_max_age=60),
    )

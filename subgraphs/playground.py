"""The agencies' subgraphs serve the gateway's offline playground in dev: the same committed
GraphiQL bundle (no CDN, the same strict CSP), for a browser at the subgraph's `/graphql`.

On when `GOVGRAPH_PLAYGROUND=1` (set by `govgraph up` for its subgraphs); off otherwise, so a
deployed subgraph keeps answering browsers with GraphQL only (strawberry's own GraphiQL is off).
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from gateway.plugins.playground.page import PageSettings, PlaygroundMiddleware, asset_routes

ENVIRONMENT = "GOVGRAPH_PLAYGROUND"


def with_playground(app: Starlette, agency: str) -> Starlette:
    """`app` with the playground at `GET /graphql` for browsers, when the environment asks for it."""
    if os.environ.get(ENVIRONMENT) != "1":
        return app
    settings = PageSettings(title=f"govgraph — {agency} subgraph (dev)")
    app.add_middleware(PlaygroundMiddleware, settings=settings, paths=("/graphql",))
    app.router.routes.extend(asset_routes())
    return app

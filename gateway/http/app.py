"""GraphQL over HTTP at `/graphql` (Starlette), and the probes `GET /health` and `GET /ready`.

    /graphql   GET (queries) and POST (application/json); see `endpoint` for status codes,
               `media` for content negotiation, `request` for what a well-formed request is.
    /health    liveness: 200 {"status": "ok", "subgraphs": [...]} once the supergraph is loaded.
    /ready     readiness, with each subgraph's last-known reachability (see `health`).

Every response, including 404, 405 and 500, is a JSON body in the GraphQL response shape
(`errors[].extensions.code`); nothing ever sends a stack trace.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..config import GatewayConfig
from ..engine import Gateway
from ..errors import METHOD_NOT_ALLOWED, NOT_FOUND
from ..hooks import Hooks, Plugin
from ..live.manager import GatewayManager
from ..plugins import build_plugins
from ..plugins.subscriptions import SubscriptionsPlugin
from .endpoint import GraphQLEndpoint, error_body, internal_error
from .health import health_endpoint, ready_endpoint
from .media import respond
from .sse import EventStreams

log = logging.getLogger("govgraph.http")


# Starlette's HTTP exceptions (unknown path, wrong method on /health) as GraphQL-shaped bodies.
_HTTP_CODES = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED}


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    message = f"{request.method} {request.url.path}: {exc.detail}"
    return respond(error_body(message, code), exc.status_code, headers=exc.headers)


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("unhandled error serving %s %s", request.method, request.url.path)
    return internal_error()


def event_streams(plugins: Sequence[Plugin]) -> EventStreams | None:
    """GraphQL over SSE on the endpoint, with the subscriptions plugin's settings (when it is on)."""
    found = next((p for p in plugins if isinstance(p, SubscriptionsPlugin)), None)
    return EventStreams(found.settings, found.streams) if found is not None else None


def create_app(
    config: GatewayConfig,
    gateway: Gateway | None = None,
    manager: GatewayManager | None = None,
    plugins: Sequence[Plugin] | None = None,
) -> Starlette:
    """The gateway's ASGI app; builds a `Gateway` from `config` unless one is given, with
    `plugins` (the built-in plugins with their defaults when None).

    With a `manager` (a live supergraph) each request runs on the manager's current gateway,
    and the app's lifespan starts and stops the manager's polling and the plugins."""
    if manager is None:
        hooks = Hooks(build_plugins() if plugins is None else plugins)
        manager = GatewayManager(config, gateway or Gateway(config, hooks=hooks), hooks=hooks)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await manager.start()
        app.state.serving = True  # `/ready`
        yield
        app.state.serving = False
        await manager.close()

    # The endpoint is an ASGI app, so its route takes every method: it answers those other
    # than GET and POST itself, with a GraphQL-shaped 405 and `Allow: GET, POST`.
    routes = [
        Route("/graphql", GraphQLEndpoint(manager, config, event_streams(manager.hooks.plugins))),
        health_endpoint(manager),
        ready_endpoint(manager),
        *manager.hooks.routes(),
    ]
    app = Starlette(
        routes=routes,
        middleware=manager.hooks.http_middleware(),
        lifespan=lifespan,
        exception_handlers={HTTPException: http_exception, Exception: server_error},
    )
    app.state.gateway = manager.current  # the first one; `app.state.manager.current` is the live one
    app.state.manager = manager
    return app

"""Probes: `GET /health` (liveness) and `GET /ready` (readiness).

    /health  200 {"status": "ok", "subgraphs": [...]}                 the process serves;
             503 SERVICE_UNAVAILABLE                                  no supergraph is loaded
    /ready   200 {"status": "ready", "subgraphs": {name: state}}      started (plugins, schema
                                                                      polling) with a supergraph;
             503 {"status": "not ready", ...}                         not started yet, shutting
                                                                      down, or no supergraph

Each subgraph's `state` in `/ready` is what the last request to it said: `reachable` true (it
answered, whatever the status), false (connection refused, reset or timed out; `failure` says
which) or null (not asked since this schema generation started), and `at` (epoch seconds). A
subgraph that cannot be reached does not make the gateway unready: it still answers every
other field, and the failed ones with errors that say so; taking every replica out of the
Service because one agency is down would turn partial answers into no answers. With the
`resilience` plugin, `breaker` tells its circuit breaker's `state` (closed | open | half-open),
its consecutive `failures` and the requests `in_flight` (absent until the subgraph is first asked).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import SERVICE_UNAVAILABLE
from ..live.manager import GatewayManager
from ..plugins.resilience import ResiliencePlugin
from .endpoint import error_body
from .media import respond

NOT_LOADED = "The supergraph is not loaded."


def _loaded(gateways: GatewayManager) -> bool:
    return getattr(gateways.current, "supergraph", None) is not None


def health_endpoint(gateways: GatewayManager) -> Route:
    async def health(_: Request) -> Response:
        if not _loaded(gateways):
            return respond(error_body(NOT_LOADED, SERVICE_UNAVAILABLE), 503)
        return respond({"status": "ok", "subgraphs": sorted(gateways.current.clients)}, 200)

    return Route("/health", health, methods=["GET"])


def _breakers(gateways: GatewayManager) -> dict[str, dict[str, object]]:
    found = next((p for p in gateways.hooks.plugins if isinstance(p, ResiliencePlugin)), None)
    return found.describe() if found is not None else {}


def ready_endpoint(gateways: GatewayManager) -> Route:
    """`request.app.state.serving` is set by the app's lifespan between start and shutdown."""

    async def ready(request: Request) -> Response:
        if not _loaded(gateways) or not getattr(request.app.state, "serving", False):
            message = "The gateway is not serving yet (or any more)." if _loaded(gateways) else NOT_LOADED
            return respond({"status": "not ready", **error_body(message, SERVICE_UNAVAILABLE)}, 503)
        subgraphs: dict[str, Any] = {}
        breakers = _breakers(gateways)
        for name, client in sorted(gateways.current.clients.items()):
            seen = client.reachability
            subgraphs[name] = {"reachable": seen.reachable, "at": seen.at or None, "failure": seen.failure}
            if name in breakers:
                subgraphs[name]["breaker"] = breakers[name]
        return respond({"status": "ready", "subgraphs": subgraphs}, 200)

    return Route("/ready", ready, methods=["GET"])

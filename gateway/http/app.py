"""GraphQL over HTTP at `/graphql` (Starlette), and `GET /health`.

Follows the GraphQL-over-HTTP spec: POST with `application/json`, GET for queries
(a mutation over GET is refused with 405), `application/graphql-response+json` when
the client accepts it (request errors then get 4xx), `application/json` otherwise.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..config import GatewayConfig
from ..engine import Gateway, GraphQLRequest, GraphQLResult
from ..errors import BAD_REQUEST, METHOD_NOT_ALLOWED, PlanningError, RequestError, error_dict

log = logging.getLogger("govgraph.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
FORWARDED_HEADERS = ("authorization", "x-citizen-id", "accept-language")


class HttpError(Exception):
    def __init__(
        self, status: int, message: str, code: str = BAD_REQUEST, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = headers or {}


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None when nothing acceptable."""
    if not accept:
        return JSON
    best: tuple[float, str] | None = None
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        quality = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                with contextlib.suppress(ValueError):
                    quality = float(param[2:])
        if media in (GRAPHQL_RESPONSE, JSON, "application/*", "*/*") and quality > 0:
            chosen = GRAPHQL_RESPONSE if media == GRAPHQL_RESPONSE else JSON
            if best is None or quality > best[0]:
                best = (quality, chosen)
    return best[1] if best else None


def respond(
    body: dict[str, Any], status: int, media: str, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type=f"{media}; charset=utf-8",
        headers=dict(headers or {}),
    )


async def read_request(request: Request, max_bytes: int) -> GraphQLRequest:
    if request.method == "GET":
        params = request.query_params
        return _graphql_request(
            {
                "query": params.get("query"),
                "variables": _json_param(params.get("variables"), "variables"),
                "operationName": params.get("operationName"),
                "extensions": _json_param(params.get("extensions"), "extensions"),
            }
        )
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise HttpError(415, f"POST requests must use content-type {JSON}")
    raw = await request.body()
    if len(raw) > max_bytes:
        raise HttpError(413, f"request body is larger than {max_bytes} bytes")
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise HttpError(400, "request body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise HttpError(400, "request body must be a JSON object")
    return _graphql_request(payload)


def _json_param(value: str | None, name: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise HttpError(400, f"{name} is not valid JSON") from None


def _graphql_request(payload: Mapping[str, Any]) -> GraphQLRequest:
    query = payload.get("query")
    if not isinstance(query, str) or not query:
        raise HttpError(400, "a GraphQL request needs a non-empty string `query`")
    variables = payload.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise HttpError(400, "`variables` must be a JSON object")
    operation_name = payload.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise HttpError(400, "`operationName` must be a string")
    extensions = payload.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise HttpError(400, "`extensions` must be a JSON object")
    return GraphQLRequest(query, variables, operation_name or None, extensions)


def forwarded_headers(request: Request) -> dict[str, str]:
    return {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}


class GraphQLEndpoint:
    def __init__(self, gateway: Gateway, config: GatewayConfig) -> None:
        self.gateway = gateway
        self.config = config

    async def __call__(self, request: Request) -> Response:
        media = negotiate(request.headers.get("accept"))
        if media is None:
            return respond({"errors": [error_dict("Accept a GraphQL response type", BAD_REQUEST)]}, 406, JSON)
        try:
            graphql_request = await read_request(request, self.config.max_body_bytes)
            result = await self.run(request, graphql_request)
        except HttpError as error:
            body = {"errors": [error_dict(str(error), error.code)]}
            return respond(body, error.status, media, error.headers)
        except RequestError as error:
            return respond(
                {"errors": error.errors}, error.status if media == GRAPHQL_RESPONSE else 200, media
            )
        if not result.executed and media == GRAPHQL_RESPONSE:
            return respond(result.body(), 400, media)
        return respond(result.body(), 200, media)

    async def run(self, request: Request, graphql_request: GraphQLRequest) -> GraphQLResult:
        try:
            compiled = self.gateway.compile(graphql_request.query, graphql_request.operation_name)
        except RequestError as error:
            return GraphQLResult(errors=error.errors, executed=False)
        except PlanningError as error:
            return GraphQLResult(errors=[error_dict(str(error), error.code)], executed=False)
        if request.method == "GET" and compiled.kind != "query":
            raise HttpError(
                405,
                f"{compiled.kind} operations are only accepted over POST",
                METHOD_NOT_ALLOWED,
                {"allow": "POST"},
            )
        try:
            return await self.gateway.run(compiled, graphql_request.variables, forwarded_headers(request))
        except RequestError as error:
            return GraphQLResult(errors=error.errors, executed=False)


def create_app(config: GatewayConfig, gateway: Gateway | None = None) -> Starlette:
    gateway = gateway or Gateway(config)

    async def health(_: Request) -> Response:
        return respond({"status": "ok", "subgraphs": sorted(gateway.clients)}, 200, JSON)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await gateway.close()

    routes = [
        Route("/graphql", GraphQLEndpoint(gateway, config).__call__, methods=["GET", "POST"]),
        Route("/health", health, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.gateway = gateway
    return app

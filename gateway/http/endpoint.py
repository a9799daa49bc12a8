"""The `/graphql` endpoint: one HTTP request in, one GraphQL response out.

Status codes (GraphQL over HTTP):

    not well-formed (HttpError)            its own status (400, 405, 406, 413, 414, 415), any media type
    mutation over GET                      405 with `Allow: POST`, any media type
    request error (parse, validation,      application/json: 200
      operation name, variables)           application/graphql-response+json: 400, no `data`
    no query plan (QUERY_PLANNING_FAILED)  application/json: 200; graphql-response+json: 500
    executed (data, maybe partial/null)    200, also when subgraphs failed (errors carry codes)
    a bug in the gateway                   500 INTERNAL_SERVER_ERROR; logged, no stack trace sent
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from graphql import GraphQLError, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..config import GatewayConfig
from ..engine import Gateway
from ..engine.incremental import INCREMENTAL
from ..errors import (
    INTERNAL_SERVER_ERROR,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    RequestError,
    error_dict,
)
from ..hooks import RequestContext
from ..live.manager import GatewayManager
from ..messages import GraphQLRequest, GraphQLResult, encode_json
from ..operation import select_operation
from .media import GRAPHQL_RESPONSE, JSON, negotiate, respond
from .multipart import accepts_multipart, multipart_response
from .request import HttpError, read_request
from .sse import EventStreams, wants_event_stream

log = logging.getLogger("govgraph.http")

ALLOWED_METHODS = ("GET", "POST")


def http_status(result: GraphQLResult, media: str) -> int:
    """`result.status` as application/graphql-response+json; application/json: request errors
    are 200 (spec), but a refusal of the HTTP request itself (405, 401, 429, `refusal`) keeps its status."""
    if result.executed or result.refusal or media == GRAPHQL_RESPONSE:
        return int(result.status)
    return 200 if result.status in (400, 500) else int(result.status)


def error_body(message: str, code: str) -> dict[str, Any]:
    return {"errors": [error_dict(message, code)]}


def error_response(error: HttpError, media: str) -> Response:
    return respond(error_body(str(error), error.code), error.status, media, error.headers)


def internal_error(media: str = JSON) -> Response:
    """Log the exception being handled; answer 500 with an id that finds it in the log."""
    incident = uuid.uuid4().hex[:12]
    log.exception("internal error, incident %s", incident)
    message = f"Internal server error (incident {incident})."
    body = {"errors": [error_dict(message, INTERNAL_SERVER_ERROR, incident=incident)]}
    return respond(body, 500, media)


def method_not_allowed(method: str) -> HttpError:
    return HttpError(
        405,
        f"{method} is not allowed on this endpoint: use GET (queries only) or POST.",
        METHOD_NOT_ALLOWED,
        {"allow": ", ".join(ALLOWED_METHODS)},
    )


def _accept_header(request: Request) -> str | None:
    values = request.headers.getlist("accept")
    return ", ".join(values) if values else None


class GraphQLEndpoint:
    """Each request runs on the gateway current when it starts (`GatewayManager.lease()`)."""

    def __init__(
        self, gateways: GatewayManager, config: GatewayConfig, events: EventStreams | None = None
    ) -> None:
        self.gateways = gateways
        self.config = config
        self.events = events  # GraphQL over SSE, when the subscriptions plugin is on

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An ASGI app, so that the route takes every method and this class answers them all."""
        response = await self.handle(Request(scope, receive))
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        accepted = None
        try:
            accepted = negotiate(_accept_header(request))
            return await self._handle(request, accepted)
        except Exception:  # a bug must become a logged 500, never a stack trace for the client
            log.error("unexpected error serving %s %s", request.method, request.url.path)
            return internal_error(accepted or JSON)

    async def _handle(self, request: Request, accepted: str | None) -> Response:
        media = accepted or JSON
        multipart = accepts_multipart(_accept_header(request))
        if request.method not in ALLOWED_METHODS:
            return error_response(method_not_allowed(request.method), media)
        if self.events is not None and wants_event_stream(_accept_header(request)):
            try:
                return await self.events.respond(request, self.gateways, self.config.max_body_bytes)
            except HttpError as error:
                return error_response(error, media)
        if accepted is None and not multipart:
            message = f"None of the accepted media types is offered: use {GRAPHQL_RESPONSE} or {JSON}."
            return error_response(HttpError(406, message, NOT_ACCEPTABLE), JSON)
        try:
            graphql_request = await read_request(request, self.config.max_body_bytes)
            client = request.client.host if request.client else None
            ctx = RequestContext(graphql_request, request.headers, request.method, client_address=client)
            if request.method == "GET":
                ctx.allowed_kinds = ("query",)
            ctx.state[INCREMENTAL] = multipart
            with self.gateways.lease() as gateway:
                result = await gateway.handle(ctx)
                if request.method == "GET" and not result.executed:
                    self.refuse_over_get(ctx.kind or self.operation_kind(gateway, graphql_request))
        except HttpError as error:
            return error_response(error, media)
        if result.subsequent is not None:  # `@defer` to a multipart client: the first part
            first = {**result.body(), **({"extensions": ctx.extensions} if ctx.extensions else {})}
            return multipart_response(first, result.subsequent, ctx.response_headers)
        body = result.encoded()
        if ctx.extensions:  # per request: the result may be shared by de-duplicated requests
            extensions = {**result.body().get("extensions", {}), **ctx.extensions}
            body = encode_json({**result.body(), "extensions": extensions})
        return respond(body, http_status(result, media), media, ctx.response_headers or None)

    def operation_kind(self, gateway: Gateway, graphql_request: GraphQLRequest) -> str | None:
        """The operation's kind when the document parses but is otherwise invalid."""
        try:
            document = parse(graphql_request.query, max_tokens=gateway.config.max_tokens)
            return select_operation(document, graphql_request.operation_name).operation.value
        except (GraphQLError, RequestError):
            return None

    @staticmethod
    def refuse_over_get(kind: str | None) -> None:
        if kind is not None and kind != "query":
            raise HttpError(
                405,
                f"A {kind} cannot be sent with GET (only queries can); send it with POST.",
                METHOD_NOT_ALLOWED,
                {"allow": "POST"},
            )

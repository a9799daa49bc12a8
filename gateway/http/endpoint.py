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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ..config import GatewayConfig
from ..engine import Gateway, GraphQLRequest, GraphQLResult
from ..errors import (
    INTERNAL_SERVER_ERROR,
    METHOD_NOT_ALLOWED,
    NOT_ACCEPTABLE,
    PlanningError,
    RequestError,
    error_dict,
)
from ..live.manager import GatewayManager
from ..operation import select_operation
from .media import GRAPHQL_RESPONSE, JSON, negotiate, respond
from .request import HttpError, read_request

log = logging.getLogger("govgraph.http")

ALLOWED_METHODS = ("GET", "POST")
FORWARDED_HEADERS = ("authorization", "x-citizen-id", "accept-language")


@dataclass(frozen=True)
class Outcome:
    """A GraphQL result and the status it gets as application/graphql-response+json."""

    result: GraphQLResult
    status: int = 200

    def http_status(self, media: str) -> int:
        if self.result.executed or media == GRAPHQL_RESPONSE:
            return self.status
        # application/json: request errors are 200 (spec), but a refusal of the HTTP
        # request itself (a 405, or a 401/403 one day) keeps its status.
        return 200 if self.status in (400, 500) else self.status


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


def forwarded_headers(request: Request) -> dict[str, str]:
    return {name: request.headers[name] for name in FORWARDED_HEADERS if name in request.headers}


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

    def __init__(self, gateways: GatewayManager, config: GatewayConfig) -> None:
        self.gateways = gateways
        self.config = config

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
        if request.method not in ALLOWED_METHODS:
            return error_response(method_not_allowed(request.method), media)
        if accepted is None:
            message = f"None of the accepted media types is offered: use {GRAPHQL_RESPONSE} or {JSON}."
            return error_response(HttpError(406, message, NOT_ACCEPTABLE), JSON)
        try:
            graphql_request = await read_request(request, self.config.max_body_bytes)
            with self.gateways.lease() as gateway:
                outcome = await self.execute(
                    gateway, graphql_request, request.method, forwarded_headers(request)
                )
        except HttpError as error:
            return error_response(error, media)
        timing = outcome.result.timing
        headers = {"server-timing": timing.header()} if timing is not None else None
        return respond(outcome.result.encoded(), outcome.http_status(media), media, headers)

    async def execute(
        self, gateway: Gateway, graphql_request: GraphQLRequest, method: str, headers: Mapping[str, str]
    ) -> Outcome:
        """Compile (cached) and run one operation; raises `HttpError` for a mutation over GET."""
        try:
            compiled = gateway.compile(graphql_request.query, graphql_request.operation_name)
        except RequestError as error:
            if method == "GET":
                self.refuse_over_get(self.operation_kind(gateway, graphql_request))
            return refused(error)
        except PlanningError as error:
            log.warning("no query plan: %s", error)
            return Outcome(GraphQLResult(errors=[error_dict(str(error), error.code)], executed=False), 500)
        if method == "GET":
            self.refuse_over_get(compiled.kind)
        try:
            result = await gateway.run(compiled, graphql_request.variables, headers)
        except RequestError as error:
            return refused(error)
        return Outcome(result)

    def operation_kind(self, gateway: Gateway, graphql_request: GraphQLRequest) -> str | None:
        """The operation's kind when the document parses but is otherwise invalid."""
        try:
            document = parse(graphql_request.query, max_tokens=gateway.limits.max_tokens)
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


def refused(error: RequestError) -> Outcome:
    return Outcome(GraphQLResult(errors=error.errors, executed=False), error.status)

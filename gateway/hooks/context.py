"""What a plugin sees of one client request (`RequestContext`) and of one subgraph request
(`SubgraphRequest`). The context is the request's envelope: the stages fill in what they
produce (operation, plan, variables), plugins add response headers and extensions."""

from __future__ import annotations

import re
import uuid
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..messages import ANONYMOUS, GraphQLRequest, Principal
from ..operation import PreparedOperation
from ..plan.nodes import QueryPlan
from ..supergraph import Supergraph

REQUEST_ID_HEADER = "x-request-id"
WEBSOCKET = "WEBSOCKET"  # `RequestContext.method` of an operation sent over a WebSocket
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


def request_id_from(value: str | None) -> str:
    """A client's request id when it is a plausible one (short, no spaces, quotes or control
    characters: it goes into logs and headers), else a new one."""
    if value and _REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class CompileTimes:
    """When compiling a request's operation started, was validated and was planned (epoch ns;
    set only when the operation was not cached), for traces."""

    started: int
    validated: int
    planned: int


@dataclass(frozen=True, slots=True)
class Narrowing:
    """What a plugin's `on_operation` asks the engine to run instead of the client's operation
    (the client's operation name selects in both documents). The engine compiles both through
    its operation caches, plans `plan_query`, shapes the response against `shape_query`
    (positions it has that the plan does not fetch come back null, with the spec's null
    propagation), and puts `errors` before the execution's."""

    plan_query: str
    shape_query: str
    errors: tuple[dict[str, Any], ...] = ()


@dataclass(slots=True)
class RequestContext:
    """One client request on its way through the stages."""

    request: GraphQLRequest
    headers: Mapping[str, str] = field(default_factory=dict)  # the client's, names lower-case
    method: str = "POST"
    client_address: str | None = None  # the peer's address (ASGI `client`), when over HTTP
    principal: Principal = ANONYMOUS  # set by the identity plugin, from a verified token only
    allowed_kinds: tuple[str, ...] = ()  # e.g. ("query",) over GET; empty: any
    operation: PreparedOperation | None = None  # once parsed and validated
    plan: QueryPlan | None = None  # once planned
    variables: dict[str, Any] = field(default_factory=dict)  # once coerced
    supergraph: Supergraph | None = None  # the schema generation serving this request
    narrowed: Narrowing | None = None  # set by an `on_operation` hook to run less than asked
    response_headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)  # merged into the response's
    vary: tuple[Hashable, ...] = ()  # what beyond document and variables shapes the result
    leader: RequestContext | None = None  # the request whose execution this one shares (dedup)
    state: dict[str, Any] = field(default_factory=dict)  # plugins' per-request scratch
    request_id: str = ""  # one id for logs, traces, audit and `x-request-id`: `ensure_request_id()`
    compile_times: CompileTimes | None = None  # set by the engine when it compiled the operation
    streaming: bool = False  # over a stream (WebSocket, SSE): a subscription may run

    def ensure_request_id(self, header: str = REQUEST_ID_HEADER) -> str:
        """The request's id, set once (by the first who asks): the client's `header`, else new."""
        if not self.request_id:
            self.request_id = request_id_from(self.headers.get(header))
        return self.request_id

    @property
    def kind(self) -> str | None:
        """query | mutation | subscription, once the operation is known."""
        return self.operation.kind if self.operation is not None else None


@dataclass(slots=True)
class SubgraphRequest:
    """One request to one subgraph; plugins may change its headers before it is sent."""

    service: str
    query: str
    variables: Mapping[str, Any] | None
    kind: str  # query | mutation
    context: RequestContext
    headers: dict[str, str] = field(default_factory=dict)
    operation_name: str | None = None
    _payload: bytes | None = None

    def payload(self) -> bytes:
        """The JSON body, encoded once."""
        if self._payload is None:
            body: dict[str, Any] = {"query": self.query}
            if self.variables:
                body["variables"] = self.variables
            if self.operation_name:
                body["operationName"] = self.operation_name
            self._payload = orjson.dumps(body)
        return self._payload

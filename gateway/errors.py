"""Errors the gateway raises or reports, and the codes clients see.

    GovgraphError
    ├── SupergraphError          the supergraph cannot be loaded (at start or reload)
    ├── RequestError             the request is refused before execution (HTTP 4xx)
    │   ├── BadRequest             malformed body, missing query          BAD_REQUEST
    │   ├── ParseFailed            the document does not parse            GRAPHQL_PARSE_FAILED
    │   ├── ValidationFailed       the document is invalid for the API    GRAPHQL_VALIDATION_FAILED
    │   ├── BadUserInput           variables do not fit their types       BAD_USER_INPUT
    │   ├── OperationNotFound      operationName missing or unknown       OPERATION_RESOLUTION_FAILURE
    │   ├── MethodNotAllowed       a mutation over GET                    METHOD_NOT_ALLOWED
    │   └── Unauthenticated        a bearer token that does not verify    UNAUTHENTICATED (401)
    └── PlanningError            no query plan can satisfy the operation  QUERY_PLANNING_FAILED

The HTTP layer answers before GraphQL is involved with: NOT_ACCEPTABLE (406),
UNSUPPORTED_MEDIA_TYPE (415), PAYLOAD_TOO_LARGE (413), URI_TOO_LONG (414),
BATCHING_NOT_SUPPORTED and PERSISTED_QUERY_NOT_SUPPORTED (400), NOT_FOUND (404),
SERVICE_UNAVAILABLE (503) and, for a bug, INTERNAL_SERVER_ERROR (500, no trace).

Traffic rules refuse before parsing with: RATE_LIMITED (429, `Retry-After`) and CSRF_ERROR
(400, a request a browser could send cross-site without a preflight; Apollo's code).

Subgraph failures are not exceptions for the client: the executor turns them into
error values (partial data plus errors) with these codes:
SUBGRAPH_REQUEST_FAILED (down, HTTP error, non-JSON), SUBGRAPH_TIMEOUT, SUBGRAPH_OUTCOME_UNKNOWN (a write
sent whose answer was lost: it may have happened; it is never sent again),
SUBGRAPH_INVALID_RESPONSE (JSON of the wrong shape), SUBGRAPH_UNAVAILABLE (failed fast, never
sent: the subgraph's circuit breaker is open or its bulkhead full; see the `resilience` plugin),
SUBGRAPH_SUBSCRIPTION_CLOSED (a subgraph subscription ended without `complete`: its socket closed,
its handshake failed or timed out; the client's subscription then completes).

Plugins answer with: UNAUTHENTICATED (the request needs a signed-in caller), FORBIDDEN (not
this caller), and
AUDIT_UNAVAILABLE (503: personal data withheld because its audit record could not be written).
"""

from __future__ import annotations

from typing import Any

BAD_REQUEST = "BAD_REQUEST"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
QUERY_PLANNING_FAILED = "QUERY_PLANNING_FAILED"
SUBGRAPH_REQUEST_FAILED = "SUBGRAPH_REQUEST_FAILED"
SUBGRAPH_TIMEOUT = "SUBGRAPH_TIMEOUT"
SUBGRAPH_OUTCOME_UNKNOWN = (
    "SUBGRAPH_OUTCOME_UNKNOWN"  # a write was sent and no answer came: check before retrying
)
SUBGRAPH_INVALID_RESPONSE = "SUBGRAPH_INVALID_RESPONSE"
SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE"  # failed fast: breaker open or bulkhead full
SUBGRAPH_SUBSCRIPTION_CLOSED = "SUBGRAPH_SUBSCRIPTION_CLOSED"  # its subscription socket ended early
SUBSCRIPTION_NOT_STREAMED = "SUBSCRIPTION_NOT_STREAMED"  # a subscription sent as a plain request
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
URI_TOO_LONG = "URI_TOO_LONG"
BATCHING_NOT_SUPPORTED = "BATCHING_NOT_SUPPORTED"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
NOT_FOUND = "NOT_FOUND"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
RATE_LIMITED = "RATE_LIMITED"
CSRF_ERROR = "CSRF_ERROR"
UNAUTHORIZED_FIELD_OR_TYPE = "UNAUTHORIZED_FIELD_OR_TYPE"  # removed by authorization (or refused: 403)
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
AUDIT_UNAVAILABLE = "AUDIT_UNAVAILABLE"


class GovgraphError(Exception):
    """Base of every error govgraph raises."""


class SupergraphError(GovgraphError):
    """The supergraph SDL is malformed or uses something unsupported; names what and where."""


class PlanningError(GovgraphError):
    code = QUERY_PLANNING_FAILED


class RequestError(GovgraphError):
    """A request refused before execution; carries GraphQL-shaped errors."""

    code = BAD_REQUEST
    status = 400

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or [error_dict(message, self.code)]


class BadRequest(RequestError):
    code = BAD_REQUEST


class ParseFailed(RequestError):
    code = PARSE_FAILED


class ValidationFailed(RequestError):
    code = VALIDATION_FAILED


class BadUserInput(RequestError):
    code = BAD_USER_INPUT


class OperationNotFound(RequestError):
    code = OPERATION_RESOLUTION_FAILURE


class MethodNotAllowed(RequestError):
    code = METHOD_NOT_ALLOWED
    status = 405


class SubscriptionNotStreamed(RequestError):
    """A subscription sent as a plain request: it needs a stream (WebSocket or SSE)."""

    code = SUBSCRIPTION_NOT_STREAMED


class Unauthenticated(RequestError):
    """The request carries credentials that do not verify (malformed, bad signature, expired, wrong
    audience or issuer, unknown key): 401 with a `WWW-Authenticate: Bearer` challenge. No credentials
    at all is not this: such a request is anonymous."""

    code = UNAUTHENTICATED
    status = 401


def error_dict(
    message: str,
    code: str,
    *,
    path: list[str | int] | None = None,
    locations: list[dict[str, int]] | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """One error in the GraphQL response shape."""
    error: dict[str, Any] = {"message": message}
    if locations:
        error["locations"] = locations
    if path is not None:
        error["path"] = path
    error["extensions"] = {"code": code, **extensions}
    return error

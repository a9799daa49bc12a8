"""Reading a GraphQL-over-HTTP request: GET query parameters or a POST JSON body.

Everything that makes a request not well-formed raises `HttpError` with the HTTP status
and `extensions.code` the client gets (the same whichever media type it accepts):

    400 BAD_REQUEST                    malformed JSON, not an object, bad parameter types
    400 BATCHING_NOT_SUPPORTED         a JSON array body (batched operations)
    413 PAYLOAD_TOO_LARGE              body beyond `GatewayConfig.max_body_bytes`
    414 URI_TOO_LONG                   GET query string beyond `max_body_bytes`
    415 UNSUPPORTED_MEDIA_TYPE         POST without `application/json` (or not UTF-8)

A request naming its document (`extensions.persistedQuery`, `documentId`) without `query` passes
with an empty `query`: the persisted-documents plugin fills it in, or the engine answers 400
PERSISTED_QUERY_NOT_SUPPORTED.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.datastructures import QueryParams
from starlette.requests import ClientDisconnect, Request

from ..engine import GraphQLRequest
from ..errors import (
    BAD_REQUEST,
    BATCHING_NOT_SUPPORTED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    URI_TOO_LONG,
)
from .media import JSON, UTF8, parse_content_type

BOM = b"\xef\xbb\xbf"


class HttpError(Exception):
    """The HTTP request is not a well-formed GraphQL-over-HTTP request."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = BAD_REQUEST,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = dict(headers or {})


async def read_request(request: Request, max_bytes: int) -> GraphQLRequest:
    """The GraphQL request in an HTTP GET or POST; raises `HttpError`."""
    if request.method == "GET":
        if len(request.scope.get("query_string", b"")) > max_bytes:
            raise HttpError(
                414, f"The query string is longer than {max_bytes} bytes; use POST.", URI_TOO_LONG
            )
        return from_query_params(request.query_params)
    check_content_type(request.headers.get("content-type"))
    raw = await read_body(request, max_bytes)
    return from_json_body(raw)


def from_query_params(params: QueryParams) -> GraphQLRequest:
    return graphql_request(
        {
            "query": params.get("query"),
            "variables": _json_param(params.get("variables"), "variables"),
            "operationName": params.get("operationName"),
            "documentId": params.get("documentId"),
            "extensions": _json_param(params.get("extensions"), "extensions"),
        }
    )


def _json_param(value: str | None, name: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError as error:
        raise HttpError(400, f"The `{name}` query parameter is not valid JSON: {error}") from None


def check_content_type(header: str | None) -> None:
    content_type = parse_content_type(header)
    if content_type is None:
        raise HttpError(415, f"A POST request needs a `content-type: {JSON}` header.", UNSUPPORTED_MEDIA_TYPE)
    if content_type.media != JSON:
        raise HttpError(
            415,
            f"Unsupported content-type `{content_type.media}`: POST requests must use {JSON}.",
            UNSUPPORTED_MEDIA_TYPE,
        )
    if content_type.charset is not None and content_type.charset not in UTF8:
        raise HttpError(
            415,
            f"Unsupported charset `{content_type.charset}`: request bodies must be UTF-8.",
            UNSUPPORTED_MEDIA_TYPE,
        )


def _too_large(max_bytes: int) -> HttpError:
    return HttpError(
        413, f"The request body is larger than the limit of {max_bytes} bytes.", PAYLOAD_TOO_LARGE
    )


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The body, refused as soon as it is known to exceed `max_bytes` (declared or streamed)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(max_bytes)
            chunks.append(chunk)
    except ClientDisconnect:
        raise HttpError(400, "The client disconnected before sending the whole body.") from None
    return b"".join(chunks)


def from_json_body(raw: bytes) -> GraphQLRequest:
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    if not raw.strip():
        raise HttpError(400, "The request body is empty; send a JSON object with a `query`.")
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise HttpError(400, f"The request body is not valid JSON: {error}") from None
    if isinstance(payload, list):
        raise HttpError(
            400,
            "Batched requests (a JSON array body) are not supported; send one operation per request.",
            BATCHING_NOT_SUPPORTED,
        )
    if not isinstance(payload, dict):
        raise HttpError(400, "The request body must be a JSON object with a `query`.")
    return graphql_request(payload)


def graphql_request(payload: Mapping[str, Any]) -> GraphQLRequest:
    """Check the request parameters' types (spec: query string; variables, extensions maps)."""
    variables = _optional(payload, "variables", dict, "a JSON object")
    operation_name = _optional(payload, "operationName", str, "a string")
    extensions = _optional(payload, "extensions", dict, "a JSON object")
    query = payload.get("query")
    document_id = _optional(payload, "documentId", str, "a string")
    if query is None:
        if document_id or (extensions and "persistedQuery" in extensions):
            # named, not sent: the persisted-documents plugin fills in the text (or refuses)
            return GraphQLRequest("", variables, operation_name or None, extensions, document_id)
        raise HttpError(400, "The request has no `query`: a GraphQL request needs the operation's text.")
    if not isinstance(query, str):
        raise HttpError(400, f"`query` must be a string, not {_json_type(query)}.")
    if not query.strip():
        raise HttpError(400, "`query` is empty: a GraphQL request needs the operation's text.")
    return GraphQLRequest(query, variables, operation_name or None, extensions, document_id)


def _optional(payload: Mapping[str, Any], name: str, kind: type, described: str) -> Any:
    value = payload.get(name)
    if value is not None and not isinstance(value, kind):
        raise HttpError(400, f"`{name}` must be {described} or null, not {_json_type(value)}.")
    return value


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"

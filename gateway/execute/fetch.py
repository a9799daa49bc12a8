"""The subgraph client: one keep-alive connection pool per subgraph (`transport.py`).

`SubgraphClient.send()` never raises for a subgraph's failure: it returns a
`SubgraphResponse` whose `failure` says what went wrong (down, timeout, HTTP error,
non-JSON, wrong shape), and the executor turns that into errors with codes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from .. import errors
from .transport import (
    AiohttpTransport,
    PooledTransport,
    Transport,
    TransportConnectError,
    TransportError,
    TransportTimeout,
)

log = logging.getLogger("govgraph.subgraph")
ACCEPT = "application/graphql-response+json, application/json;q=0.9"
TRANSPORTS: dict[str, type[PooledTransport] | type[AiohttpTransport]] = {
    "pooled": PooledTransport,
    "aiohttp": AiohttpTransport,
}


@dataclass
class SubgraphResponse:
    data: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None  # a message when the request itself failed
    code: str | None = None


class SubgraphClient:
    """Sends GraphQL requests to one subgraph."""

    def __init__(
        self, name: str, url: str, timeout: float, pool_size: int = 100, transport: str = "pooled"
    ) -> None:
        self.name = name
        self.url = url
        self.timeout = timeout
        self.transport: Transport = TRANSPORTS[transport](url, pool_size)
        self._inflight: dict[tuple[bytes, tuple[tuple[str, str], ...]], asyncio.Future[Any]] = {}

    async def close(self) -> None:
        await self.transport.close()

    async def send(
        self,
        query: str,
        variables: Mapping[str, Any] | None,
        operation_name: str | None = None,
        headers: Mapping[str, str] | None = None,
        shared: bool = False,
    ) -> SubgraphResponse:
        """One request; with `shared`, identical concurrent requests (same body and headers)
        go out once and every caller parses the same answer for itself."""
        body: dict[str, Any] = {"query": query}
        if variables:
            body["variables"] = variables
        if operation_name:
            body["operationName"] = operation_name
        payload = orjson.dumps(body)
        if not shared:
            return await self._post(payload, headers)
        key = (payload, tuple(sorted(headers.items())) if headers else ())
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._post_raw(payload, headers))
            self._inflight[key] = task
            task.add_done_callback(lambda _: self._inflight.pop(key, None))
        outcome = await asyncio.shield(task)
        return outcome if isinstance(outcome, SubgraphResponse) else parse_response(self.name, *outcome)

    async def _post(self, payload: bytes, headers: Mapping[str, str] | None) -> SubgraphResponse:
        outcome = await self._post_raw(payload, headers)
        return outcome if isinstance(outcome, SubgraphResponse) else parse_response(self.name, *outcome)

    async def _post_raw(
        self, payload: bytes, headers: Mapping[str, str] | None
    ) -> SubgraphResponse | tuple[int, bytes]:
        """(status, body) of the answer, or the failure as a `SubgraphResponse`."""
        request_headers = {"content-type": "application/json", "accept": ACCEPT}
        if headers:
            request_headers.update(headers)
        try:
            return await self.transport.post(payload, request_headers, self.timeout)
        except TransportTimeout:
            return _failed(f"request to subgraph '{self.name}' timed out", errors.SUBGRAPH_TIMEOUT)
        except TransportError as error:
            log.warning("subgraph %s at %s: %r", self.name, self.url, error)
            reason = (
                "could not connect" if isinstance(error, TransportConnectError) else "the connection failed"
            )
            return _failed(
                f"request to subgraph '{self.name}' failed: {reason}", errors.SUBGRAPH_REQUEST_FAILED
            )


def _failed(message: str, code: str) -> SubgraphResponse:
    return SubgraphResponse(failure=message, code=code)


def parse_response(name: str, status: int, raw: bytes) -> SubgraphResponse:
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        detail = f"HTTP {status}" if status >= 400 else "the answer is not JSON"
        return _failed(f"subgraph '{name}' answered {detail}", errors.SUBGRAPH_REQUEST_FAILED)
    if not isinstance(payload, dict) or ("data" not in payload and "errors" not in payload):
        if status >= 400:
            return _failed(f"subgraph '{name}' answered HTTP {status}", errors.SUBGRAPH_REQUEST_FAILED)
        return _failed(
            f"subgraph '{name}' answered JSON that is not a GraphQL response",
            errors.SUBGRAPH_INVALID_RESPONSE,
        )
    data = payload.get("data")
    raw_errors = payload.get("errors") or []
    if data is not None and not isinstance(data, dict):
        return _failed(
            f"subgraph '{name}' answered data that is not an object", errors.SUBGRAPH_INVALID_RESPONSE
        )
    if not isinstance(raw_errors, list):
        raw_errors = [{"message": str(raw_errors)}]
    clean = [e if isinstance(e, dict) else {"message": str(e)} for e in raw_errors]
    if data is None and not clean and status >= 400:
        return _failed(f"subgraph '{name}' answered HTTP {status}", errors.SUBGRAPH_REQUEST_FAILED)
    return SubgraphResponse(data=data, errors=clean)

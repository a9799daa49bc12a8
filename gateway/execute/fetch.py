"""The subgraph client: one keep-alive connection pool per subgraph (`transport.py`).

`SubgraphClient.fetch()` never raises for a subgraph's failure: the answer's `failure` says
what went wrong (down, timeout), `parse_answer()` adds HTTP errors, non-JSON and wrong
shapes, and the executor turns each into errors with codes.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import orjson

from .. import errors
from ..hooks import SubgraphRequest
from ..messages import SubgraphHttpAnswer, SubgraphResponse
from .transport import (
    AiohttpTransport,
    PooledTransport,
    Transport,
    TransportConnectError,
    TransportError,
    TransportOutcomeUnknown,
    TransportTimeout,
)

log = logging.getLogger("govgraph.subgraph")
ACCEPT = "application/graphql-response+json, application/json;q=0.9"
TRANSPORTS: dict[str, type[PooledTransport] | type[AiohttpTransport]] = {
    "pooled": PooledTransport,
    "aiohttp": AiohttpTransport,
}


@dataclass(slots=True)
class Reachability:
    """What the last exchange with a subgraph said about reaching it (for `/ready`): None until
    the first one; an HTTP answer of any status is reachable, a connection failure or timeout not."""

    reachable: bool | None = None
    at: float = 0.0  # seconds since the epoch
    failure: str | None = None

    def record(self, reachable: bool, failure: str | None = None) -> None:
        self.reachable, self.at, self.failure = reachable, time.time(), failure


class SubgraphClient:
    """Sends GraphQL requests to one subgraph over its connection pool."""

    def __init__(
        self, name: str, url: str, timeout: float, pool_size: int = 100, transport: str = "pooled"
    ) -> None:
        self.name = name
        self.url = url
        self.timeout = timeout
        self.transport: Transport = TRANSPORTS[transport](url, pool_size)
        self.reachability = Reachability()

    async def close(self) -> None:
        await self.transport.close()

    async def fetch(self, request: SubgraphRequest) -> SubgraphHttpAnswer:
        """The innermost subgraph hook: one HTTP exchange; a failure is a value, never raised."""
        request_headers = {"content-type": "application/json", "accept": ACCEPT}
        if request.headers:
            request_headers.update(request.headers)
        try:
            answer = await self.transport.post(
                request.payload(), request_headers, self.timeout, idempotent=request.kind == "query"
            )
        except TransportOutcomeUnknown as error:
            log.warning("subgraph %s at %s: outcome unknown: %s", self.name, self.url, error)
            message = (
                f"the request reached subgraph '{self.name}' but its answer was lost: the write may have "
                "happened; check its outcome before trying again"
            )
            return SubgraphHttpAnswer(failure=_failed(message, errors.SUBGRAPH_OUTCOME_UNKNOWN))
        except TransportTimeout:
            self.reachability.record(False, "timed out")
            failure = _failed(f"request to subgraph '{self.name}' timed out", errors.SUBGRAPH_TIMEOUT)
            return SubgraphHttpAnswer(failure=failure)
        except TransportError as error:
            log.warning("subgraph %s at %s: %r", self.name, self.url, error)
            reason = (
                "could not connect" if isinstance(error, TransportConnectError) else "the connection failed"
            )
            self.reachability.record(False, reason)
            message = f"request to subgraph '{self.name}' failed: {reason}"
            return SubgraphHttpAnswer(failure=_failed(message, errors.SUBGRAPH_REQUEST_FAILED))
        self.reachability.record(True)
        return SubgraphHttpAnswer(answer.status, answer.body, cache_control=answer.cache_control)


def _failed(message: str, code: str) -> SubgraphResponse:
    return SubgraphResponse(failure=message, code=code)


def parse_answer(name: str, answer: SubgraphHttpAnswer) -> SubgraphResponse:
    """Each caller parses for itself: merging changes the parsed tree."""
    if answer.failure is not None:
        return answer.failure
    return parse_response(name, answer.status, answer.body)


def parse_response(name: str, status: int, raw: bytes) -> SubgraphResponse:
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        detail = f"HTTP {status}" if status >= 400 else "the answer is not JSON"
        return _failed(f"subgraph '{name}' answered {detail}", errors.SUBGRAPH_REQUEST_FAILED)
    return parse_payload(name, payload, status)


def parse_payload(name: str, payload: Any, status: int = 200) -> SubgraphResponse:
    """A decoded GraphQL response (an HTTP body, or a subscription's `next` payload)."""
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
    extensions = payload.get("extensions")
    return SubgraphResponse(
        data=data, errors=clean, extensions=extensions if isinstance(extensions, dict) else None
    )

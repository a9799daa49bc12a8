"""What flows between the stages and to the plugins: a client's `GraphQLRequest` in, a
`GraphQLResult` (with its `Timing`) out, a subgraph's `SubgraphResponse`, and the one JSON
encoder every response body goes through. Plain data; imports nothing of the gateway."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

log = logging.getLogger("govgraph")


def encode_json(body: Any) -> bytes:
    """orjson, or the standard library for what orjson refuses (e.g. integers beyond 64 bits)."""
    try:
        return orjson.dumps(body)
    except TypeError:
        log.warning("response body needed the slow JSON encoder", exc_info=True)
        return json.dumps(body, ensure_ascii=False, default=str).encode()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking, as the gateway verified it (never from a header the client sets). The
    identity plugin sets it on the request context; without one every request is anonymous."""

    kind: str = "anonymous"  # anonymous | citizen | official | service
    subject: str | None = None  # the token's `sub`
    citizen_id: str | None = None  # a citizen's personal code, for kind == "citizen"
    scopes: frozenset[str] = frozenset()
    client_id: str | None = None  # the client application (`azp` / `client_id`)
    issuer: str | None = None
    token_id: str | None = None  # `jti`
    expires_at: float | None = None  # `exp`, seconds since the epoch
    token: str | None = field(default=None, repr=False, compare=False)  # the verified token itself

    @property
    def anonymous(self) -> bool:
        return self.kind == "anonymous"


ANONYMOUS = Principal()


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None
    extensions: Mapping[str, Any] | None = None
    document_id: str | None = None  # a persisted (trusted) document's id, sent instead of `query`


@dataclass(frozen=True)
class Timing:
    """Where one execution's time went: waiting for subgraphs on the plan's critical path, and
    everything else (the gateway's own work). Sent as a `Server-Timing` header."""

    total: float
    subgraphs: float

    @property
    def gateway(self) -> float:
        return max(self.total - self.subgraphs, 0.0)

    def header(self) -> str:
        return f"gateway;dur={self.gateway * 1000:.3f}, subgraphs;dur={self.subgraphs * 1000:.3f}"


@dataclass
class GraphQLResult:
    """A response body; `data` is absent (not null) when the request failed before execution."""

    data: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    executed: bool = True
    status: int = 200  # as application/graphql-response+json (request errors 4xx, no plan 500)
    refusal: bool = False  # the HTTP request itself is refused (CSRF): `status` whatever the media type
    _encoded: bytes | None = field(default=None, repr=False, compare=False)
    timing: Timing | None = field(default=None, compare=False)
    # what plugins learned while executing it, travelling with a shared result; never sent
    notes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # `@defer` to a multipart client: this is the first part, the rest follow (never cached or shared)
    subsequent: AsyncIterator[IncrementalPart] | None = field(default=None, repr=False, compare=False)

    def encoded(self) -> bytes:
        """The JSON body, encoded once (a result shared by de-duplicated requests is sent many times)."""
        if self._encoded is None:
            self._encoded = encode_json(self.body())
        return self._encoded

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.errors:
            out["errors"] = self.errors
        if self.executed:
            out["data"] = self.data
        return out


@dataclass
class IncrementalPart:
    """A later part of a deferred response: `incremental` items ({data, path, label?, errors?})."""

    items: list[dict[str, Any]]
    has_next: bool
    notes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def body(self) -> dict[str, Any]:
        return (
            {"incremental": self.items, "hasNext": self.has_next}
            if self.items
            else {"hasNext": self.has_next}
        )


@dataclass
class SubgraphResponse:
    """A subgraph's answer, parsed; `failure` (with its `code`) when the request itself failed."""

    data: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None
    code: str | None = None
    extensions: dict[str, Any] | None = None  # the subgraph's `extensions`, for plugins; never sent on


@dataclass(frozen=True, slots=True)
class SubgraphHttpAnswer:
    """What came back over the wire, before parsing: a status and a body, or a failure."""

    status: int = 0
    body: bytes = b""
    failure: SubgraphResponse | None = None
    cache_control: str | None = None  # the answer's `Cache-Control` header, for the caches

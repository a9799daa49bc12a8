"""One settings object for the gateway, validated when it is built."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GatewayConfig:
    """What `govgraph serve` runs with.

    supergraph_sdl: the composed supergraph (Federation 1 or 2).
    subgraph_urls: per-subgraph URL overrides (name -> URL); others use the supergraph's.
    subgraph_timeout: seconds for one subgraph request; `subgraph_timeouts` overrides per subgraph.
    plan_cache_size: how many query plans (and parsed operations) are kept.
    max_tokens: the parser reads at most this many tokens (None: no limit).
    max_body_bytes: the largest request body accepted.
    introspection: whether `__schema` / `__type` are answered.
    subgraph_transport: "pooled" (keep-alive HTTP/1.1 connections, the fast default) or "aiohttp".
    subgraph_pool_size: connections per subgraph at most.
    """

    supergraph_sdl: str
    subgraph_urls: Mapping[str, str] = field(default_factory=dict)
    subgraph_timeout: float = 30.0
    subgraph_timeouts: Mapping[str, float] = field(default_factory=dict)
    plan_cache_size: int = 1000
    max_tokens: int | None = 20000
    max_body_bytes: int = 2_000_000
    introspection: bool = True
    subgraph_transport: str = "pooled"  # or "aiohttp"
    subgraph_pool_size: int = 100

    def __post_init__(self) -> None:
        if self.subgraph_timeout <= 0:
            raise ValueError("subgraph_timeout must be positive")
        if self.subgraph_transport not in ("pooled", "aiohttp"):
            raise ValueError("subgraph_transport must be 'pooled' or 'aiohttp'")
        if self.plan_cache_size < 1:
            raise ValueError("plan_cache_size must be at least 1")

    def timeout_for(self, subgraph: str) -> float:
        return self.subgraph_timeouts.get(subgraph, self.subgraph_timeout)

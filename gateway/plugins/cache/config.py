"""The `cache` section: the backend, the response cache, the entity cache, invalidation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ...config.declare import setting
from .backend import BackendSettings, MemorySettings, RedisSettings


@dataclass(frozen=True)
class ResponseCacheConfig:
    """Whole responses of queries."""

    enabled: bool = setting(False, doc="Keep whole query responses (never mutations, never with errors).")
    default_ttl: float = setting(
        0.0,
        doc="Seconds for a fetch whose subgraph sends no `Cache-Control` max-age (0: such a response "
        "is not kept; every fetch must give a max-age).",
        minimum=0,
    )


@dataclass(frozen=True)
class EntitySubgraph:
    """One subgraph's entities."""

    ttl: float | None = setting(
        None, doc="Seconds an entity is kept (default: the answer's `Cache-Control` max-age).", minimum=0
    )


@dataclass(frozen=True)
class EntityCacheConfig:
    """Entities of `_entities` fetches, per representation."""

    subgraphs: Mapping[str, EntitySubgraph] = setting(
        default_factory=dict,
        doc="The subgraphs whose entities are kept.",
        example={"registry": {"ttl": 60}},
    )
    stale_if_error: float = setting(
        0.0,
        doc="Seconds an expired entity is still served (with a warning in `extensions`) when its "
        "subgraph fails or times out (0: never).",
        minimum=0,
    )


@dataclass(frozen=True)
class InvalidationConfig:
    """`POST /_govgraph/cache/invalidate` with `{"type": T, "key": {...}}` or `{"entities": [...]}`."""

    token_env: str | None = setting(
        None,
        doc="The environment variable holding the bearer token the endpoint requires (unset: no endpoint).",
        example="GOVGRAPH_CACHE_TOKEN",
    )


@dataclass(frozen=True)
class CacheConfig:
    """Response and entity caches (memory or Redis), invalidated by entity type and key."""

    backend: Literal["memory", "redis"] = setting(
        "memory", doc="`memory`: each process its own; `redis`: shared by every gateway using the prefix."
    )
    redis: RedisSettings = setting(default_factory=RedisSettings, doc="`redis`: where.")
    memory: MemorySettings = setting(default_factory=MemorySettings, doc="`memory`: how much.")
    response: ResponseCacheConfig = setting(default_factory=ResponseCacheConfig, doc="Whole responses.")
    entities: EntityCacheConfig = setting(default_factory=EntityCacheConfig, doc="Entities.")
    invalidation: InvalidationConfig = setting(default_factory=InvalidationConfig, doc="The admin endpoint.")
    private_headers: tuple[str, ...] = setting(
        ("authorization", "x-citizen-id"),
        doc="Client headers that make a request private: its entries are keyed by their values (and "
        "the verified principal).",
    )

    @property
    def empty(self) -> bool:
        return not self.response.enabled and not self.entities.subgraphs

    @property
    def store(self) -> BackendSettings:
        return BackendSettings(self.backend, self.redis, self.memory)

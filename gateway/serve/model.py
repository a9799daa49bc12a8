"""The config file of `govgraph serve` (`--config FILE`): one section per concern, each a frozen
dataclass; the plugins' sections are their own `Config` classes. `govgraph config schema`
prints it as JSON Schema, `govgraph config reference` as the Markdown in the README.

    server:      where the gateway listens
    supergraph:  where the schema comes from (a file, or subgraphs composed live), and its caches
    subgraphs:   per subgraph: URL override, timeout
    transport:   how subgraph requests go out
    mode:        development | production (production: no introspection, error details masked)
    cors, csrf, rate_limit, headers, limits, demand_control, authorization, dedup, defer, resilience, audit,
                 telemetry, playground, cache, persisted_queries, subscriptions:
                 the built-in plugins, one section each
    security:    who is asking (`security.identity`: bearer tokens, the trust boundary to subgraphs)
    plugins:     your own plugins, by import path, in order
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..config.declare import setting
from ..plugins.audit import AuditConfig
from ..plugins.authorization import AuthorizationConfig
from ..plugins.cache import CacheConfig
from ..plugins.cors import CorsConfig
from ..plugins.csrf import CsrfConfig
from ..plugins.dedup import DedupConfig
from ..plugins.defer import DeferConfig
from ..plugins.demand import DemandConfig
from ..plugins.headers import HeadersConfig
from ..plugins.identity import IdentityConfig
from ..plugins.limits import LimitsConfig
from ..plugins.persisted import PersistedQueriesConfig
from ..plugins.playground import PlaygroundConfig
from ..plugins.ratelimit import RateLimitConfig
from ..plugins.resilience import ResilienceConfig
from ..plugins.subscriptions import SubscriptionsConfig
from ..plugins.telemetry import TelemetryConfig


@dataclass(frozen=True)
class Server:
    """Where the gateway listens."""

    host: str = setting("127.0.0.1", doc="The address to listen on.", example="0.0.0.0")
    port: int = setting(4000, doc="The TCP port to listen on.", minimum=1, maximum=65535)
    workers: int = setting(1, doc="Worker processes sharing the port, each with its own gateway.", minimum=1)
    log_level: Literal["critical", "error", "warning", "info", "debug"] = setting("info", doc="Log level.")
    limit_concurrency: int | None = setting(
        None,
        doc="Connections (and requests) at most per worker; beyond, HTTP 503 (none: no bound).",
        minimum=1,
    )
    timeout_keep_alive: float = setting(5.0, doc="Seconds an idle keep-alive connection is kept.", minimum=0)
    head_timeout: float = setting(
        10.0,
        doc="Seconds a connection has to send a request's line and headers before it is closed "
        "(idle and slow-header connections; 0: no deadline).",
        minimum=0,
    )
    backlog: int = setting(2048, doc="Connections waiting to be accepted at most.", minimum=1)
    timeout_graceful_shutdown: float = setting(
        30.0, doc="Seconds in-flight requests get to finish at shutdown before they are cut off.", minimum=0
    )
    h11_max_incomplete_event_size: int | None = setting(
        None, doc="Bytes of a request head at most, with the h11 parser (default h11's 16 KiB).", minimum=1
    )


@dataclass(frozen=True)
class Supergraph:
    """Where the schema comes from: a supergraph file (watched and reloaded when it changes), or
    the subgraphs' own SDL composed in-process (polled; a schema that fails to compose is not applied)."""

    file: str | None = setting(None, doc="A composed supergraph SDL file.", example="supergraph.graphql")
    subgraphs: Mapping[str, str] = setting(
        default_factory=dict,
        doc="Instead of `file`: subgraph name -> URL, composed live.",
        example={"products": "http://127.0.0.1:4001/graphql"},
    )
    poll_interval: float | None = setting(
        None,
        doc="Seconds between looks for a new schema (default 2 for a file, 10 for subgraphs; 0: never).",
        minimum=0,
    )
    introspection: bool = setting(True, doc="Answer `__schema` and `__type`.")
    plan_cache_size: int = setting(1000, doc="Operations (parsed, validated, planned) kept.", minimum=1)

    def __post_init__(self) -> None:
        if self.file is not None and self.subgraphs:
            raise ValueError(
                "give either `file` (--supergraph FILE) or `subgraphs` (--subgraph NAME=URL), not both"
            )


@dataclass(frozen=True)
class Subgraph:
    """One subgraph's settings."""

    url: str | None = setting(None, doc="Send to this URL instead of the supergraph's.")
    timeout: float | None = setting(
        None, doc="Seconds for one request (default: `transport.timeout`).", minimum=0
    )


@dataclass(frozen=True)
class Transport:
    """How subgraph requests go out."""

    kind: Literal["pooled", "aiohttp"] = setting(
        "pooled", doc="`pooled`: keep-alive HTTP/1.1 connections (fast); `aiohttp`: an aiohttp session."
    )
    pool_size: int = setting(100, doc="Connections per subgraph at most.", minimum=1)
    timeout: float = setting(30.0, doc="Seconds for one subgraph request.", minimum=0)


@dataclass(frozen=True)
class Security:
    """Who is asking, and what of it reaches the subgraphs."""

    identity: IdentityConfig | None = setting(
        None, doc="Bearer tokens verified against the identity provider's keys (off when absent)."
    )


@dataclass(frozen=True)
class CustomPlugin:
    """A plugin of your own: a `gateway.hooks.Plugin` subclass; its `options` are bound to its `Config`."""

    use: str = setting(doc="`package.module:ClassName`.", example="myorg.plugins:StampPlugin")
    options: Any = setting(None, doc="The plugin's options (checked against its `Config` at start).")


@dataclass(frozen=True)
class FileConfig:
    """The gateway's config file."""

    server: Server = setting(default_factory=Server, doc="Where the gateway listens.")
    supergraph: Supergraph = setting(default_factory=Supergraph, doc="Where the schema comes from.")
    subgraphs: Mapping[str, Subgraph] = setting(default_factory=dict, doc="Per subgraph name.")
    transport: Transport = setting(default_factory=Transport, doc="How subgraph requests go out.")
    cors: CorsConfig = setting(default_factory=CorsConfig, doc="Browser origins allowed to call the gateway.")
    limits: LimitsConfig = setting(default_factory=LimitsConfig, doc="Limits on client operations.")
    demand_control: DemandConfig = setting(
        default_factory=DemandConfig, doc="Operation cost budgets (@cost, @listSize)."
    )
    dedup: DedupConfig = setting(default_factory=DedupConfig, doc="In-flight de-duplication.")
    defer: DeferConfig = setting(default_factory=DeferConfig, doc="`@defer`, streamed as multipart/mixed.")
    resilience: ResilienceConfig = setting(
        default_factory=ResilienceConfig, doc="Bulkheads, circuit breakers and query retries per subgraph."
    )
    authorization: AuthorizationConfig = setting(
        default_factory=AuthorizationConfig, doc="@authenticated, @requiresScopes and @policy."
    )
    headers: HeadersConfig = setting(default_factory=HeadersConfig, doc="Header rules for subgraph requests.")
    telemetry: TelemetryConfig = setting(
        default_factory=TelemetryConfig, doc="What the gateway tells of its work."
    )
    audit: AuditConfig = setting(default_factory=AuditConfig, doc="The personal-data audit trail.")
    csrf: CsrfConfig = setting(default_factory=CsrfConfig, doc="CSRF prevention.")
    rate_limit: RateLimitConfig = setting(default_factory=RateLimitConfig, doc="Per-consumer rate limits.")
    playground: PlaygroundConfig = setting(
        default_factory=PlaygroundConfig, doc="The GraphiQL playground and query plans on request."
    )
    security: Security = setting(default_factory=Security, doc="Who is asking (identity).")
    cache: CacheConfig = setting(default_factory=CacheConfig, doc="Response and entity caches.")
    persisted_queries: PersistedQueriesConfig = setting(
        default_factory=PersistedQueriesConfig, doc="Persisted documents: APQ and trusted documents."
    )
    subscriptions: SubscriptionsConfig = setting(
        default_factory=SubscriptionsConfig, doc="Subscriptions over WebSocket and SSE."
    )
    plugins: tuple[CustomPlugin, ...] = setting(
        (), doc="Your own plugins, after the built-in ones, in order."
    )
    mode: Literal["development", "production"] = setting(
        "development",
        doc="`production`: introspection off (whatever `supergraph.introspection` says) and the details "
        "of errors that are not the client's own replaced by an incident id.",
    )

"""The features that act on requests, one folder each, each a `Plugin` with its own config
section (see `gateway.hooks` for the hook points):

    cors/        which browser origins may call the gateway
    headers/     header rules: which client headers reach which subgraph, what is inserted or removed
    identity/    bearer tokens verified (who is asking); client identity headers never reach a
                 subgraph, the verified caller does, signed by the gateway (after `headers`)
    limits/      depth, alias and field limits, checked before validation
    authorization/  @authenticated, @requiresScopes, @policy: unauthorized fields removed before planning
    dedup/       in-flight de-duplication of identical queries and subgraph fetches
    telemetry/   Server-Timing, Prometheus metrics, OpenTelemetry traces, JSON access logs
    csrf/        refuse requests a browser could send cross-site without a preflight
    ratelimit/   token buckets per consumer (memory or Redis)
    masking/     production: error details hidden behind an incident id
    playground/  the GraphiQL page for browsers, and query plans on request (both off by default)
    defer/       `@defer` in the API schema, streamed as multipart/mixed (off by default)
    audit/       the tamper-evident personal-data audit trail and `myDataAccess` (when enabled)
    persisted/   persisted documents: APQ, trusted-document manifests (`persisted_queries`)
    cache/       response and entity caches, memory or Redis, invalidation (off by default)
    demand/      demand control: @cost/@listSize cost estimated before execution, actual cost and
                 response size counted while it runs (`demand_control`, off by default)
    resilience/  per subgraph: a bulkhead, a circuit breaker, retries of queries (on by default)
    subscriptions/  graphql-transport-ws and GraphQL over SSE; subgraph subscriptions over
                 WebSocket (on by default; last, so that shutdown closes its streams first)

`build_plugins()` makes them from their sections, in this order, followed by the custom
plugins a config file names (`plugins: [{use: "package.module:Class", options: {...}}]`).
`identity` runs only when its section (`security.identity`) is given.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import GovgraphError
from ..hooks import Plugin
from .audit import AuditPlugin
from .authorization import AuthorizationPlugin
from .cache import CachePlugin
from .cors import CorsPlugin
from .csrf import CsrfPlugin
from .dedup import DedupPlugin
from .defer import DeferPlugin
from .demand import DemandPlugin
from .headers import HeadersPlugin
from .identity import IdentityPlugin
from .limits import LimitsPlugin
from .masking import MaskingPlugin
from .persisted import PersistedQueriesPlugin
from .playground import PlaygroundPlugin
from .ratelimit import RateLimitPlugin
from .resilience import ResiliencePlugin
from .subscriptions import SubscriptionsPlugin
from .telemetry import TelemetryPlugin

# Order: headers before identity (identity takes client identity headers off what the header rules
# built); identity before everything that reads the principal (rate limits, authorization).
BUILTIN: tuple[type[Plugin], ...] = (
    CorsPlugin,
    TelemetryPlugin,
    CsrfPlugin,
    PersistedQueriesPlugin,
    HeadersPlugin,
    IdentityPlugin,
    RateLimitPlugin,
    LimitsPlugin,
    AuthorizationPlugin,
    CachePlugin,  # around de-duplication: a hit shares nothing, a miss is de-duplicated
    DedupPlugin,
    ResiliencePlugin,  # inside cache and dedup: a hit or a shared fetch is not a request to guard
    DemandPlugin,  # inside dedup: a shared execution is counted (and stopped) once
    AuditPlugin,  # inside dedup: it sees each shared execution's subgraph answers
    DeferPlugin,
    PlaygroundPlugin,
    MaskingPlugin,
    SubscriptionsPlugin,  # closed first (plugins close in reverse): its streams before the audit writer
)


class PluginError(GovgraphError):
    """A plugin named in the configuration cannot be loaded or configured."""


def build_plugins(sections: Mapping[str, Any] | None = None, custom: Sequence[Plugin] = ()) -> list[Plugin]:
    """The built-in plugins configured by `sections` (section name -> the plugin's `Config`
    instance; a missing section takes the defaults), then `custom` in order. A plugin whose
    configuration asks nothing of it (`empty`: no header rules, switched off; no identity section)
    is left out."""
    sections = sections or {}
    plugins: list[Plugin] = []
    for cls in BUILTIN:
        config = sections.get(cls.name)
        if cls is IdentityPlugin and config is None:
            continue
        config = config or cls.Config()
        if getattr(config, "empty", False):
            continue
        if cls is PlaygroundPlugin and not config.active:
            continue
        if cls is AuditPlugin and not config.enabled:
            continue
        if cls is AuthorizationPlugin and not config.enabled:
            continue
        if cls is PersistedQueriesPlugin:  # its registrations live in the cache's backend
            plugins.append(PersistedQueriesPlugin(config, sections.get("cache")))
            continue
        plugins.append(cls(config))
    _share_store(plugins)
    return [*plugins, *custom]


def _share_store(plugins: list[Plugin]) -> None:
    """Persisted documents live in the cache's backend (one connection pool) when both are on;
    the metrics read the cache's counters and the resilience plugin's rejections when scraped."""
    cache = next((p for p in plugins if isinstance(p, CachePlugin)), None)
    resilience = next((p for p in plugins if isinstance(p, ResiliencePlugin)), None)
    for plugin in plugins:
        if cache is not None and isinstance(plugin, PersistedQueriesPlugin):
            plugin.store = cache.store
        if cache is not None and isinstance(plugin, TelemetryPlugin):
            plugin.cache_stats.append(cache.stats)
        if resilience is not None and isinstance(plugin, TelemetryPlugin):
            plugin.rejection_stats.append(resilience.rejections)


def load_plugin_class(reference: str) -> type[Plugin]:
    """`package.module:ClassName` -> the class, which must subclass `Plugin`."""
    module_name, sep, attribute = reference.partition(":")
    if not sep or not module_name or not attribute:
        raise PluginError(f"a plugin is named as package.module:ClassName, not {reference!r}")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise PluginError(f"plugin {reference}: {error}") from error
    if not (isinstance(found, type) and issubclass(found, Plugin)):
        raise PluginError(f"plugin {reference} is not a govgraph.hooks.Plugin subclass")
    return found


__all__ = [
    "BUILTIN",
    "AuditPlugin",
    "AuthorizationPlugin",
    "CachePlugin",
    "CorsPlugin",
    "CsrfPlugin",
    "DedupPlugin",
    "DeferPlugin",
    "DemandPlugin",
    "HeadersPlugin",
    "IdentityPlugin",
    "LimitsPlugin",
    "MaskingPlugin",
    "PersistedQueriesPlugin",
    "PlaygroundPlugin",
    "PluginError",
    "RateLimitPlugin",
    "ResiliencePlugin",
    "SubscriptionsPlugin",
    "TelemetryPlugin",
    "build_plugins",
    "load_plugin_class",
]

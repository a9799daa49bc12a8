"""From the config file to a running gateway: the runtime settings, the plugins (built-in and
custom), the schema source and the ASGI app. The composition root of `govgraph serve`."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from starlette.applications import Starlette

from ..config import GatewayConfig
from ..config.binding import bind, merge_overrides
from ..config.errors import ConfigError
from ..config.loader import load_file
from ..errors import GovgraphError
from ..hooks import Hooks, Plugin
from ..http.app import create_app
from ..live import CompositionSource, FileSource, GatewayManager, SupergraphSource
from ..plugins import build_plugins, load_plugin_class
from ..plugins.masking import MaskingConfig
from .model import FileConfig


def load_config(path: Path | None, overrides: Mapping[str, Any] | None = None) -> FileConfig:
    """The file (all defaults without one), then `overrides` by dotted path (the CLI's flags)."""
    config = load_file(path, FileConfig) if path is not None else FileConfig()
    return merge_overrides(config, overrides) if overrides else config


def runtime_settings(config: FileConfig, sdl: str) -> GatewayConfig:
    return GatewayConfig(
        supergraph_sdl=sdl,
        subgraph_urls={name: sg.url for name, sg in config.subgraphs.items() if sg.url},
        subgraph_timeout=config.transport.timeout,
        subgraph_timeouts={name: sg.timeout for name, sg in config.subgraphs.items() if sg.timeout},
        plan_cache_size=config.supergraph.plan_cache_size,
        max_tokens=config.limits.max_tokens or None,
        max_body_bytes=config.limits.max_body_bytes,
        introspection=config.supergraph.introspection and config.mode != "production",
        subgraph_transport=config.transport.kind,
        subgraph_pool_size=config.transport.pool_size,
    )


def plugins(config: FileConfig) -> list[Plugin]:
    """The built-in plugins from their sections, then the custom ones in order."""
    sections = {
        "cors": config.cors,
        "limits": config.limits,
        "demand_control": config.demand_control,
        "dedup": config.dedup,
        "defer": config.defer,
        "resilience": config.resilience,
        "authorization": config.authorization,
        "headers": config.headers,
        "telemetry": config.telemetry,
        "csrf": config.csrf,
        "rate_limit": config.rate_limit,
        "masking": MaskingConfig(enabled=config.mode == "production"),
        "playground": config.playground,
        "identity": config.security.identity,
        "audit": config.audit,
        "cache": config.cache,
        "persisted_queries": config.persisted_queries,
        "subscriptions": config.subscriptions,
    }
    return build_plugins(
        sections, [custom_plugin(entry.use, entry.options, i) for i, entry in enumerate(config.plugins)]
    )


def custom_plugin(reference: str, options: Any, index: int) -> Plugin:
    """The plugin class named `reference`, configured with `options` bound to its `Config`."""
    cls = load_plugin_class(reference)
    node = yaml.compose(yaml.safe_dump(options if options is not None else {}))
    try:
        return cls(bind(cls.Config, node, f"plugins[{index}].options ({reference})"))
    except ConfigError:
        raise
    except (TypeError, ValueError) as error:
        raise GovgraphError(f"plugin {reference}: {error}") from error


def schema_source(config: FileConfig) -> SupergraphSource:
    graph = config.supergraph
    if bool(graph.file) == bool(graph.subgraphs):
        raise GovgraphError(
            "give either --supergraph FILE or --subgraph NAME=URL (in the config file: `supergraph.file` "
            "or `supergraph.subgraphs`)"
        )
    if graph.file:
        return FileSource(Path(graph.file))
    return CompositionSource(graph.subgraphs, timeout=config.transport.timeout)


def first_schema(source: SupergraphSource) -> str:
    try:
        sdl = asyncio.run(source.fetch())
    except GovgraphError as error:
        raise GovgraphError(f"no supergraph from {source.description}: {error}") from error
    assert sdl is not None  # the first fetch always has one
    return sdl


def build_app(config: FileConfig, first_sdl: str | None = None) -> tuple[Starlette, str, str]:
    """The ASGI app, its schema source's description, and the first SDL (fetched unless given)."""
    source = schema_source(config)
    sdl = first_sdl if first_sdl is not None else first_schema(source)
    settings = runtime_settings(config, sdl)
    interval = config.supergraph.poll_interval
    if interval is None:
        interval = 2.0 if config.supergraph.file else 10.0
    hooks = Hooks(plugins(config))
    manager = GatewayManager(settings, source=source, poll_interval=interval, hooks=hooks)
    return create_app(settings, manager=manager), source.description, sdl

"""The features that act on requests, one folder each, each a `Plugin` with its own config
section (see `gateway.hooks` for the hook points):

    headers/     header rules: which client headers reach which subgraph, what is inserted or removed
    limits/      depth, alias and field limits, checked before validation
    dedup/       in-flight de-duplication of identical queries and subgraph fetches
    telemetry/   Server-Timing (metrics, traces and access logs to come)
    audit/       the tamper-evident personal-data audit trail and `myDataAccess` (when enabled)

`build_plugins()` makes them from their sections, in this order, followed by the custom
plugins a config file names (`plugins: [{use: "package.module:Class", options: {...}}]`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import GovgraphError
from ..hooks import Plugin
from .audit import AuditPlugin
from .dedup import DedupPlugin
from .headers import HeadersPlugin
from .limits import LimitsPlugin
from .telemetry import TelemetryPlugin

BUILTIN: tuple[type[Plugin], ...] = (TelemetryPlugin, HeadersPlugin, LimitsPlugin, DedupPlugin, AuditPlugin)


class PluginError(GovgraphError):
    """A plugin named in the configuration cannot be loaded or configured."""


def build_plugins(sections: Mapping[str, Any] | None = None, custom: Sequence[Plugin] = ()) -> list[Plugin]:
    """The built-in plugins configured by `sections` (section name -> the plugin's `Config`
    instance; a missing section takes the defaults), then `custom` in order. A plugin whose
    configuration asks nothing of it (no header rules) is left out."""
    sections = sections or {}
    plugins: list[Plugin] = []
    for cls in BUILTIN:
        config = sections.get(cls.name) or cls.Config()
        if (cls is HeadersPlugin and config.empty) or (cls is AuditPlugin and not config.enabled):
            continue
        plugins.append(cls(config))
    return [*plugins, *custom]


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
    "DedupPlugin",
    "HeadersPlugin",
    "LimitsPlugin",
    "PluginError",
    "TelemetryPlugin",
    "build_plugins",
    "load_plugin_class",
]

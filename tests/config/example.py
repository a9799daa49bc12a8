"""Example declarations the config machinery is tested with (the gateway's own model is elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from gateway.config.declare import setting


@dataclass(frozen=True)
class Server:
    """Where the gateway listens."""

    host: str = setting("127.0.0.1", doc="The address to listen on.", pattern=r"^\S+$")
    port: int = setting(4000, doc="The TCP port.", minimum=1, maximum=65535)
    debug: bool = setting(False, doc="Log | everything.")


@dataclass(frozen=True, kw_only=True)
class Subgraph:
    """One subgraph."""

    url: str = setting(doc="Where it answers.", pattern=r"^https?://", example="http://tax:4001/graphql")
    timeout: float = setting(30.0, doc="Seconds per request.", minimum=0.001)
    retries: int | None = setting(None, doc="Retries (none when null).", minimum=0)

    def __post_init__(self) -> None:
        if self.url.endswith("/"):
            raise ValueError("url must not end with '/'")


@dataclass(frozen=True)
class Rule:
    name: str = setting(doc="A header name.")
    action: Literal["propagate", "remove"] = setting("propagate", doc="What to do with it.")


@dataclass(frozen=True)
class Plugin:
    name: str = setting(doc="The plugin.")
    options: Any = setting(None, doc="The plugin's own options.")


@dataclass(frozen=True)
class Example:
    """An example config file."""

    server: Server = setting(default_factory=Server, doc="The server section.")
    subgraphs: dict[str, Subgraph] = setting(default_factory=dict, doc="Subgraphs by name.")
    headers: list[Rule] = setting(default_factory=list, doc="Header rules, in order.")
    plugins: tuple[Plugin, ...] = setting((), doc="Plugins, in order.")
    labels: Mapping[str, str] = setting(default_factory=dict, doc="Free labels.")
    ratios: list[float] = setting(default_factory=list, doc="Numbers.", minimum=0, maximum=1)
    mode: Literal["fast", "safe", 3] = setting("fast", doc="How to run.")
    extra: Server | None = setting(None, doc="An optional section.")
    note: str | None = setting(None, doc="A note.")


@dataclass(frozen=True)
class Required:
    """A config with a required setting."""

    name: str = setting(doc="Required.")
    server: Server = setting(default_factory=Server, doc="The server section.")

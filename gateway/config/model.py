"""The config file's top-level schema: `FileConfig` (what `govgraph config check` and
`govgraph config schema` work with).

A placeholder with one section, to be replaced by the full model (server, supergraph, subgraphs,
limits, headers, plugins, ...): the commands only know the name `FileConfig`."""

from __future__ import annotations

from dataclasses import dataclass

from .declare import setting


@dataclass(frozen=True)
class Server:
    """Where the gateway listens."""

    host: str = setting("127.0.0.1", doc="The address to listen on.", example="0.0.0.0")
    port: int = setting(4000, doc="The TCP port to listen on.", minimum=1, maximum=65535)


@dataclass(frozen=True)
class FileConfig:
    """The gateway's config file."""

    server: Server = setting(default_factory=Server, doc="Where the gateway listens.")

"""Where subgraph SDL comes from: files, running subgraphs (`_service { sdl }`), config files.

    name=path/to/schema.graphql               the file, with no routing URL (`govgraph compose` warns;
                                              the gateway then needs --subgraph-url name=URL)
    name=path/to/schema.graphql@http://host/   the file, routed to that URL
    name=http://host/graphql                  a running subgraph: its `_service { sdl }`

A config file (JSON, TOML, or YAML when PyYAML is installed) lists subgraphs the way
Apollo's `supergraph.yaml` does:

    subgraphs:
      products:
        routing_url: http://127.0.0.1:4001/graphql
        schema:
          file: products.graphql        # relative to the config file
          # or: subgraph_url: http://127.0.0.1:4001/graphql
"""

from __future__ import annotations

import importlib
import json
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .errors import SubgraphSource

SERVICE_QUERY = json.dumps({"query": "{ _service { sdl } }"}).encode()


class SourceError(Exception):
    """A subgraph's SDL cannot be read (missing file, unreachable subgraph, bad config)."""


NO_URL = ""  # a file source without a routing URL: the supergraph names none, compose warns


def default_url(name: str) -> str:
    """A placeholder routing URL for tests and tools that want one (compose itself invents none)."""
    return f"http://127.0.0.1:4000/{name}"


def fetch_sdl(url: str, timeout: float = 10.0) -> str:
    """A running subgraph's SDL, from `{ _service { sdl } }`."""
    request = urllib.request.Request(
        url, data=SERVICE_QUERY, headers={"content-type": "application/json", "accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SourceError(f"cannot read _service {{ sdl }} from {url}: {exc}") from None
    sdl = ((body.get("data") or {}).get("_service") or {}).get("sdl") if isinstance(body, dict) else None
    if not isinstance(sdl, str):
        raise SourceError(f"{url} answered no _service {{ sdl }}: {str(body)[:200]}")
    return sdl


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None


def parse_spec(spec: str) -> SubgraphSource:
    """One command-line subgraph: `name=path[@url]` or `name=url`."""
    name, sep, rest = spec.partition("=")
    if not sep or not name or not rest:
        raise SourceError(f"a subgraph must look like name=path[@url] or name=url, got {spec!r}")
    if rest.startswith(("http://", "https://")):
        return SubgraphSource(name, rest, fetch_sdl(rest))
    path, url = rest, NO_URL
    at = rest.find("@http")
    if at >= 0:
        path, url = rest[:at], rest[at + 1 :]
    return SubgraphSource(name, url, _read_file(Path(path)))


def _load_config(path: Path) -> Any:
    text = _read_file(path)
    try:
        if path.suffix == ".json":
            return json.loads(text)
        if path.suffix == ".toml":
            return tomllib.loads(text)
        yaml = importlib.import_module("yaml")
        return yaml.safe_load(text)
    except ModuleNotFoundError:
        raise SourceError(f"{path}: YAML needs PyYAML; use a .json or .toml config instead") from None
    except Exception as exc:  # every parser has its own error type
        raise SourceError(f"{path}: not a valid config file: {exc}") from None


def read_config(path: Path) -> list[SubgraphSource]:
    """The subgraphs a config file lists, in its order."""
    config = _load_config(path)
    subgraphs = config.get("subgraphs") if isinstance(config, dict) else None
    if not isinstance(subgraphs, dict) or not subgraphs:
        raise SourceError(f"{path}: expected a `subgraphs:` mapping of name -> {{routing_url, schema}}")
    sources = []
    for name, entry in subgraphs.items():
        if not isinstance(entry, dict):
            raise SourceError(f"{path}: subgraph {name!r} must be a mapping")
        schema = entry.get("schema") or {}
        url = str(entry.get("routing_url") or schema.get("subgraph_url") or NO_URL)
        if schema.get("file"):
            sdl = _read_file(path.parent / str(schema["file"]))
        elif schema.get("subgraph_url"):
            sdl = fetch_sdl(str(schema["subgraph_url"]))
        else:
            raise SourceError(f"{path}: subgraph {name!r} needs schema.file or schema.subgraph_url")
        sources.append(SubgraphSource(str(name), url, sdl))
    return sources

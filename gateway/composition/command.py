"""`govgraph compose`: read subgraphs, compose, write the supergraph or the errors."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .compose import compose
from .errors import CompositionError, SubgraphSource
from .sources import SourceError, parse_spec, read_config


@dataclass
class ComposeRequest:
    specs: list[str]  # name=path[@url] | name=url
    config: Path | None = None
    output: Path | None = None
    check: bool = False  # only compare with `output`


def format_error(error: CompositionError) -> str:
    where = f" at {error.coordinate}" if error.coordinate else ""
    graphs = f" (subgraphs: {', '.join(error.subgraphs)})" if error.subgraphs else ""
    return f"{error.code}{where}{graphs}: {error.message}"


def gather(request: ComposeRequest) -> list[SubgraphSource]:
    sources = read_config(request.config) if request.config else []
    sources.extend(parse_spec(spec) for spec in request.specs)
    if not sources:
        raise SourceError("no subgraphs: give name=path, name=url or --config")
    return sources


def run_compose(request: ComposeRequest, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """0 composed, 1 composition errors (or --check found a stale file), 2 unreadable input."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        sources = gather(request)
    except SourceError as exc:
        print(f"govgraph compose: {exc}", file=err)
        return 2
    for source in sources:
        if not source.url:
            print(
                f"govgraph compose: warning: subgraph {source.name} has no routing URL (give "
                f"{source.name}=PATH@URL, or routing_url in the config); the supergraph names none, so the "
                f"gateway needs --subgraph-url {source.name}=URL",
                file=err,
            )
    result = compose(sources)
    if result.supergraph_sdl is None:
        for error in result.errors:
            print(format_error(error), file=err)
        print(f"govgraph compose: {len(result.errors)} error(s); no supergraph written", file=err)
        return 1
    if request.output is None:
        out.write(result.supergraph_sdl)
        return 0
    current = request.output.read_text(encoding="utf-8") if request.output.exists() else None
    if request.check:
        if current != result.supergraph_sdl:
            print(f"govgraph compose: {request.output} is not what the subgraphs compose to", file=err)
            return 1
        return 0
    if current != result.supergraph_sdl:
        request.output.write_text(result.supergraph_sdl, encoding="utf-8")
    print(f"govgraph compose: {len(sources)} subgraphs -> {request.output}", file=err)
    return 0

"""Composition for `check` and the live supergraph: subgraph SDLs -> supergraph SDL.

Uses `gateway.composition.compose` when that package provides it. Until then (development
only) it falls back to The Guild's composition through `node tests/tools/compose.mjs`, which
needs the repository checkout and Node; the gateway in production never takes that path.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import GraphQLError, parse

NODE_TOOL = Path(__file__).resolve().parents[2] / "tests" / "tools" / "compose.mjs"


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    sdl: str


@dataclass(frozen=True)
class ComposeError:
    code: str
    message: str


@dataclass(frozen=True)
class Composed:
    supergraph_sdl: str | None
    errors: list[ComposeError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.supergraph_sdl is not None and not self.errors


def compose(sources: Sequence[Source]) -> Composed:
    """Compose `sources`; never raises for a composition failure (it is in `errors`)."""
    unparsable = [error for source in sources for error in _syntax_errors(source)]
    if unparsable:
        return Composed(None, unparsable)
    python = _python_compose()
    if python is not None:
        return _with_python(python, sources)
    return _with_node(sources)


def _syntax_errors(source: Source) -> list[ComposeError]:
    try:
        parse(source.sdl)
    except GraphQLError as error:
        return [ComposeError("INVALID_GRAPHQL", f"subgraph {source.name}: {error.message}")]
    return []


def _python_compose() -> Any:
    try:
        module = importlib.import_module("gateway.composition")
    except ImportError:
        return None
    return module if hasattr(module, "compose") and hasattr(module, "SubgraphSource") else None


def _with_python(module: Any, sources: Sequence[Source]) -> Composed:
    result = module.compose([module.SubgraphSource(s.name, s.url, s.sdl) for s in sources])
    errors = [
        ComposeError(str(getattr(e, "code", "COMPOSITION_ERROR")), str(getattr(e, "message", e)))
        for e in result.errors
    ]
    return Composed(result.supergraph_sdl if not errors else None, errors)


def _with_node(sources: Sequence[Source]) -> Composed:
    node = shutil.which("node")
    if node is None or not NODE_TOOL.exists():
        return Composed(None, [ComposeError("NO_COMPOSITION", "no composition available in this install")])
    with tempfile.TemporaryDirectory(prefix="govgraph-compose-") as tmp:
        arguments = []
        for index, source in enumerate(sources):
            path = Path(tmp) / f"{index}.graphql"
            path.write_text(source.sdl)
            arguments.append(f"{source.name}={path}@{source.url}")
        done = subprocess.run(
            [node, str(NODE_TOOL), *arguments], capture_output=True, text=True, timeout=120, check=False
        )
    if done.returncode == 0:
        return Composed(done.stdout)
    return Composed(None, [_node_error(line) for line in done.stderr.splitlines() if line.strip()])


def _node_error(line: str) -> ComposeError:
    code, sep, message = line.partition(": ")
    if sep and code.replace("_", "").isalnum() and code.upper() == code:
        return ComposeError(code, message)
    return ComposeError("COMPOSITION_ERROR", line)

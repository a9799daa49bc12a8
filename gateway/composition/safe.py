"""Composition as `check` and the live supergraph use it: `gateway.composition.compose`, plus
clean errors for SDL that does not parse and for a composition that crashes (a bug there
must fail the check, or keep the last good schema serving, not raise)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from graphql import GraphQLError, parse

from .compose import compose as compose_unchecked
from .errors import CompositionError, CompositionResult, SubgraphSource

log = logging.getLogger("govgraph.composition")


def compose(sources: Sequence[SubgraphSource]) -> CompositionResult:
    """Compose `sources`; never raises for a composition failure (it is in `errors`)."""
    unparsable = [error for source in sources for error in _syntax_errors(source)]
    if unparsable:
        return CompositionResult(None, unparsable)
    try:
        return compose_unchecked(list(sources))
    except Exception as error:
        log.exception("composition crashed")
        return CompositionResult(None, [CompositionError("COMPOSITION_CRASHED", repr(error))])


def _syntax_errors(source: SubgraphSource) -> list[CompositionError]:
    try:
        parse(source.sdl)
    except GraphQLError as error:
        return [
            CompositionError("INVALID_GRAPHQL", f"subgraph {source.name}: {error.message}", (source.name,))
        ]
    return []

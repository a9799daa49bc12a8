"""Federation composition: subgraph SDLs -> a supergraph SDL.

    from gateway.composition import SubgraphSource, compose

    result = compose([SubgraphSource("products", "http://products/graphql", sdl), ...])
    if result.supergraph_sdl is None:
        for error in result.errors:       # CompositionError(code, message, subgraphs, coordinate)
            print(error)

Federation 2 subgraphs (`@link` to federation/v2.x, renamed imports included) and
Federation 1 subgraphs (`extend type`, `@extends`, implicit shareability) compose into a
`@link` v1.0 supergraph with join v0.3 (v0.4 from federation 2.7, v0.5 from 2.8). The
output is deterministic and, on every input we test, byte-equal to The Guild's
composition (tests/composition). Pipeline: `subgraph.py` (read one SDL) ->
`subgraph_rules.py`/`graphql_rules.py` (one subgraph's rules) -> `merge.py` (merged state)
-> `validate.py` + `satisfiability.py` (cross-subgraph rules) -> `objects.py`,
`other_types.py`, `directives.py` (the `@join__*` directives) -> `print.py`.
The CLI is `govgraph compose` (`command.py`, `sources.py`).
"""

from .compose import compose
from .errors import CompositionError, CompositionResult, SubgraphSource

__all__ = ["CompositionError", "CompositionResult", "SubgraphSource", "compose"]

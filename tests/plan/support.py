"""Planner tests where they live: subgraph SDL and the expected printed plan inline.

    p = planner(
        products=FED2 + "type Query { top: [Product] } type Product @key(fields: \\"upc\\") { upc: ID! }",
        reviews=FED2 + "...",
    )
    assert_plan(p, "{ top { upc } }", '''
        QueryPlan {
          Fetch(service: "products") {
            ...
          },
        }
    ''')
    assert_planning_fails(p, "{ ... }", QUERY_PLANNING_FAILED, match="no subgraph")

Each keyword of `planner()` is a subgraph (URL http://<name>/graphql); the subgraphs are
composed with govgraph's composition and the test fails with the composition errors when
they do not compose. No servers: a plan is pure data.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from gateway.composition import SubgraphSource, compose
from gateway.errors import PlanningError
from gateway.operation import prepare
from gateway.operation.prepare import coerce_variables
from gateway.plan import QueryPlan, build_query_plan, print_plan
from gateway.supergraph import Supergraph, load_supergraph

FED2_IMPORTS = (
    "@key",
    "@shareable",
    "@external",
    "@requires",
    "@provides",
    "@override",
    "@inaccessible",
    "@interfaceObject",
)
# The schema extension that makes a subgraph SDL Federation 2 (v2.3, the usual directives imported).
FED2 = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ['
    + ", ".join(f'"{name}"' for name in FED2_IMPORTS)
    + "])\n"
)


@dataclass(frozen=True)
class Planner:
    supergraph: Supergraph

    def plan(
        self, query: str, operation_name: str | None = None, variables: Mapping[str, Any] | None = None
    ) -> QueryPlan:
        """Plan `query` as the gateway does: validated against the API schema first; with
        `variables`, they must coerce (the plan itself never depends on their values)."""
        prepared = prepare(self.supergraph.api_schema, query, operation_name)
        if variables is not None:
            coerce_variables(self.supergraph.api_schema, prepared.operation, variables)
        return build_query_plan(self.supergraph, prepared.document, prepared.operation)


def planner(**subgraphs: str) -> Planner:
    return _planner(tuple(subgraphs.items()))


@cache
def _planner(subgraphs: tuple[tuple[str, str], ...]) -> Planner:
    result = compose([SubgraphSource(name, f"http://{name}/graphql", sdl) for name, sdl in subgraphs])
    if result.supergraph_sdl is None or result.errors:
        pytest.fail(
            "the subgraphs do not compose:\n" + "\n".join(f"  {error}" for error in result.errors),
            pytrace=False,
        )
    return Planner(load_supergraph(result.supergraph_sdl))


def assert_plan(
    planner: Planner,
    query: str,
    expected: str,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> None:
    actual = print_plan(planner.plan(query, operation_name, variables))
    wanted = textwrap.dedent(expected).strip("\n")
    if actual != wanted:
        diff = difflib.unified_diff(
            wanted.splitlines(), actual.splitlines(), "expected", "planned", lineterm=""
        )
        pytest.fail("the plan differs (- expected, + planned):\n" + "\n".join(diff), pytrace=False)


def assert_planning_fails(
    planner: Planner, query: str, code: str, *, match: str | None = None, operation_name: str | None = None
) -> PlanningError:
    with pytest.raises(PlanningError, match=match) as raised:
        planner.plan(query, operation_name)
    assert raised.value.code == code
    return raised.value

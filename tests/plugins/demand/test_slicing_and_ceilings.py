"""Slicing arguments from literals and variables, and the ceilings counted while an operation
runs (actual cost, response bytes), over a real catalogue subgraph."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.composition import SubgraphSource, compose
from gateway.config import GatewayConfig
from gateway.http.app import create_app
from gateway.plugins import build_plugins
from gateway.plugins.demand import DemandConfig
from tests.plugins.demand.support import COST_DIRECTIVES
from tests.support.recording import RecordingApp
from tests.support.sdl_subgraph import SdlSubgraph
from tests.support.servers import ServerThread, serving

LINK = '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize", "@cost"])'
SDL = f"""extend schema {LINK}
{COST_DIRECTIVES}
type Query {{
  items(first: Int, last: Int): [Item!]!
    @listSize(slicingArguments: ["first", "last"], requireOneSlicingArgument: false)
  pricey: Int @cost(weight: 50)
}}
type Item @key(fields: "id") {{ id: ID! name: String tags: [String!]! }}
"""


def _items(_obj: Any, _info: Any, first: int | None = None, last: int | None = None) -> list[dict[str, Any]]:
    count = max(first or 0, last or 0) or 5
    return [{"id": str(i), "name": "x" * 100, "tags": []} for i in range(count)]


@contextlib.contextmanager
def catalogue(config: DemandConfig) -> Iterator[tuple[str, RecordingApp]]:
    sub = SdlSubgraph.build(SDL, resolvers={"Query.items": _items, "Query.pricey": lambda _o, _i: 1})
    recorder = RecordingApp(sub.app)
    with serving({"catalogue": recorder}) as urls:
        result = compose([SubgraphSource("catalogue", urls["catalogue"], SDL)])
        assert result.supergraph_sdl is not None, result.errors
        app = create_app(
            GatewayConfig(supergraph_sdl=result.supergraph_sdl),
            plugins=build_plugins({"demand_control": config}),
        )
        server = ServerThread(app).start()
        try:
            yield server.url + "/graphql", recorder
        finally:
            server.stop()


def _post(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(url, json={"query": query, "variables": variables or {}}, timeout=30)
    body: dict[str, Any] = response.json()
    return body


def _estimated(url: str, query: str, variables: dict[str, Any] | None = None) -> int:
    return int(_post(url, query, variables)["extensions"]["cost"]["estimated"])


def test_slicing_arguments_from_literals_and_variables_and_weights() -> None:
    with catalogue(DemandConfig(enabled=True, max_cost=10_000, mode="measure", list_size_default=7)) as (
        url,
        _,
    ):
        assert _estimated(url, "{ items(first: 3) { id } }") == 3
        assert _estimated(url, "{ items(first: 3, last: 40) { id } }") == 40
        assert _estimated(url, "{ items { id } }") == 7  # no slicing argument given: the default
        query = "query Q($n: Int) { items(first: $n) { id name } }"
        assert _estimated(url, query, {"n": 250}) == 250
        assert _estimated(url, query, {"n": 2}) == 2
        assert _estimated(url, query) == 7
        assert _estimated(url, "{ pricey }") == 50  # @cost on a scalar field


def test_variables_decide_whether_the_budget_is_met() -> None:
    with catalogue(DemandConfig(enabled=True, max_cost=100)) as (url, recorder):
        query = "query Q($n: Int) { items(first: $n) { id } }"
        assert "errors" not in _post(url, query, {"n": 100})
        recorder.clear()
        refused = _post(url, query, {"n": 101})
        assert refused["errors"][0]["extensions"] == {
            "code": "COST_ESTIMATED_TOO_EXPENSIVE",
            "cost": 101,
            "budget": 100,
        }
        assert recorder.count == 0


@pytest.mark.parametrize(
    ("config", "small", "large", "code"),
    [
        (
            DemandConfig(enabled=True, max_cost=10_000, max_actual_cost=20),
            10,
            50,
            "COST_ACTUAL_TOO_EXPENSIVE",
        ),
        (DemandConfig(enabled=True, max_cost=10_000, max_response_bytes=2_000), 2, 100, "RESPONSE_TOO_LARGE"),
    ],
    ids=["actual-cost", "response-bytes"],
)
def test_ceilings_while_running_stop_with_a_coded_error(
    config: DemandConfig, small: int, large: int, code: str
) -> None:
    with catalogue(config) as (url, _):
        assert "errors" not in _post(url, f"{{ items(first: {small}) {{ id name }} }}")
        body = _post(url, f"{{ items(first: {large}) {{ id name }} }}")
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]

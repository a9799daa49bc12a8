"""Per-subgraph timeouts: a slow subgraph times out alone; the others' data still arrives."""

from __future__ import annotations

from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.engine.test_dedup import SlowApp
from tests.support.scenario import Scenario


def test_only_the_slow_subgraph_times_out() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    apps["inventory"] = SlowApp(apps["inventory"], delay=1.0)
    with Scenario.start(SUPERGRAPH, apps, subgraph_timeouts={"inventory": 0.2}) as sc:
        result = sc.query("{ topProducts(first: 2) { name inStock } }")
    assert result["data"] == {
        "topProducts": [{"name": "Table", "inStock": None}, {"name": "Couch", "inStock": None}]
    }
    [error] = result["errors"]
    assert error["extensions"] == {"code": "SUBGRAPH_TIMEOUT", "serviceName": "inventory"}
    assert error["path"] == ["topProducts", 0]
    assert "timed out" in error["message"]


def test_a_generous_timeout_for_the_same_subgraph_lets_it_answer() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    apps["inventory"] = SlowApp(apps["inventory"], delay=1.2)
    with Scenario.start(SUPERGRAPH, apps, subgraph_timeout=0.8, subgraph_timeouts={"inventory": 5.0}) as sc:
        result = sc.query("{ topProducts(first: 1) { inStock } }")
    assert result == {"data": {"topProducts": [{"inStock": True}]}}

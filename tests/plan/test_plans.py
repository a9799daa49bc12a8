"""Printed query plans as snapshots: the planner's decisions, reviewable as text.

Run with UPDATE_SNAPSHOTS=1 to rewrite a snapshot after an intended change, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphql import parse

from gateway.operation import prepare
from gateway.plan import Flatten, build_query_plan, print_plan
from gateway.plan.nodes import Condition, Fetch, Sequence
from gateway.supergraph import load_supergraph

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).parent / "snapshots"
BENCH = ROOT / "benchmarks" / "workload" / "supergraph.graphql"
CONFORMANCE = ROOT / "conformance"

CASES = {
    "bench_entity_chain": (BENCH, "{ me { name reviews { body product { name inStock } } } }"),
    "bench_requires": (BENCH, "{ topProducts { upc shippingEstimate } }"),
    "bench_provides_stays_in_reviews": (BENCH, "{ me { reviews { author { username } } } }"),
    "bench_provides_left_for_other_field": (BENCH, "{ me { reviews { author { username name } } } }"),
    "bench_include_on_root": (BENCH, "query ($x: Boolean!) { me @include(if: $x) { name } users { id } }"),
    "bench_skip_on_entity_field": (
        BENCH,
        "query ($s: Boolean!) { topProducts { name reviews @skip(if: $s) { body } } }",
    ),
    "bench_test_query": (BENCH, (ROOT / "benchmarks" / "workload" / "query.json")),
}


def _plan_text(supergraph_path: Path, query: str | Path) -> str:
    if isinstance(query, Path):
        import json

        query = json.loads(query.read_text())["query"]
    supergraph = load_supergraph(supergraph_path.read_text())
    prepared = prepare(supergraph.api_schema, query, None)
    return print_plan(build_query_plan(supergraph, parse(query), prepared.operation)) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_snapshot(name: str) -> None:
    supergraph_path, query = CASES[name]
    text = _plan_text(supergraph_path, query)
    snapshot = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(text)
    assert text == snapshot.read_text()


def test_benchmark_query_is_six_fetches_in_four_stages() -> None:
    supergraph = load_supergraph(BENCH.read_text())
    import json

    query = json.loads((ROOT / "benchmarks" / "workload" / "query.json").read_text())["query"]
    prepared = prepare(supergraph.api_schema, query, None)
    plan = build_query_plan(supergraph, parse(query), prepared.operation)
    assert isinstance(plan.node, Sequence)
    assert len(plan.node.nodes) == 4
    assert sorted(f.service for f in plan.fetches()) == [
        "accounts",
        "accounts",
        "inventory",
        "products",
        "products",
        "reviews",
    ]


def test_plans_are_deterministic() -> None:
    first = _plan_text(BENCH, "{ topProducts { name reviews { author { name } } } users { username } }")
    for _ in range(3):
        assert (
            _plan_text(BENCH, "{ topProducts { name reviews { author { name } } } users { username } }")
            == first
        )


def test_condition_node_wraps_conditional_root_fetch() -> None:
    supergraph = load_supergraph(BENCH.read_text())
    query = "query ($x: Boolean!) { me @include(if: $x) { name } }"
    prepared = prepare(supergraph.api_schema, query, None)
    plan = build_query_plan(supergraph, parse(query), prepared.operation)
    assert isinstance(plan.node, Condition)
    assert plan.node.variable == "x" and isinstance(plan.node.if_true, Fetch) and plan.node.if_false is None


def test_entity_fetch_carries_requires_in_its_representation() -> None:
    supergraph = load_supergraph(BENCH.read_text())
    query = "{ topProducts { shippingEstimate } }"
    prepared = prepare(supergraph.api_schema, query, None)
    plan = build_query_plan(supergraph, parse(query), prepared.operation)
    assert isinstance(plan.node, Sequence)
    flatten = plan.node.nodes[1]
    assert isinstance(flatten, Flatten) and flatten.paths == (("topProducts", "@"),)
    fragment = flatten.node.requires[0]
    assert "Product" in fragment.types
    assert [item.key for item in fragment.items] == ["upc", "price", "weight"]  # type: ignore[union-attr]
    assert [item.key for item in fragment.key] == ["upc"]  # type: ignore[union-attr]

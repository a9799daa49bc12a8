"""The plan's JSON form (`plan_to_json`): the same nodes as `print_plan`, in Apollo's shape; and
`govgraph plan --format json` prints it."""

from __future__ import annotations

import json
from typing import Any

from graphql import parse

from gateway.cli import main
from gateway.operation import prepare
from gateway.plan import build_query_plan, plan_to_json
from gateway.supergraph import load_supergraph
from tests.benchmarks.workload import SUPERGRAPH

QUERY = "{ topProducts { name reviews { author { name } } } }"


def plan_json() -> dict[str, Any]:
    supergraph = load_supergraph(SUPERGRAPH.read_text())
    prepared = prepare(supergraph.api_schema, QUERY, None)
    return plan_to_json(build_query_plan(supergraph, parse(QUERY), prepared.operation))


def test_the_json_form_has_every_node() -> None:
    plan = plan_json()
    assert plan["kind"] == "QueryPlan"
    first, second, third = plan["node"]["nodes"]
    assert plan["node"]["kind"] == "Sequence"
    assert (first["kind"], first["serviceName"], first["operationKind"]) == ("Fetch", "products", "query")
    assert first["operation"].startswith("{topProducts{")
    assert (second["kind"], second["path"], second["paths"]) == (
        "Flatten",
        ["topProducts", "@"],
        [["topProducts", "@"]],
    )
    entity = second["node"]
    assert entity["serviceName"] == "reviews" and entity["requiresText"]
    assert entity["requires"] == [
        {
            "kind": "InlineFragment",
            "typeCondition": "Product",
            "selections": [{"kind": "Field", "name": "__typename"}, {"kind": "Field", "name": "upc"}],
        }
    ]
    assert third["node"]["serviceName"] == "accounts"
    assert len({first["id"], entity["id"], third["node"]["id"]}) == 3


def test_govgraph_plan_prints_it(capsys: Any) -> None:
    assert main(["plan", "--supergraph", str(SUPERGRAPH), "--format", "json", QUERY]) == 0
    assert json.loads(capsys.readouterr().out) == plan_json()

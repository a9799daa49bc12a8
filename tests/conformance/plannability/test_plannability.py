"""Conformance: what cannot be planned from where the plan stands fails at planning — a clear
error, no data, no subgraph request — and a key is never read from a subgraph that names it
`@external` (see subgraphs.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.plannability.subgraphs import APPS
from tests.support.cases import Case, Mentions, scenario_fixture

FOLDER = Path(__file__).parent
NONE = {"nodes": 0, "people": 0, "transport": 0, "insurance": 0}


def failed(field: str) -> dict[str, Any]:
    return {"errors": [{"message": Mentions(field), "extensions": {"code": "QUERY_PLANNING_FAILED"}}]}


CASES = [
    Case(
        "field_keyed_by_an_external_key_field_fails_at_planning",
        '{ node(id: "veh-1") { id ... on Vehicle { policy } } }',
        failed("Vehicle.vin"),
        # people could be entered by id, but its vin is @external: never its source
        requests=NONE,
    ),
    Case(
        "the_external_key_field_itself_fails_at_planning",
        '{ node(id: "veh-1") { ... on Vehicle { vin } } }',
        failed("Vehicle.vin"),
        requests=NONE,
    ),
    Case(
        "what_can_be_planned_from_node",
        '{ node(id: "cit-1") { id ... on Citizen { name } ... on Vehicle { id } } }',
        {"data": {"node": {"id": "cit-1", "name": "Mari"}}},
        requests={"nodes": 1, "people": 1, "transport": 0, "insurance": 0},
    ),
    Case(
        "the_same_fields_from_where_vin_is_owned",
        '{ vehicle(vin: "VIN-111") { vin make policy } }',
        {"data": {"vehicle": {"vin": "VIN-111", "make": "Skoda", "policy": "POL-9"}}},
        requests={"nodes": 0, "people": 0, "transport": 1, "insurance": 1},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_plannability(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests

"""Conformance: a key is never read from a subgraph that names it `@external` (see subgraphs.py).

(What no reachable subgraph resolves fails at planning; the reference composition rejects such
supergraphs as unsatisfiable, so those cases are planner tests: tests/plan/test_entities.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.plannability.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture, sent_representations

FOLDER = Path(__file__).parent

CASES = [
    Case(
        "key_from_its_owner_not_from_an_external_declaration",
        '{ node(id: "veh-1") { id ... on Vehicle { policy } } }',
        {"data": {"node": {"id": "veh-1", "policy": "POL-9"}}},
        # nodes, registry (regNo), transport (vin), insurance: people is never asked for vin
        requests={"nodes": 1, "people": 0, "registry": 1, "transport": 1, "insurance": 1},
    ),
    Case(
        "the_key_field_itself",
        '{ node(id: "veh-1") { ... on Vehicle { vin make } } }',
        {"data": {"node": {"vin": "VIN-111", "make": "Skoda"}}},
        requests={"nodes": 1, "people": 0, "registry": 1, "transport": 1, "insurance": 0},
    ),
    Case(
        "other_types_from_node",
        '{ node(id: "cit-1") { id ... on Citizen { name } ... on Vehicle { id } } }',
        {"data": {"node": {"id": "cit-1", "name": "Mari"}}},
        requests={"nodes": 1, "people": 1, "registry": 0, "transport": 0, "insurance": 0},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_plannability(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests


def test_insurance_gets_the_owners_vin(sc: Any) -> None:
    sc.query('{ node(id: "veh-1") { ... on Vehicle { policy } } }')
    assert sent_representations(sc, "insurance") == [{"__typename": "Vehicle", "vin": "VIN-111"}]

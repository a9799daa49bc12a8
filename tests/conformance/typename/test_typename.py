"""Conformance: `__typename` everywhere — root, objects, unions, interfaces, interface objects, aliases.

A query whose only selection is `__typename` on a root type needs no subgraph at all; on an
`@interfaceObject` (crew's `Vessel`) the concrete type must come from the interface's owner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.typename.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent


NO_REQUESTS = {"harbour": 0, "crew": 0}

CASES = [
    Case("root_typename_only", "{ __typename }", {"data": {"__typename": "Query"}}, requests=NO_REQUESTS),
    Case(
        "root_typename_aliased",
        "query Probe { t: __typename __typename again: __typename }",
        {"data": {"t": "Query", "__typename": "Query", "again": "Query"}},
        requests=NO_REQUESTS,
    ),
    Case(
        "root_typename_in_fragment",
        "{ ...Root } fragment Root on Query { kind: __typename }",
        {"data": {"kind": "Query"}},
        requests=NO_REQUESTS,
    ),
    Case(
        "mutation_root_typename_only",
        "mutation { __typename }",
        {"data": {"__typename": "Mutation"}},
        requests=NO_REQUESTS,
    ),
    Case(
        "root_typename_beside_a_field",
        "{ __typename vessels { id } }",
        {"data": {"__typename": "Query", "vessels": [{"id": "v-1"}, {"id": "v-2"}]}},
        requests={"harbour": 1, "crew": 0},
    ),
    Case(
        "object_typename_on_entity_from_two_subgraphs",
        "{ harbourMaster { __typename name rank who: __typename } }",
        {
            "data": {
                "harbourMaster": {
                    "__typename": "Officer",
                    "name": "Lund",
                    "rank": "Captain",
                    "who": "Officer",
                }
            }
        },
        requests={"harbour": 1, "crew": 1},
    ),
    Case(
        "union_typename",
        "{ berths { __typename kind: __typename ... on Ferry { name } ... on Buoy { code } } }",
        {
            "data": {
                "berths": [
                    {"__typename": "Ferry", "kind": "Ferry", "name": "Island Hopper"},
                    {"__typename": "Buoy", "kind": "Buoy", "code": "B-7"},
                    {"__typename": "Tug", "kind": "Tug"},
                ]
            }
        },
        requests={"harbour": 1, "crew": 0},
    ),
    Case(
        "interface_typename_with_type_conditions",
        """{ vessels {
              __typename
              ... on Ferry { t: __typename capacity }
              ... on Tug { __typename bollardPull }
        } }""",
        {
            "data": {
                "vessels": [
                    {"__typename": "Ferry", "t": "Ferry", "capacity": 300},
                    {"__typename": "Tug", "bollardPull": 60},
                ]
            }
        },
        requests={"harbour": 1, "crew": 0},
    ),
    Case(
        "interface_typename_with_interface_object_field",
        "{ vessels { __typename name crewSize } }",
        {
            "data": {
                "vessels": [
                    {"__typename": "Ferry", "name": "Island Hopper", "crewSize": 12},
                    {"__typename": "Tug", "name": "Stubborn", "crewSize": 4},
                ]
            }
        },
        requests={"harbour": 1, "crew": 1},
    ),
    Case(
        "interface_object_typename_is_concrete",
        "{ largestCrew { __typename id crewSize } }",
        {"data": {"largestCrew": {"__typename": "Ferry", "id": "v-1", "crewSize": 12}}},
        # crew only knows "Vessel" (not an object type of the API schema): harbour supplies "Ferry".
        requests={"crew": 1, "harbour": 1},
    ),
    Case(
        "interface_object_typename_aliased_only",
        "{ largestCrew { kind: __typename } }",
        {"data": {"largestCrew": {"kind": "Ferry"}}},
        requests={"crew": 1, "harbour": 1},
    ),
    Case(
        "interface_object_without_typename_needs_one_subgraph",
        "{ largestCrew { id crewSize } }",
        {"data": {"largestCrew": {"id": "v-1", "crewSize": 12}}},
        # nothing asks for the concrete type, so harbour is not needed.
        requests={"crew": 1, "harbour": 0},
    ),
    Case(
        "mutation_result_typename_from_interface_object",
        'mutation Arrive { logArrival(vesselId: "v-2") { __typename id crewSize } }',
        {"data": {"logArrival": {"__typename": "Tug", "id": "v-2", "crewSize": 4}}},
        requests={"crew": 1, "harbour": 1},
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_typename(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests

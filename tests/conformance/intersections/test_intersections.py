"""Conformance: enum and input-object intersections across subgraphs.

Arguments of merged input types must reach each subgraph intact (literals and variables, on root
fields and on entity fields), values outside the intersection must be rejected before any subgraph
is called, and output enum values from either subgraph must pass through (see subgraphs.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.intersections.subgraphs import APPS
from tests.support.cases import Case, Mentions, scenario_fixture

FOLDER = Path(__file__).parent


INVALID = "GRAPHQL_VALIDATION_FAILED"


def rejected(word: str, code: str = INVALID) -> dict[str, Any]:
    return {"errors": [{"message": Mentions(word), "extensions": {"code": code}}]}


CASES = [
    Case(
        "input_object_variable",
        "query ($f: PermitFilter) { permits(filter: $f) { id district decision } }",
        {"data": {"permits": [{"id": "pm-1", "district": "NORTH", "decision": "APPROVED"}]}},
        variables={"f": {"district": "NORTH"}},
        requests={"permits": 1, "inspections": 0},
    ),
    Case(
        "input_object_and_enum_literals",
        '{ permits(filter: {status: "open"}, priority: LOW) { id status } }',
        {"data": {"permits": [{"id": "pm-2", "status": "open"}]}},
    ),
    Case(
        "enum_argument_on_entity_field",
        "{ permits { id inspections(priority: URGENT) { outcome note } } }",
        {
            "data": {
                "permits": [
                    {"id": "pm-1", "inspections": [{"outcome": "PASSED", "note": "roof ok"}]},
                    {"id": "pm-2", "inspections": []},
                    {"id": "pm-3", "inspections": []},
                ]
            }
        },
        # permits, then one inspections _entities fetch carrying the argument.
        requests={"permits": 1, "inspections": 1},
    ),
    Case(
        "enum_variable_on_entity_field",
        """query ($p: Priority!) {
              permits(filter: {status: "open"}) { id inspections(priority: $p) { outcome } }
        }""",
        {
            "data": {
                "permits": [
                    {"id": "pm-1", "inspections": [{"outcome": "FAILED"}]},
                    {"id": "pm-2", "inspections": []},
                ]
            }
        },
        variables={"p": "LOW"},
        requests={"permits": 1, "inspections": 1},
    ),
    Case(
        "enum_inside_input_object_to_other_subgraph_root",
        "{ inspectedPermits(filter: {district: HARBOUR}) { id status inspections { outcome } } }",
        {
            "data": {
                "inspectedPermits": [{"id": "pm-2", "status": "open", "inspections": [{"outcome": "PASSED"}]}]
            }
        },
        # inspections answers the root and the inspections list; status needs one permits fetch.
        requests={"inspections": 1, "permits": 1},
    ),
    Case(
        "output_enum_values_from_both_subgraphs",
        "{ permits { decision inspections { outcome } } }",
        {
            "data": {
                "permits": [
                    {"decision": "APPROVED", "inspections": [{"outcome": "PASSED"}, {"outcome": "FAILED"}]},
                    {"decision": "REJECTED", "inspections": [{"outcome": "PASSED"}]},
                    {"decision": "APPROVED", "inspections": []},
                ]
            }
        },
    ),
    Case(
        "input_enum_is_the_intersection",
        '{ __type(name: "Priority") { enumValues { name } } }',
        {"data": {"__type": {"enumValues": [{"name": "LOW"}, {"name": "NORMAL"}, {"name": "URGENT"}]}}},
    ),
    Case(
        "output_enum_is_the_union",
        '{ __type(name: "Outcome") { enumValues { name } } }',
        {
            "data": {
                "__type": {
                    "enumValues": [
                        {"name": "PASSED"},
                        {"name": "FAILED"},
                        {"name": "APPROVED"},
                        {"name": "REJECTED"},
                    ]
                }
            }
        },
    ),
    Case(
        "input_object_is_the_intersection",
        '{ __type(name: "PermitFilter") { inputFields { name } } }',
        {"data": {"__type": {"inputFields": [{"name": "status"}, {"name": "district"}]}}},
    ),
    Case(
        "enum_value_outside_intersection_rejected",
        "{ permits(priority: EMERGENCY) { id } }",
        rejected("EMERGENCY"),
        requests={"permits": 0, "inspections": 0},
    ),
    Case(
        "input_field_outside_intersection_rejected",
        '{ permits(filter: {applicant: "Lia"}) { id } }',
        rejected("applicant"),
        requests={"permits": 0, "inspections": 0},
    ),
    Case(
        "input_field_of_other_subgraph_rejected",
        '{ inspectedPermits(filter: {inspector: "Ivo"}) { id } }',
        rejected("inspector"),
    ),
    Case(
        "variable_enum_value_outside_intersection_rejected",
        "query ($p: Priority) { permits(priority: $p) { id } }",
        # a variable that does not coerce is a request error: no data, nothing sent to subgraphs.
        # BAD_USER_INPUT is the code Apollo Gateway uses for it.
        rejected("EMERGENCY", "BAD_USER_INPUT"),
        variables={"p": "EMERGENCY"},
        requests={"permits": 0, "inspections": 0},
    ),
    Case(
        "variable_input_field_outside_intersection_rejected",
        "query ($f: PermitFilter) { permits(filter: $f) { id } }",
        rejected("applicant", "BAD_USER_INPUT"),
        variables={"f": {"applicant": "Lia"}},
        requests={"permits": 0, "inspections": 0},
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_intersections(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests

"""Conformance: enum and input-object intersections across subgraphs.

Arguments of merged input types must reach each subgraph intact (literals and variables, on root
fields and on entity fields), values outside the intersection must be rejected before any subgraph
is called, and output enum values from either subgraph must pass through (see subgraphs.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.intersections.subgraphs import APPS

FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    expected: dict[str, Any]
    variables: dict[str, Any] | None = None
    # subgraph -> requests an economical planner sends (None: not checked)
    requests: dict[str, int] | None = None


def normalize(response: dict[str, Any]) -> dict[str, Any]:
    """The response with errors cut to message, path and extensions.code/serviceName."""
    out = dict(response)
    out.pop("extensions", None)
    if "errors" in out:
        errors = []
        for error in out["errors"]:
            slim = {k: error[k] for k in ("message", "path") if k in error}
            ext = {k: v for k, v in (error.get("extensions") or {}).items() if k in ("code", "serviceName")}
            if ext:
                slim["extensions"] = ext
            errors.append(slim)
        out["errors"] = errors
    return out


INVALID = "GRAPHQL_VALIDATION_FAILED"


@dataclass(frozen=True)
class Mentions:
    """Equal to any message that names `word` (message wording is the validator's own)."""

    word: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.word in other

    __hash__ = None  # type: ignore[assignment]


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


@pytest.fixture(scope="module")
def sc() -> Iterator[Any]:
    from tests.support.scenario import Scenario

    with Scenario.start(FOLDER / "supergraph.graphql", APPS) as scenario:
        yield scenario


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_intersections(sc: Any, case: Case) -> None:
    assert normalize(sc.query(case.query, case.variables)) == case.expected
    if case.requests is not None:
        assert {name: sc.subgraph_requests(name) for name in case.requests} == case.requests

"""Conformance: mutations run strictly in document order across subgraphs.

`add` (calc), `multiply` (scale) and `note` (audit) change one shared total and append to one log
(see subgraphs.py). Each root mutation field, including the entity fetches its selection needs,
completes before the next one starts; consecutive fields of one subgraph may share a request (that
subgraph runs them in order itself). State is reset before every test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.mutations.subgraphs import APPS, STATE, reset
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent
# code of a subgraph's own GraphQL error that carries none (Apollo Gateway's convention)
DOWNSTREAM = "DOWNSTREAM_SERVICE_ERROR"


@dataclass(frozen=True)
class MutationCase(Case):
    log: tuple[str, ...] = ()  # the shared log after the operation: the order the subgraphs saw
    total_requests: int | None = None  # all subgraphs together, where the split is the planner's choice


CASES = [
    MutationCase(
        "add_multiply_add",
        "mutation { a: add(n: 2) { value } b: multiply(by: 3) { value } c: add(n: 1) { value } }",
        {"data": {"a": {"value": 2}, "b": {"value": 6}, "c": {"value": 7}}},
        # the two adds cannot share a request: multiply must run between them.
        requests={"calc": 2, "scale": 1, "audit": 0},
        log=("add 2", "multiply 3", "add 1"),
    ),
    MutationCase(
        "multiply_then_add",
        "mutation { m: multiply(by: 3) { value } a: add(n: 2) { value } }",
        {"data": {"m": {"value": 0}, "a": {"value": 2}}},
        requests={"calc": 1, "scale": 1, "audit": 0},
        log=("multiply 3", "add 2"),
    ),
    MutationCase(
        "consecutive_fields_of_one_subgraph",
        "mutation { one: add(n: 1) { value } two: add(n: 10) { value } three: multiply(by: 2) { value } }",
        {"data": {"one": {"value": 1}, "two": {"value": 11}, "three": {"value": 22}}},
        # one and two are consecutive in calc: one request, calc executes them serially.
        requests={"calc": 1, "scale": 1, "audit": 0},
        log=("add 1", "add 10", "multiply 2"),
    ),
    MutationCase(
        "entity_fields_resolved_before_next_mutation",
        "mutation { add(n: 5) { value logSize entry } multiply(by: 2) { value logSize entry } }",
        {
            "data": {
                "add": {"value": 5, "logSize": 1, "entry": "add 5"},
                "multiply": {"value": 10, "logSize": 2, "entry": "multiply 2"},
            }
        },
        # logSize is read live: fetching add's audit fields after multiply ran would give 2.
        requests={"calc": 1, "scale": 1, "audit": 2},
        log=("add 5", "multiply 2"),
    ),
    MutationCase(
        "three_subgraphs_with_history",
        """mutation {
              add(n: 4) { value }
              note(text: "checked") { entry history }
              multiply(by: 5) { value history }
        }""",
        {
            "data": {
                "add": {"value": 4},
                "note": {"entry": "note checked", "history": ["add 4", "note checked"]},
                "multiply": {"value": 20, "history": ["add 4", "note checked", "multiply 5"]},
            }
        },
        requests={"calc": 1, "scale": 1, "audit": 2},
        log=("add 4", "note checked", "multiply 5"),
    ),
    MutationCase(
        "variables_and_repeated_field_with_aliases",
        """mutation ($n: Int!, $by: Int!) {
              first: add(n: $n) { value }
              second: multiply(by: $by) { value }
              third: multiply(by: $by) { value }
        }""",
        {"data": {"first": {"value": 3}, "second": {"value": 6}, "third": {"value": 12}}},
        variables={"n": 3, "by": 2},
        requests={"calc": 1, "scale": 1, "audit": 0},
        log=("add 3", "multiply 2", "multiply 2"),
    ),
    MutationCase(
        "requires_on_mutation_results",
        "mutation { add(n: 3) { value parity } multiply(by: 2) { parity } }",
        {"data": {"add": {"value": 3, "parity": "odd"}, "multiply": {"parity": "even"}}},
        # calc returns value with the result; audit computes parity from it; then the same for scale.
        # (Apollo Gateway spends one more calc entity fetch on multiply's value, which scale's own
        # mutation fetch can return.)
        requests={"calc": 1, "scale": 1, "audit": 2},
        log=("add 3", "multiply 2"),
    ),
    MutationCase(
        "shared_mutation_runs_exactly_once",
        "mutation { add(n: 5) { value } zero { value } again: add(n: 2) { value } }",
        {"data": {"add": {"value": 5}, "zero": {"value": 0}, "again": {"value": 2}}},
        # zero exists in calc and scale; one of them runs it, once. Routing it to calc lets all three
        # fields travel in one calc request (calc runs them in order).
        log=("add 5", "zero", "add 2"),
        total_requests=1,
    ),
    MutationCase(
        "same_field_twice_is_merged_and_runs_once",
        "mutation { add(n: 1) { value } add(n: 1) { value } }",
        # identical response keys merge during field collection: one field, executed once.
        {"data": {"add": {"value": 1}}},
        requests={"calc": 1, "scale": 0, "audit": 0},
        log=("add 1",),
    ),
    MutationCase(
        "failing_mutation_does_not_stop_the_rest",
        "mutation { a: add(n: 1) { value } b: multiply(by: 0) { value } c: add(n: 1) { value } }",
        {
            "data": {"a": {"value": 1}, "b": None, "c": {"value": 2}},
            "errors": [
                {
                    "message": "factor must be positive",
                    "path": ["b"],
                    "extensions": {"code": DOWNSTREAM, "serviceName": "scale"},
                }
            ],
        },
        # b is nullable: its error nulls it, and the following mutation still runs.
        requests={"calc": 2, "scale": 1, "audit": 0},
        log=("add 1", "add 1"),
    ),
    MutationCase(
        "non_null_failure_stops_the_later_mutations",
        "mutation { a: add(n: 1) { value } d: divide(by: 0) { value } c: add(n: 1) { value } }",
        {
            "data": None,
            "errors": [
                {
                    "message": "cannot divide by zero",
                    "path": ["d"],
                    "extensions": {"code": DOWNSTREAM, "serviceName": "scale"},
                }
            ],
        },
        # d is non-null: its null nulls `data`, and c is never sent (calc sees one request, for a).
        requests={"calc": 1, "scale": 1, "audit": 0},
        log=("add 1",),
    ),
    MutationCase(
        "non_null_entity_field_failure_stops_the_later_mutations",
        "mutation { a: add(n: 1) { value verified } m: multiply(by: 2) { value } }",
        {
            "data": None,
            "errors": [
                {
                    "message": "not verified",
                    "path": ["a", "verified"],
                    "extensions": {"code": DOWNSTREAM, "serviceName": "audit"},
                }
            ],
        },
        # verified (audit, non-null) nulls a (non-null), which nulls `data`: multiply is not sent.
        requests={"calc": 1, "scale": 0, "audit": 1},
        log=("add 1",),
    ),
    MutationCase(
        "nullable_parent_keeps_the_later_mutations",
        "mutation { d: divide(by: 2) { value } m: multiply(by: 0) { value } a: add(n: 3) { value } }",
        {
            "data": {"d": {"value": 0}, "m": None, "a": {"value": 3}},
            "errors": [
                {
                    "message": "factor must be positive",
                    "path": ["m"],
                    "extensions": {"code": DOWNSTREAM, "serviceName": "scale"},
                }
            ],
        },
        # d and m travel together to scale; m is nullable, so a still runs.
        requests={"calc": 1, "scale": 1, "audit": 0},
        log=("divide 2", "add 3"),
    ),
]


def reset_state() -> None:
    reset()


@pytest.fixture(autouse=True)
def _fresh_state() -> None:
    reset()


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_mutations(sc: Any, case: MutationCase) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests
    assert tuple(STATE.log) == case.log
    if case.total_requests is not None:
        assert sc.total_subgraph_requests() == case.total_requests

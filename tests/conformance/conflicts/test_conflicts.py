"""Conformance: one response key with different types in one subgraph query (see subgraphs.py).

The gateway aliases the conflicting field internally, at that position only, and the client gets
its own keys back — in the data and in error paths.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.conflicts.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent
SECRET = {
    "message": "admin id is secret",
    "path": ["people", 2, "id"],
    "extensions": {"code": "DOWNSTREAM_SERVICE_ERROR", "serviceName": "people"},
}

CASES = [
    Case(
        "same_key_id_with_id_non_null_and_id",
        "{ people { ... on User { id name } ... on Admin { id name } } }",
        {
            "data": {
                "people": [
                    {"id": "id-u-1", "name": "Ann"},
                    {"id": "id-a-1", "name": "Bo"},
                    {"id": None, "name": "Cy"},
                ]
            },
            "errors": [SECRET],
        },
        requests={"people": 1, "directory": 0},
    ),
    Case(
        "conflict_below_an_object_of_each_type",
        "{ people { ... on User { badge { code } } ... on Admin { badge { code } } } }",
        {"data": {"people": [{"badge": {"code": 1}}, {"badge": {"code": 7}}, {"badge": {"code": 7}}]}},
        requests={"people": 1, "directory": 0},
    ),
    Case(
        "client_alias_kept",
        "{ people { ... on User { who: id office } ... on Admin { who: id } } }",
        {
            "data": {
                "people": [
                    {"who": "id-u-1", "office": "HQ"},
                    {"who": "id-a-1"},
                    {"who": None},
                ]
            },
            "errors": [{**SECRET, "path": ["people", 2, "who"]}],
        },
        requests={"people": 1, "directory": 1},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_conflicts(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests

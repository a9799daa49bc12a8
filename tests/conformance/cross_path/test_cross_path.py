"""Conformance: an entity fetched once for several paths (cross-path merging) answers each path as
if it had been asked alone.

`featured` and `latest` are the same book. When both paths fetch from reviews, the planner may send
one `_entities` call with the union of their selections, but only when nothing one path alone asks
can null the entity for the other (every field only one side selects is nullable); an error stays
at the paths that asked for the failed field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.cross_path.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent
DOWNSTREAM = "DOWNSTREAM_SERVICE_ERROR"


def error(message: str, path: list[Any]) -> dict[str, Any]:
    return {"message": message, "path": path, "extensions": {"code": DOWNSTREAM, "serviceName": "reviews"}}


CASES = [
    Case(
        "error_of_a_field_one_path_asked_stays_there",
        "{ featured { title rating blurb } latest { title blurb } }",
        {
            "data": {
                "featured": {"title": "Dune", "rating": None, "blurb": "about Dune"},
                "latest": {"title": "Dune", "blurb": "about Dune"},
            },
            "errors": [error("rating withheld", ["featured", "rating"])],
        },
        # rating is nullable: its failure cannot null the entity, so one call serves both paths.
        requests={"library": 1, "reviews": 1},
    ),
    Case(
        "non_null_field_one_path_asked_nulls_only_that_path",
        "{ featured { title verdict } latest { title blurb } }",
        {
            "data": {"featured": None, "latest": {"title": "Dune", "blurb": "about Dune"}},
            "errors": [error("no verdict yet", ["featured", "verdict"])],
        },
        # verdict (String!) would null the shared entity: the paths are fetched separately.
        requests={"library": 1, "reviews": 2},
    ),
    Case(
        "non_null_field_both_paths_asked_nulls_both",
        "{ featured { title verdict } latest { verdict } }",
        {
            "data": {"featured": None, "latest": None},
            "errors": [
                error("no verdict yet", ["featured", "verdict"]),
                error("no verdict yet", ["latest", "verdict"]),
            ],
        },
        requests={"library": 1, "reviews": 1},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cross_path(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests

"""Conformance: `@requires` that goes back and forth between subgraphs (see subgraphs.py).

Circular requirements across two subgraphs plan and run in order (feed → posts → feed → posts →
feed); a requirement of external fields beneath a local field with arguments runs D → C → D; two
requirements of one field with different arguments each get their own value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.requires_chains.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture, sent_representations

FOLDER = Path(__file__).parent

CASES = [
    Case(
        "circular_requires_across_two_subgraphs",
        "{ feed { id byExpert } }",
        {"data": {"feed": [{"id": "p-1", "byExpert": False}, {"id": "p-2", "byExpert": True}]}},
        # feed, posts (author), feed (yearsOfExperience), posts (byNovice), feed (byExpert)
        requests={"feed": 3, "posts": 2, "comments": 0, "tax": 0},
    ),
    Case(
        "the_middle_of_the_circle_alone",
        "{ feed { byNovice } }",
        {"data": {"feed": [{"byNovice": True}, {"byNovice": False}]}},
        requests={"feed": 2, "posts": 2, "comments": 0, "tax": 0},
    ),
    Case(
        "external_fields_below_a_local_field_with_arguments",
        '{ post(id: "p-1") { digest comments { id } } }',
        {
            "data": {
                "post": {
                    "digest": "3 comments by au-1, au-2",
                    "comments": [{"id": "c-1"}, {"id": "c-2"}, {"id": "c-3"}, {"id": "c-4"}],
                }
            }
        },
        # posts (comments(limit: 3) under an alias, beside the client's comments), comments, posts
        requests={"feed": 0, "posts": 2, "comments": 1, "tax": 0},
    ),
    Case(
        "one_required_field_with_two_arguments",
        "{ feed { usTax euTax } }",
        {"data": {"feed": [{"usTax": 20, "euTax": 27}, {"usTax": 20, "euTax": 27}]}},
        # each requirement sends its own price: two tax calls, one per currency
        requests={"feed": 1, "posts": 0, "comments": 0, "tax": 2},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_requires_chains(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests


def test_each_currency_reaches_its_own_field(sc: Any) -> None:
    sc.query("{ feed { usTax euTax } }")
    prices = sorted(rep["price"] for rep in sent_representations(sc, "tax"))
    assert prices == [9, 9, 10, 10]


def test_required_comments_carry_the_limit(sc: Any) -> None:
    sc.query('{ post(id: "p-1") { digest } }')
    (rep,) = [r for r in sent_representations(sc, "posts") if r["__typename"] == "Post"]
    assert rep == {
        "__typename": "Post",
        "id": "p-1",
        "comments": [
            {"__typename": "Comment", "authorId": "au-2"},
            {"__typename": "Comment", "authorId": "au-1"},
            {"__typename": "Comment", "authorId": "au-2"},
        ],
    }

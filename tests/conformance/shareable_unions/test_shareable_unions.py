"""Conformance: a shareable value type holding a union each subgraph knows only in part (see
subgraphs.py): the root field goes to a subgraph that can return every type the client selects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.shareable_unions.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent

CASES = [
    Case(
        "members_only_one_subgraph_knows",
        "{ feed { items { ... on Post { title } ... on Ad { text } } } }",
        {"data": {"feed": {"items": [{"title": "Spring"}, {"text": "Buy now"}, {"title": "Autumn"}]}}},
        # ads returns the whole list (posts never returns an ad); posts adds the titles by key.
        requests={"ads": 1, "posts": 1},
    ),
    Case(
        "members_both_know",
        "{ feed { items { ... on Post { title } } } }",
        {"data": {"feed": {"items": [{"title": "Spring"}, {"title": "Autumn"}]}}},
        requests={"ads": 0, "posts": 1},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_shareable_unions(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests

"""Conformance: an entity call waits for every fetch that supplies its key fields, also when the
key comes from re-entering a parent entity through nested shared objects (see subgraphs.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.dependencies.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture, sent_representations

FOLDER = Path(__file__).parent

CASES = [
    Case(
        "key_from_a_re_entered_parent_is_fetched_first",
        "{ order { shipment { carrier parcel { size weight } } } }",
        {"data": {"order": {"shipment": {"carrier": "Posten", "parcel": {"size": 3, "weight": 1200}}}}},
        # orders, then shipping (the code, through Order), then parcels with that code.
        requests={"orders": 1, "shipping": 1, "parcels": 1},
    ),
    Case(
        "key_and_field_of_the_re_entered_parent",
        "{ order { id shipment { parcel { code weight } } } }",
        {"data": {"order": {"id": "o-1", "shipment": {"parcel": {"code": "p-9", "weight": 1200}}}}},
        requests={"orders": 1, "shipping": 1, "parcels": 1},
    ),
]

sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_dependencies(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests


def test_the_parcels_call_carries_the_code(sc: Any) -> None:
    sc.query("{ order { shipment { parcel { weight } } } }")  # the recorders restart per query
    assert sent_representations(sc, "parcels") == [{"__typename": "Parcel", "code": "p-9"}]

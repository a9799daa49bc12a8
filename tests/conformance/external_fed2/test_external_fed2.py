"""external_fed2: Federation 2 @external -- used by @requires and @provides, inside `extend type`.

Data (subgraphs.py): members M1 Kati Kask (card LIB-0001, 2 loans), M2 Peeter Puu (LIB-0002, 0),
M3 Anu Aas (LIB-0003, 1). Overdue loans: "Spring" (M1), "Truth and Justice" (M3).
barcode = "*" + cardNumber + "*".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.external_fed2.subgraphs import APPS
from tests.support.cases import scenario_fixture

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_field_of_an_extend_type_in_a_v2_subgraph(sc: Scenario) -> None:
    q = "{ members { id name loans } }"
    assert sc.query(q) == {
        "data": {
            "members": [
                {"id": "M1", "name": "Kati Kask", "loans": 2},
                {"id": "M2", "name": "Peeter Puu", "loans": 0},
                {"id": "M3", "name": "Anu Aas", "loans": 1},
            ]
        }
    }
    # members, then loans for the counts (name stays with members).
    assert sc.subgraph_requests("members") == 1
    assert sc.subgraph_requests("loans") == 1
    assert sc.total_subgraph_requests() == 2


def test_several_root_fields_across_subgraphs(sc: Scenario) -> None:
    q = '{ member(id: "M2") { id name loans } overdueLoans { title } }'
    assert sc.query(q) == {
        "data": {
            "member": {"id": "M2", "name": "Peeter Puu", "loans": 0},
            "overdueLoans": [{"title": "Spring"}, {"title": "Truth and Justice"}],
        }
    }
    # member from members, overdueLoans from loans (in parallel), then loans again for M2's count.
    assert sc.subgraph_requests("members") == 1
    assert sc.subgraph_requests("loans") == 2


def test_external_field_served_where_provided(sc: Scenario) -> None:
    q = "{ overdueLoans { title borrower { id name loans } } }"
    assert sc.query(q) == {
        "data": {
            "overdueLoans": [
                {"title": "Spring", "borrower": {"id": "M1", "name": "Kati Kask", "loans": 2}},
                {"title": "Truth and Justice", "borrower": {"id": "M3", "name": "Anu Aas", "loans": 1}},
            ]
        }
    }
    # name is @external in loans but provided below overdueLoans.borrower: one request.
    assert sc.total_subgraph_requests() == 1


def test_external_field_beyond_provides(sc: Scenario) -> None:
    q = "{ overdueLoans { borrower { name cardNumber } } }"
    assert sc.query(q) == {
        "data": {
            "overdueLoans": [
                {"borrower": {"name": "Kati Kask", "cardNumber": "LIB-0001"}},
                {"borrower": {"name": "Anu Aas", "cardNumber": "LIB-0003"}},
            ]
        }
    }
    # cardNumber is members' only: loans, then one Member call to members.
    assert sc.subgraph_requests("loans") == 1
    assert sc.subgraph_requests("members") == 1


def test_external_field_used_by_requires(sc: Scenario) -> None:
    q = "{ members { name barcode } }"
    assert sc.query(q) == {
        "data": {
            "members": [
                {"name": "Kati Kask", "barcode": "*LIB-0001*"},
                {"name": "Peeter Puu", "barcode": "*LIB-0002*"},
                {"name": "Anu Aas", "barcode": "*LIB-0003*"},
            ]
        }
    }
    # members returns cardNumber with the list; cards computes the barcode.
    assert sc.subgraph_requests("members") == 1
    assert sc.subgraph_requests("cards") == 1
    assert sc.total_subgraph_requests() == 2


def test_requires_behind_provides(sc: Scenario) -> None:
    q = "{ overdueLoans { borrower { name barcode } } }"
    assert sc.query(q) == {
        "data": {
            "overdueLoans": [
                {"borrower": {"name": "Kati Kask", "barcode": "*LIB-0001*"}},
                {"borrower": {"name": "Anu Aas", "barcode": "*LIB-0003*"}},
            ]
        }
    }
    # loans (name provided) -> members (cardNumber) -> cards (barcode): three dependent calls.
    assert sc.subgraph_requests("loans") == 1
    assert sc.subgraph_requests("members") == 1
    assert sc.subgraph_requests("cards") == 1
    assert sc.total_subgraph_requests() == 3

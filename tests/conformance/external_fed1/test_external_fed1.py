"""external_fed1: Federation 1 subgraphs (`extend type`, `@extends`, @external keys) compose and resolve.

Data (subgraphs.py): schools S1 Kesklinna Kool (Tallinn, 640 pupils, fish soup), S2 Karlova Kool
(Tartu, 310, pasta), S3 Rannakula Kool (Parnu, 95, porridge). enrolment's topSchool is S1.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.external_fed1.subgraphs import APPS
from tests.support.cases import scenario_fixture

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_fields_from_extend_type_and_extends_subgraphs(sc: Scenario) -> None:
    q = "{ schools { code name pupils menu } }"
    assert sc.query(q) == {
        "data": {
            "schools": [
                {"code": "S1", "name": "Kesklinna Kool", "pupils": 640, "menu": "fish soup"},
                {"code": "S2", "name": "Karlova Kool", "pupils": 310, "menu": "pasta"},
                {"code": "S3", "name": "Rannakula Kool", "pupils": 95, "menu": "porridge"},
            ]
        }
    }
    # schools, then enrolment (`extend type`) and meals (`@extends`) in parallel, one call each.
    assert sc.subgraph_requests("schools") == 1
    assert sc.subgraph_requests("enrolment") == 1
    assert sc.subgraph_requests("meals") == 1


def test_root_field_on_an_extended_query_type_with_provides(sc: Scenario) -> None:
    q = "{ topSchool { code name pupils classes { grade size } } }"
    assert sc.query(q) == {
        "data": {
            "topSchool": {
                "code": "S1",
                "name": "Kesklinna Kool",
                "pupils": 640,
                "classes": [{"grade": 1, "size": 28}, {"grade": 2, "size": 30}],
            }
        }
    }
    # name is @external in enrolment but provided by topSchool: enrolment answers it all.
    assert sc.total_subgraph_requests() == 1


def test_external_field_outside_provides_comes_from_the_owner(sc: Scenario) -> None:
    q = "{ topSchool { name municipality } }"
    assert sc.query(q) == {"data": {"topSchool": {"name": "Kesklinna Kool", "municipality": "Tallinn"}}}
    assert sc.subgraph_requests("enrolment") == 1
    assert sc.subgraph_requests("schools") == 1
    assert sc.total_subgraph_requests() == 2


def test_fed1_requires(sc: Scenario) -> None:
    q = '{ school(code: "S2") { mealLabel } }'
    assert sc.query(q) == {"data": {"school": {"mealLabel": "Karlova Kool: pasta"}}}
    # schools gives code and name; meals computes the label from them.
    assert sc.subgraph_requests("schools") == 1
    assert sc.subgraph_requests("meals") == 1
    assert sc.total_subgraph_requests() == 2


def test_requires_satisfied_by_a_provided_field(sc: Scenario) -> None:
    q = "{ topSchool { menu mealLabel } }"
    assert sc.query(q) == {
        "data": {"topSchool": {"menu": "fish soup", "mealLabel": "Kesklinna Kool: fish soup"}}
    }
    # enrolment provides name with topSchool, which is all mealLabel requires: enrolment -> meals,
    # schools is not needed. (Apollo Gateway gets the same data with 4 requests: it ignores the
    # provided name, fetches it from schools, and calls meals twice, once for menu and once for
    # mealLabel. Both fields fit in one meals call once name is known.)
    assert sc.subgraph_requests("schools") == 0
    assert sc.total_subgraph_requests() == 2


def test_unknown_school_is_null(sc: Scenario) -> None:
    q = '{ school(code: "S9") { name pupils menu } }'
    assert sc.query(q) == {"data": {"school": None}}
    assert sc.total_subgraph_requests() == 1

"""parent_entity: fields of a key-less nested object are fetched by re-entering the parent entity.

Data (subgraphs.py): F1 "Residence registration" (section "Your new address", inputs street, city)
and F2 "Parental benefit" (section "About the child", input childCode).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.parent_entity.subgraphs import APPS
from tests.support.cases import scenario_fixture

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_nested_field_through_the_parents_key(sc: Scenario) -> None:
    q = "{ forms { title section { heading help } } }"
    assert sc.query(q) == {
        "data": {
            "forms": [
                {
                    "title": "Residence registration",
                    "section": {
                        "heading": "Your new address",
                        "help": "Give the address where you live most of the time",
                    },
                },
                {
                    "title": "Parental benefit",
                    "section": {"heading": "About the child", "help": "One form per child"},
                },
            ]
        }
    }
    # forms (title, heading), then _entities(Form) { section { help } } on layout; the two halves
    # of each section are merged into one object.
    assert sc.subgraph_requests("forms") == 1
    assert sc.subgraph_requests("layout") == 1
    assert sc.total_subgraph_requests() == 2


def test_two_levels_below_the_parent(sc: Scenario) -> None:
    q = '{ form(id: "F2") { title section { heading inputs { name hint } } } }'
    assert sc.query(q) == {
        "data": {
            "form": {
                "title": "Parental benefit",
                "section": {
                    "heading": "About the child",
                    "inputs": [{"name": "childCode", "hint": "11-digit personal code"}],
                },
            }
        }
    }
    # forms, then hints, which serves inputs { name hint } under the Form it is given.
    assert sc.subgraph_requests("forms") == 1
    assert sc.subgraph_requests("hints") == 1
    assert sc.total_subgraph_requests() == 2


def test_one_nested_object_from_three_subgraphs(sc: Scenario) -> None:
    q = "{ forms { id section { heading help inputs { name hint } } } }"
    assert sc.query(q) == {
        "data": {
            "forms": [
                {
                    "id": "F1",
                    "section": {
                        "heading": "Your new address",
                        "help": "Give the address where you live most of the time",
                        "inputs": [
                            {"name": "street", "hint": "Street and house number"},
                            {"name": "city", "hint": "Town or parish"},
                        ],
                    },
                },
                {
                    "id": "F2",
                    "section": {
                        "heading": "About the child",
                        "help": "One form per child",
                        "inputs": [{"name": "childCode", "hint": "11-digit personal code"}],
                    },
                },
            ]
        }
    }
    # forms, then layout (help) and hints (inputs) in parallel, each entered with the Form key.
    for name in ("forms", "layout", "hints"):
        assert sc.subgraph_requests(name) == 1, name
    assert sc.total_subgraph_requests() == 3


def test_nested_field_the_root_subgraph_has(sc: Scenario) -> None:
    q = "{ forms { section { heading } } }"
    assert sc.query(q) == {
        "data": {
            "forms": [
                {"section": {"heading": "Your new address"}},
                {"section": {"heading": "About the child"}},
            ]
        }
    }
    assert sc.total_subgraph_requests() == 1


def test_missing_parent_is_null(sc: Scenario) -> None:
    q = '{ form(id: "F9") { section { help } } }'
    assert sc.query(q) == {"data": {"form": None}}
    assert sc.total_subgraph_requests() == 1


def test_nested_field_computed_from_the_parents_required_field(sc: Scenario) -> None:
    q = "{ forms { section { heading checklist } } }"
    assert sc.query(q) == {
        "data": {
            "forms": [
                {
                    "section": {
                        "heading": "Your new address",
                        "checklist": "Checklist: residence registration",
                    }
                },
                {"section": {"heading": "About the child", "checklist": "Checklist: parental benefit"}},
            ]
        }
    }
    # forms (heading, and title for the @requires), then guidance with {id, title}.
    assert sc.subgraph_requests("forms") == 1
    assert sc.subgraph_requests("guidance") == 1
    assert sc.total_subgraph_requests() == 2


def test_one_nested_object_from_four_subgraphs(sc: Scenario) -> None:
    q = '{ form(id: "F1") { section { heading help checklist inputs { hint } } } }'
    assert sc.query(q) == {
        "data": {
            "form": {
                "section": {
                    "heading": "Your new address",
                    "help": "Give the address where you live most of the time",
                    "checklist": "Checklist: residence registration",
                    "inputs": [{"hint": "Street and house number"}, {"hint": "Town or parish"}],
                }
            }
        }
    }
    # forms, then layout, guidance and hints in parallel, each entered with F1's key.
    for name in ("forms", "layout", "guidance", "hints"):
        assert sc.subgraph_requests(name) == 1, name
    assert sc.total_subgraph_requests() == 4


def test_client_alias_named_like_the_parents_key(sc: Scenario) -> None:
    q = "{ forms { id: title section { help } } }"
    # The response's `id` is the title; re-entering Form on layout still needs the real id.
    # (Apollo Gateway drops the title and answers "id": "F1".)
    assert sc.query(q) == {
        "data": {
            "forms": [
                {
                    "id": "Residence registration",
                    "section": {"help": "Give the address where you live most of the time"},
                },
                {"id": "Parental benefit", "section": {"help": "One form per child"}},
            ]
        }
    }
    assert sc.total_subgraph_requests() == 2

"""provides: fields a subgraph @provides are taken from it; one step outside them costs an entity call.

Data (subgraphs.py): S1 "Declare income" (Tax Board, headed by Liis Lepp; contact: that official;
channels: website W1 and office OF1) and S2 "Register vehicle" (Transport Administration, headed by
Toomas Org; contact: Transport helpline; channel: office OF2).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.provides.subgraphs import APPS
from tests.support.cases import scenario_fixture, sent_representations

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_nested_provides_stays_in_one_subgraph(sc: Scenario) -> None:
    q = "{ featuredServices { title agency { name head { name } } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {"title": "Declare income", "agency": {"name": "Tax Board", "head": {"name": "Liis Lepp"}}},
                {
                    "title": "Register vehicle",
                    "agency": {"name": "Transport Administration", "head": {"name": "Toomas Org"}},
                },
            ]
        }
    }
    # Everything asked is provided by portal two levels deep: directory must not be called.
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 0


def test_nested_provides_stepping_outside(sc: Scenario) -> None:
    q = "{ featuredServices { agency { name website head { name phone } } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {
                    "agency": {
                        "name": "Tax Board",
                        "website": "tax.example",
                        "head": {"name": "Liis Lepp", "phone": "+372 600 0001"},
                    }
                },
                {
                    "agency": {
                        "name": "Transport Administration",
                        "website": "transport.example",
                        "head": {"name": "Toomas Org", "phone": "+372 600 0002"},
                    }
                },
            ]
        }
    }
    # website and phone are directory's only. One Agency entity call to directory can return
    # website and head { phone } together (directory resolves Agency.head itself), so 1 + 1.
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 1


def test_provides_on_interface_field(sc: Scenario) -> None:
    q = "{ featuredServices { contact { __typename id name } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {"contact": {"__typename": "Official", "id": "O1", "name": "Liis Lepp"}},
                {"contact": {"__typename": "Helpdesk", "id": "H1", "name": "Transport helpline"}},
            ]
        }
    }
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 0


def test_provides_on_interface_field_stepping_outside(sc: Scenario) -> None:
    q = "{ featuredServices { contact { name ... on Official { phone } ... on Helpdesk { hours } } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {"contact": {"name": "Liis Lepp", "phone": "+372 600 0001"}},
                {"contact": {"name": "Transport helpline", "hours": "8-20"}},
            ]
        }
    }
    # portal, then one _entities call to directory carrying both the Official and the Helpdesk.
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 1


def test_provides_on_union_field(sc: Scenario) -> None:
    q = "{ featuredServices { channels { __typename ... on Office { address } ... on Website { url } } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {
                    "channels": [
                        {"__typename": "Website", "url": "https://e-tax.example"},
                        {"__typename": "Office", "address": "Lootsa 8, Tallinn"},
                    ]
                },
                {"channels": [{"__typename": "Office", "address": "Riia 15, Tartu"}]},
            ]
        }
    }
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 0


def test_provides_on_union_field_stepping_outside(sc: Scenario) -> None:
    q = """{ featuredServices { channels {
        ... on Office { address openingHours } ... on Website { url uptime } } } }"""
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {
                    "channels": [
                        {"url": "https://e-tax.example", "uptime": "99.9%"},
                        {"address": "Lootsa 8, Tallinn", "openingHours": "9-17"},
                    ]
                },
                {"channels": [{"address": "Riia 15, Tartu", "openingHours": "10-16"}]},
            ]
        }
    }
    # portal, then one _entities call to directory for the three channels of both kinds.
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 1


def test_same_entity_without_provides_goes_to_the_owner(sc: Scenario) -> None:
    q = "{ agencies { id name head { name } } }"
    assert sc.query(q) == {
        "data": {
            "agencies": [
                {"id": "A1", "name": "Tax Board", "head": {"name": "Liis Lepp"}},
                {"id": "A2", "name": "Transport Administration", "head": {"name": "Toomas Org"}},
            ]
        }
    }
    # Query.agencies carries no @provides: portal's external fields cannot be used here
    # (portal would answer them with errors), so name and head come from directory.
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 1


def test_union_members_half_inside_provides(sc: Scenario) -> None:
    q = "{ featuredServices { channels { ... on Office { address } ... on Website { uptime } } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {"channels": [{"uptime": "99.9%"}, {"address": "Lootsa 8, Tallinn"}]},
                {"channels": [{"address": "Riia 15, Tartu"}]},
            ]
        }
    }
    # Office.address is provided; Website.uptime is not: only the website goes to directory.
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 1
    assert sent_representations(sc, "directory") == [{"__typename": "Website", "id": "W1"}]


def test_interface_members_half_inside_provides(sc: Scenario) -> None:
    q = "{ featuredServices { title contact { name ... on Helpdesk { hours } } } }"
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {"title": "Declare income", "contact": {"name": "Liis Lepp"}},
                {"title": "Register vehicle", "contact": {"name": "Transport helpline", "hours": "8-20"}},
            ]
        }
    }
    # Only the helpdesk needs directory (hours); the official's name is provided.
    assert sc.subgraph_requests("directory") == 1
    assert sent_representations(sc, "directory") == [{"__typename": "Helpdesk", "id": "H1"}]


def test_client_alias_named_like_the_key_inside_a_provided_object(sc: Scenario) -> None:
    q = "{ featuredServices { agency { id: name website } } }"
    # `id` in the response is the agency's name (provided by portal); directory still needs the
    # agency's real id to return the website. (Apollo Gateway drops the name and answers "id": "A1".)
    assert sc.query(q) == {
        "data": {
            "featuredServices": [
                {"agency": {"id": "Tax Board", "website": "tax.example"}},
                {"agency": {"id": "Transport Administration", "website": "transport.example"}},
            ]
        }
    }
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("directory") == 1


def test_shared_root_field_goes_where_provides_covers_the_union_members(sc: Scenario) -> None:
    # allChannels is in kiosk (ids only) and portal (@provides on both members): portal answers all.
    q = "{ allChannels { ... on Office { address } ... on Website { url } } }"
    assert sc.query(q) == {
        "data": {
            "allChannels": [
                {"address": "Lootsa 8, Tallinn"},
                {"address": "Riia 15, Tartu"},
                {"url": "https://e-tax.example"},
            ]
        }
    }
    assert sc.subgraph_requests("portal") == 1
    assert sc.subgraph_requests("kiosk") == 0
    assert sc.subgraph_requests("directory") == 0

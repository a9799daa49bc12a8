"""node: node(id) returns entities of several types; `... on X` fields come from X's owner.

Data (subgraphs.py): citizens CIT-1 Mari Tamm (VEH-1), CIT-2 Jaan Kask (VEH-2); vehicles VEH-1 Skoda
Octavia, VEH-2 Toyota Corolla; documents DOC-1 Residence permit, DOC-2 Tax decision 2025. me = CIT-1.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.node.subgraphs import APPS
from tests.support.cases import scenario_fixture

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_node_fragment_resolved_by_the_owner(sc: Scenario) -> None:
    q = '{ node(id: "VEH-1") { __typename id ... on Vehicle { make } } }'
    assert sc.query(q) == {
        "data": {"node": {"__typename": "Vehicle", "id": "VEH-1", "make": "Skoda Octavia"}}
    }
    # nodes knows the type, transport the make.
    assert sc.subgraph_requests("nodes") == 1
    assert sc.subgraph_requests("transport") == 1
    assert sc.total_subgraph_requests() == 2


def test_fragments_of_other_types_are_ignored(sc: Scenario) -> None:
    q = """{ node(id: "CIT-2") {
        id ... on Citizen { name } ... on Vehicle { make } ... on Document { title } } }"""
    assert sc.query(q) == {"data": {"node": {"id": "CIT-2", "name": "Jaan Kask"}}}
    # only people is asked: the node is a Citizen.
    assert sc.subgraph_requests("nodes") == 1
    assert sc.subgraph_requests("people") == 1
    assert sc.total_subgraph_requests() == 2


def test_id_and_typename_need_only_the_node_subgraph(sc: Scenario) -> None:
    q = '{ node(id: "DOC-2") { __typename id } }'
    assert sc.query(q) == {"data": {"node": {"__typename": "Document", "id": "DOC-2"}}}
    assert sc.total_subgraph_requests() == 1


def test_unknown_id_is_null(sc: Scenario) -> None:
    q = '{ node(id: "NOPE-1") { id ... on Citizen { name } } }'
    assert sc.query(q) == {"data": {"node": None}}
    assert sc.total_subgraph_requests() == 1


def test_mixed_list_of_nodes(sc: Scenario) -> None:
    q = """
      query Mixed($ids: [ID!]!) {
        nodes(ids: $ids) {
          __typename
          id
          ... on Citizen { name }
          ... on Vehicle { make owner { name } }
          ... on Document { title }
        }
      }
    """
    assert sc.query(q, {"ids": ["CIT-1", "VEH-2", "DOC-1", "NOPE-2"]}) == {
        "data": {
            "nodes": [
                {"__typename": "Citizen", "id": "CIT-1", "name": "Mari Tamm"},
                {
                    "__typename": "Vehicle",
                    "id": "VEH-2",
                    "make": "Toyota Corolla",
                    "owner": {"name": "Jaan Kask"},
                },
                {"__typename": "Document", "id": "DOC-1", "title": "Residence permit"},
                None,
            ]
        }
    }
    # nodes; then transport (VEH-2) and archive (DOC-1) in parallel; then ONE people call for both
    # the citizen node (CIT-1) and the vehicle's owner (CIT-2). Holding CIT-1 back until transport
    # answered costs no round trip -- the owner needs that third round anyway -- and saves a request.
    # (Apollo Gateway asks people twice, in rounds two and three: 5 requests.)
    assert sc.subgraph_requests("nodes") == 1
    assert sc.subgraph_requests("transport") == 1
    assert sc.subgraph_requests("archive") == 1
    assert sc.subgraph_requests("people") == 1
    assert sc.total_subgraph_requests() == 4


def test_node_fields_through_an_interface_fragment(sc: Scenario) -> None:
    q = "{ me { name vehicles { ... on Node { id } make owner { ... on Node { __typename id } } } } }"
    assert sc.query(q) == {
        "data": {
            "me": {
                "name": "Mari Tamm",
                "vehicles": [
                    {
                        "id": "VEH-1",
                        "make": "Skoda Octavia",
                        "owner": {"__typename": "Citizen", "id": "CIT-1"},
                    }
                ],
            }
        }
    }
    # people, then transport for make and owner (the owner's id and type come with it).
    assert sc.subgraph_requests("people") == 1
    assert sc.subgraph_requests("transport") == 1
    assert sc.total_subgraph_requests() == 2


def test_named_fragments_on_the_interface_and_its_members(sc: Scenario) -> None:
    q = """
      query Look($id: ID!) { node(id: $id) { ...NodeBits ...VehicleBits } }
      fragment NodeBits on Node { __typename id }
      fragment VehicleBits on Vehicle { make owner { ...CitizenBits } }
      fragment CitizenBits on Citizen { name vehicles { ...NodeBits } }
    """
    assert sc.query(q, {"id": "VEH-1"}) == {
        "data": {
            "node": {
                "__typename": "Vehicle",
                "id": "VEH-1",
                "make": "Skoda Octavia",
                "owner": {"name": "Mari Tamm", "vehicles": [{"__typename": "Vehicle", "id": "VEH-1"}]},
            }
        }
    }
    # nodes -> transport (make, owner id) -> people (name, vehicles).
    assert sc.subgraph_requests("nodes") == 1
    assert sc.subgraph_requests("transport") == 1
    assert sc.subgraph_requests("people") == 1
    assert sc.total_subgraph_requests() == 3


def test_the_same_node_twice(sc: Scenario) -> None:
    q = '{ nodes(ids: ["VEH-1", "CIT-2", "VEH-1"]) { id ... on Vehicle { make } ... on Citizen { name } } }'
    assert sc.query(q) == {
        "data": {
            "nodes": [
                {"id": "VEH-1", "make": "Skoda Octavia"},
                {"id": "CIT-2", "name": "Jaan Kask"},
                {"id": "VEH-1", "make": "Skoda Octavia"},
            ]
        }
    }
    # nodes, then transport and people in parallel.
    assert sc.total_subgraph_requests() == 3


def test_client_alias_named_like_the_key(sc: Scenario) -> None:
    q = '{ node(id: "VEH-2") { id: __typename ... on Vehicle { make } } }'
    # The response's `id` is the type name; the call to transport still needs the real id.
    assert sc.query(q) == {"data": {"node": {"id": "Vehicle", "make": "Toyota Corolla"}}}
    assert sc.total_subgraph_requests() == 2

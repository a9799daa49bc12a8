"""entity_keys: the gateway enters subgraphs through single, compound, nested and alternative keys.

Data (subgraphs.py): permits P1..P3. Holder H1 exists in EE *and* FI, licence L-100 from TRA *and* POL,
so a representation missing part of its key resolves the wrong entity. Vehicle plate 123ABC -> VIN-A1
(inspected, passed), 777XYZ -> VIN-B2 (failed); only `fleet` knows both keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.entity_keys.subgraphs import APPS
from tests.support.cases import scenario_fixture, sent_representations

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_single_key(sc: Scenario) -> None:
    q = "{ permits { id title fee } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"id": "P1", "title": "Market stall", "fee": 120},
                {"id": "P2", "title": "Street party", "fee": 45},
                {"id": "P3", "title": "Food truck", "fee": 300},
            ]
        }
    }
    # registry for the list, then one batched _entities call to finance for all three permits.
    assert sc.subgraph_requests("registry") == 1
    assert sc.subgraph_requests("finance") == 1
    assert sc.total_subgraph_requests() == 2


def test_compound_key_sends_every_key_field(sc: Scenario) -> None:
    q = "{ permits { id holder { id country name } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"id": "P1", "holder": {"id": "H1", "country": "EE", "name": "Mari Tamm"}},
                {"id": "P2", "holder": {"id": "H1", "country": "FI", "name": "Matti Virtanen"}},
                {"id": "P3", "holder": {"id": "H2", "country": "EE", "name": "Jaan Kask"}},
            ]
        }
    }
    # registry, then one batched Holder call to people.
    assert sc.total_subgraph_requests() == 2
    # Each representation carries the whole compound key and nothing else.
    assert {tuple(sorted(r)) for r in sent_representations(sc, "people")} == {("__typename", "country", "id")}


def test_nested_compound_key(sc: Scenario) -> None:
    q = "{ permits { licence { number issuer { id } category } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"licence": {"number": "L-100", "issuer": {"id": "TRA"}, "category": "C1"}},
                {"licence": {"number": "L-100", "issuer": {"id": "POL"}, "category": "public event"}},
                {"licence": {"number": "L-200", "issuer": {"id": "TRA"}, "category": "C"}},
            ]
        }
    }
    # registry, then one batched Licence call to people with {number, issuer: {id}} representations.
    assert sc.total_subgraph_requests() == 2
    assert {"__typename": "Licence", "number": "L-100", "issuer": {"id": "POL"}} in sent_representations(
        sc, "people"
    )


def test_second_key_reached_through_intermediate_subgraph(sc: Scenario) -> None:
    q = "{ permits { title vehicle { plate lastInspection passed } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {
                    "title": "Market stall",
                    "vehicle": {"plate": "123ABC", "lastInspection": "2026-03-01", "passed": True},
                },
                {
                    "title": "Street party",
                    "vehicle": {"plate": "777XYZ", "lastInspection": "2025-11-20", "passed": False},
                },
                {
                    "title": "Food truck",
                    "vehicle": {"plate": "123ABC", "lastInspection": "2026-03-01", "passed": True},
                },
            ]
        }
    }
    # registry only knows plates, inspections only accepts VINs: registry -> fleet (plate -> vin)
    # -> inspections. Three sequential fetches is the minimum; one per subgraph.
    assert sc.subgraph_requests("registry") == 1
    assert sc.subgraph_requests("fleet") == 1
    assert sc.subgraph_requests("inspections") == 1
    assert sc.total_subgraph_requests() == 3


def test_alternative_key_from_the_other_side(sc: Scenario) -> None:
    q = "{ failedInspections { vin plate lastInspection } }"
    assert sc.query(q) == {
        "data": {"failedInspections": [{"vin": "VIN-B2", "plate": "777XYZ", "lastInspection": "2025-11-20"}]}
    }
    # inspections for the list, fleet (entered by vin) for the plate.
    assert sc.subgraph_requests("inspections") == 1
    assert sc.subgraph_requests("fleet") == 1
    assert sc.total_subgraph_requests() == 2


def test_key_fields_alone_need_no_entity_call(sc: Scenario) -> None:
    q = "{ permits { vehicle { plate } officer { badge } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"vehicle": {"plate": "123ABC"}, "officer": {"badge": "B-7"}},
                {"vehicle": {"plate": "777XYZ"}, "officer": {"badge": "B-9"}},
                {"vehicle": {"plate": "123ABC"}, "officer": {"badge": "B-7"}},
            ]
        }
    }
    # registry holds every requested field itself.
    assert sc.total_subgraph_requests() == 1


def test_unresolvable_key_is_only_a_reference(sc: Scenario) -> None:
    q = '{ permit(id: "P2") { officer { badge name } } }'
    assert sc.query(q) == {"data": {"permit": {"officer": {"badge": "B-9", "name": "Insp. Mets"}}}}
    # registry declares Officer @key(resolvable: false): it hands out the badge but is never
    # asked for an Officer; people resolves the name.
    assert sc.subgraph_requests("registry") == 1
    assert sc.subgraph_requests("people") == 1
    assert sc.total_subgraph_requests() == 2


def test_all_keys_in_one_query(sc: Scenario) -> None:
    q = """
      query One($id: ID!) {
        permit(id: $id) {
          title fee
          holder { name }
          licence { category }
          vehicle { vin passed }
          officer { name }
        }
      }
    """
    assert sc.query(q, {"id": "P1"}) == {
        "data": {
            "permit": {
                "title": "Market stall",
                "fee": 120,
                "holder": {"name": "Mari Tamm"},
                "licence": {"category": "C1"},
                "vehicle": {"vin": "VIN-A1", "passed": True},
                "officer": {"name": "Insp. Sepp"},
            }
        }
    }
    # people may be called once per path (holder, licence, officer) or once for all three, so
    # only the subgraphs with a single use are pinned.
    for name in ("registry", "finance", "fleet", "inspections"):
        assert sc.subgraph_requests(name) == 1, name


def test_unknown_permit_is_null(sc: Scenario) -> None:
    q = '{ permit(id: "P404") { title fee holder { name } } }'
    assert sc.query(q) == {"data": {"permit": None}}
    # nothing to enter when the root field is null.
    assert sc.total_subgraph_requests() == 1


def test_entity_cycle_back_to_the_first_subgraph(sc: Scenario) -> None:
    q = '{ permit(id: "P2") { title holder { name permits { id title fee holder { country } } } } }'
    assert sc.query(q) == {
        "data": {
            "permit": {
                "title": "Street party",
                "holder": {
                    "name": "Matti Virtanen",
                    "permits": [
                        {"id": "P2", "title": "Street party", "fee": 45, "holder": {"country": "FI"}}
                    ],
                },
            }
        }
    }
    # registry -> people (name, permits) -> registry (title, holder) and finance (fee) in parallel.
    # registry twice: the inner permits' ids are known only after people answered.
    assert sc.subgraph_requests("registry") == 2
    assert sc.subgraph_requests("people") == 1
    assert sc.subgraph_requests("finance") == 1
    assert sc.total_subgraph_requests() == 4


def test_aliases_across_entity_calls(sc: Scenario) -> None:
    q = """{
      a: permit(id: "P1") { cost: fee holder { who: name } }
      b: permit(id: "P3") { fee vehicle { ok: passed vin } }
    }"""
    assert sc.query(q) == {
        "data": {
            "a": {"cost": 120, "holder": {"who": "Mari Tamm"}},
            "b": {"fee": 300, "vehicle": {"ok": True, "vin": "VIN-A1"}},
        }
    }


def test_same_entity_twice_in_a_list_is_sent_once(sc: Scenario) -> None:
    q = "{ permits { vehicle { vin } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"vehicle": {"vin": "VIN-A1"}},
                {"vehicle": {"vin": "VIN-B2"}},
                {"vehicle": {"vin": "VIN-A1"}},
            ]
        }
    }
    # P1 and P3 share plate 123ABC: two distinct representations, one request. Deduplication is
    # an efficiency property, not a correctness one: Apollo Gateway sends 123ABC twice.
    assert sc.subgraph_requests("fleet") == 1
    assert sorted(r["plate"] for r in sent_representations(sc, "fleet")) == ["123ABC", "777XYZ"]


def test_aliased_key_field_still_keys_the_next_call(sc: Scenario) -> None:
    q = '{ permit(id: "P2") { vehicle { p: plate v: vin passed } } }'
    assert sc.query(q) == {"data": {"permit": {"vehicle": {"p": "777XYZ", "v": "VIN-B2", "passed": False}}}}
    # The client aliases the keys; the representations still carry plate (to fleet) and vin (to
    # inspections) under their own names.
    assert sent_representations(sc, "fleet") == [{"__typename": "Vehicle", "plate": "777XYZ"}]
    assert sent_representations(sc, "inspections") == [{"__typename": "Vehicle", "vin": "VIN-B2"}]


def test_lists_inside_lists_across_subgraphs(sc: Scenario) -> None:
    q = "{ permits { id holder { permits { licence { category } } } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"id": "P1", "holder": {"permits": [{"licence": {"category": "C1"}}]}},
                {"id": "P2", "holder": {"permits": [{"licence": {"category": "public event"}}]}},
                {"id": "P3", "holder": {"permits": [{"licence": {"category": "C"}}]}},
            ]
        }
    }
    # registry -> people (holders' permits) -> registry (their licences) -> people (categories).
    assert sc.subgraph_requests("registry") == 2
    assert sc.subgraph_requests("people") == 2
    assert sc.total_subgraph_requests() == 4


def test_requires_on_an_entity_reached_through_another_key(sc: Scenario) -> None:
    q = "{ permits { vehicle { retestFee } } }"
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"vehicle": {"retestFee": 25}},
                {"vehicle": {"retestFee": 40}},
                {"vehicle": {"retestFee": 25}},
            ]
        }
    }
    # registry (plate) -> fleet (vin) -> inspections with {vin, plate}: the key comes from fleet,
    # the required plate from registry.
    assert sc.subgraph_requests("registry") == 1
    assert sc.subgraph_requests("fleet") == 1
    assert sc.subgraph_requests("inspections") == 1
    assert {"__typename": "Vehicle", "vin": "VIN-B2", "plate": "777XYZ"} in sent_representations(
        sc, "inspections"
    )


def test_requires_back_into_the_root_subgraph(sc: Scenario) -> None:
    q = "{ failedInspections { vin retestFee } }"
    assert sc.query(q) == {"data": {"failedInspections": [{"vin": "VIN-B2", "retestFee": 40}]}}
    # inspections (vin) -> fleet (plate) -> inspections again (retestFee).
    assert sc.subgraph_requests("inspections") == 2
    assert sc.subgraph_requests("fleet") == 1
    assert sc.total_subgraph_requests() == 3


def test_same_entity_at_two_paths(sc: Scenario) -> None:
    q = '{ permits { id fee } again: permit(id: "P1") { fee holder { name } } }'
    assert sc.query(q) == {
        "data": {
            "permits": [{"id": "P1", "fee": 120}, {"id": "P2", "fee": 45}, {"id": "P3", "fee": 300}],
            "again": {"fee": 120, "holder": {"name": "Mari Tamm"}},
        }
    }
    # Both root fields come from registry in one request; P1's fee is needed at two paths.
    assert sc.subgraph_requests("registry") == 1


def test_client_alias_named_like_a_key_field(sc: Scenario) -> None:
    q = "{ permits { id: title fee kind: __typename } }"
    # The client calls `title` "id"; the gateway still needs the real id to ask finance for fees, so
    # it must fetch that id under a name of its own. (Apollo Gateway gets this wrong: it sends
    # `{permits{__typename id ...}}`, dropping title, and answers "id": "P1".)
    assert sc.query(q) == {
        "data": {
            "permits": [
                {"id": "Market stall", "fee": 120, "kind": "Permit"},
                {"id": "Street party", "fee": 45, "kind": "Permit"},
                {"id": "Food truck", "fee": 300, "kind": "Permit"},
            ]
        }
    }
    assert sorted(r["id"] for r in sent_representations(sc, "finance")) == ["P1", "P2", "P3"]


def test_skipped_entity_fields_need_no_entity_call(sc: Scenario) -> None:
    q = """query Fees($withFee: Boolean!, $noHolder: Boolean!) {
      permits { id fee @include(if: $withFee) holder @skip(if: $noHolder) { name } }
    }"""
    assert sc.query(q, {"withFee": False, "noHolder": True}) == {
        "data": {"permits": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}]}
    }
    # Nothing outside registry is left once the variables are applied.
    assert sc.total_subgraph_requests() == 1
    assert sc.query(q, {"withFee": True, "noHolder": True}) == {
        "data": {"permits": [{"id": "P1", "fee": 120}, {"id": "P2", "fee": 45}, {"id": "P3", "fee": 300}]}
    }
    assert sc.subgraph_requests("finance") == 1
    assert sc.subgraph_requests("people") == 0

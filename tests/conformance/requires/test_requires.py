"""requires: the gateway fetches what a field @requires, with the right arguments, before calling it.

Data (subgraphs.py):
  P-1  area 500, assessed 100000 (2024) / 110000 (2025), Residential with 4 dwellings, tax-exempt,
       owned by the resident person Mari Tamm
  P-2  area 1200, assessed 250000 / 240000, Commercial with 900 m2, not exempt, owned by the company
       Turu Holdings (VAT EE100200300)
Formulas in tax: landTax = assessedValue(2025) // 100 + area + surcharge; zoningFee = 50 per dwelling
or 2 per m2; stampDuty = 10 resident person / 50 other person / 25 EE company / 40 other company;
propertyTax = marketValue // 1000 * 3; levy = adjustedValue // 100; municipalFee = rate(MUNICIPAL) *
area // 10 with rates MUNICIPAL 3 / 5 and STATE 7 / 9; registryLabel = district code + "/" + id, with
P-1 in D-1 (TLN-KES) and P-2 in D-2 (TRT-KES), districts owned by regions. Assets: Building B-1
Town hall (3 floors), Forest F-1 Oak grove (12 ha), Building B-2 Library (5 floors); insurance = 1000
per floor / 100 per hectare.
valuation: marketValue = area * 300; adjustedValue = 150000 / 360000, halved when exempt.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tests.conformance.requires.subgraphs import APPS
from tests.support.cases import scenario_fixture

if TYPE_CHECKING:
    from tests.support.scenario import Scenario

HERE = Path(__file__).parent
sc = scenario_fixture(HERE / "supergraph.graphql", APPS)


def test_requires_a_field_with_arguments(sc: Scenario) -> None:
    q = "{ parcels { id landTax } }"
    assert sc.query(q) == {
        "data": {"parcels": [{"id": "P-1", "landTax": 1600}, {"id": "P-2", "landTax": 3600}]}
    }
    # cadastre returns the parcels together with assessedValue(year: 2025) and area; then tax.
    assert sc.subgraph_requests("cadastre") == 1
    assert sc.subgraph_requests("tax") == 1
    assert sc.total_subgraph_requests() == 2


def test_required_argument_differs_from_the_clients(sc: Scenario) -> None:
    q = "{ parcels { id assessedValue(year: 2024) landTax(surcharge: 7) } }"
    # The client sees the 2024 value; landTax is computed from the 2025 value (1600 + 7, 3600 + 7).
    # A gateway that merges the two selections sends 2024's value and gets 1507 / 3707 -- Apollo
    # Gateway (the oracle) does exactly that: it fetches only assessedValue(year:2024) and sends it
    # as the required value. @requires names year 2025, so 1607 / 3607 is the right answer.
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {"id": "P-1", "assessedValue": 100000, "landTax": 1607},
                {"id": "P-2", "assessedValue": 250000, "landTax": 3607},
            ]
        }
    }
    # Both years fit in the one cadastre fetch (one of them under an alias), then tax.
    assert sc.total_subgraph_requests() == 2


def test_field_argument_from_a_variable(sc: Scenario) -> None:
    q = "query Tax($extra: Int!) { parcels { landTax(surcharge: $extra) } }"
    assert sc.query(q, {"extra": 40}) == {"data": {"parcels": [{"landTax": 1640}, {"landTax": 3640}]}}
    assert sc.total_subgraph_requests() == 2


def test_requires_with_inline_fragments_on_an_interface_field(sc: Scenario) -> None:
    q = "{ parcels { id zoningFee } }"
    assert sc.query(q) == {
        "data": {"parcels": [{"id": "P-1", "zoningFee": 200}, {"id": "P-2", "zoningFee": 1800}]}
    }
    # cadastre returns use { code ... on Residential { dwellings } ... on Commercial { floorArea } }; tax.
    assert sc.total_subgraph_requests() == 2


def test_requires_with_inline_fragments_on_a_union_field(sc: Scenario) -> None:
    q = "{ parcels { id stampDuty owner { ... on Company { name } } } }"
    # P-1's owner is a Person: the client's fragment selects nothing, so owner is {}.
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {"id": "P-1", "stampDuty": 10, "owner": {}},
                {"id": "P-2", "stampDuty": 25, "owner": {"name": "Turu Holdings"}},
            ]
        }
    }
    # cadastre returns owner { __typename ... on Person { resident } ... on Company { vatNumber name } }
    # with the parcels; then tax.
    assert sc.total_subgraph_requests() == 2


def test_requires_on_an_interface_implementation(sc: Scenario) -> None:
    q = "{ assets { __typename name ... on Building { insurance } ... on Forest { hectares } } }"
    assert sc.query(q) == {
        "data": {
            "assets": [
                {"__typename": "Building", "name": "Town hall", "insurance": 3000},
                {"__typename": "Forest", "name": "Oak grove", "hectares": 12},
                {"__typename": "Building", "name": "Library", "insurance": 5000},
            ]
        }
    }
    # cadastre returns the assets with the buildings' floors; only the two buildings go to tax.
    assert sc.subgraph_requests("cadastre") == 1
    assert sc.subgraph_requests("tax") == 1
    assert sc.total_subgraph_requests() == 2


def test_chain_of_requires(sc: Scenario) -> None:
    q = "{ parcels { id propertyTax } }"
    assert sc.query(q) == {
        "data": {"parcels": [{"id": "P-1", "propertyTax": 450}, {"id": "P-2", "propertyTax": 1080}]}
    }
    # propertyTax (tax) needs marketValue (valuation), which needs area (cadastre):
    # cadastre -> valuation -> tax, three dependent fetches.
    assert sc.subgraph_requests("cadastre") == 1
    assert sc.subgraph_requests("valuation") == 1
    assert sc.subgraph_requests("tax") == 1
    assert sc.total_subgraph_requests() == 3


def test_circular_requires(sc: Scenario) -> None:
    q = "{ parcels { id levy } }"
    assert sc.query(q) == {"data": {"parcels": [{"id": "P-1", "levy": 750}, {"id": "P-2", "levy": 3600}]}}
    # levy (tax) needs adjustedValue (valuation), which needs exempt (tax again):
    # cadastre -> tax (exempt) -> valuation (adjustedValue) -> tax (levy). tax is called twice,
    # and cannot be called less: its second call needs valuation's answer to its first.
    assert sc.subgraph_requests("cadastre") == 1
    assert sc.subgraph_requests("tax") == 2
    assert sc.subgraph_requests("valuation") == 1
    assert sc.total_subgraph_requests() == 4


def test_required_fields_also_selected_by_the_client(sc: Scenario) -> None:
    q = "{ parcels { address area exempt marketValue adjustedValue propertyTax levy zoningFee } }"
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {
                    "address": "Pikk 1",
                    "area": 500,
                    "exempt": True,
                    "marketValue": 150000,
                    "adjustedValue": 75000,
                    "propertyTax": 450,
                    "levy": 750,
                    "zoningFee": 200,
                },
                {
                    "address": "Turu 5",
                    "area": 1200,
                    "exempt": False,
                    "marketValue": 360000,
                    "adjustedValue": 360000,
                    "propertyTax": 1080,
                    "levy": 3600,
                    "zoningFee": 1800,
                },
            ]
        }
    }


def test_client_aliases_and_subselections_of_required_fields(sc: Scenario) -> None:
    q = "{ parcels { size: area use { kind: __typename code } zoningFee landTax } }"
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {
                    "size": 500,
                    "use": {"kind": "Residential", "code": "R1"},
                    "zoningFee": 200,
                    "landTax": 1600,
                },
                {
                    "size": 1200,
                    "use": {"kind": "Commercial", "code": "C2"},
                    "zoningFee": 1800,
                    "landTax": 3600,
                },
            ]
        }
    }
    # The client's alias and its smaller `use` selection do not change what tax receives: area under
    # its own name and use with the fragments' fields.
    assert sc.total_subgraph_requests() == 2
    sent = [
        value
        for request in sc.subgraphs["tax"].requests
        for values in (request.get("variables") or {}).values()
        if isinstance(values, list)
        for value in values
    ]
    assert [(r["area"], r["use"].get("dwellings"), r["use"].get("floorArea")) for r in sent] == [
        (500, 4, None),
        (1200, None, 900),
    ]


def test_requires_an_enum_argument_other_than_the_clients(sc: Scenario) -> None:
    q = "{ parcels { id rate(basis: STATE) municipalFee } }"
    # The client sees the STATE rate; municipalFee is computed from the MUNICIPAL one
    # (3 * 500 // 10, 5 * 1200 // 10); the STATE rate would give 350 / 1080, which is what Apollo
    # Gateway answers (same merging bug as with assessedValue above).
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {"id": "P-1", "rate": 7, "municipalFee": 150},
                {"id": "P-2", "rate": 9, "municipalFee": 600},
            ]
        }
    }
    # Both rates fit in the cadastre fetch (one under an alias), then tax.
    assert sc.total_subgraph_requests() == 2


def test_requires_a_field_of_another_entity(sc: Scenario) -> None:
    q = "{ parcels { id registryLabel } }"
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {"id": "P-1", "registryLabel": "TLN-KES/P-1"},
                {"id": "P-2", "registryLabel": "TRT-KES/P-2"},
            ]
        }
    }
    # cadastre gives district { id }; regions gives its code; tax gets {id, district: {code}}.
    assert sc.subgraph_requests("cadastre") == 1
    assert sc.subgraph_requests("regions") == 1
    assert sc.subgraph_requests("tax") == 1
    assert sc.total_subgraph_requests() == 3


def test_client_alias_named_like_a_required_field(sc: Scenario) -> None:
    q = "{ parcels { area: address landTax } }"
    # `area` in the response is the address; tax must still receive the real area (500 / 1200).
    # (Apollo Gateway sends the client's aliased value, "area": "Pikk 1", and tax fails.)
    assert sc.query(q) == {
        "data": {
            "parcels": [
                {"area": "Pikk 1", "landTax": 1600},
                {"area": "Turu 5", "landTax": 3600},
            ]
        }
    }
    assert sc.total_subgraph_requests() == 2


def test_one_field_twice_with_different_arguments_in_an_entity_call(sc: Scenario) -> None:
    q = "{ parcels { low: landTax(surcharge: 1) high: landTax(surcharge: 100) } }"
    assert sc.query(q) == {"data": {"parcels": [{"low": 1601, "high": 1700}, {"low": 3601, "high": 3700}]}}
    # Both aliases go into the same tax entity call.
    assert sc.subgraph_requests("tax") == 1
    assert sc.total_subgraph_requests() == 2


def test_requires_behind_an_interface_field(sc: Scenario) -> None:
    q = "{ assets { __typename name insurance } }"
    # insurance is a field of the interface; each implementation requires something else.
    assert sc.query(q) == {
        "data": {
            "assets": [
                {"__typename": "Building", "name": "Town hall", "insurance": 3000},
                {"__typename": "Forest", "name": "Oak grove", "insurance": 1200},
                {"__typename": "Building", "name": "Library", "insurance": 5000},
            ]
        }
    }
    # cadastre returns floors for buildings and hectares for forests; one tax call for all three.
    assert sc.subgraph_requests("cadastre") == 1
    assert sc.subgraph_requests("tax") == 1
    assert sc.total_subgraph_requests() == 2

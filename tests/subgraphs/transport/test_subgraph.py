"""The transport subgraph over real export files written by the seeder, served on 127.0.0.1."""

from __future__ import annotations

from collections import defaultdict

import pytest

from subgraphs.datagen.world import World
from subgraphs.transport.legacy.seed import annual_tax, to_codepage
from tests.subgraphs.callers import citizen, identity, official
from tests.subgraphs.transport.conftest import TransportServer

VEHICLE_FIELDS = "registrationNumber make model firstRegistered inspectionValidUntil annualTax"
CITIZEN_ENTITIES = """
query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Citizen {
      id
      vehicles { registrationNumber make inspectionValidUntil }
      drivingLicence { number validUntil categories }
    }
  }
}"""


def _owners(world: World) -> dict[str, list[str]]:
    owned: dict[str, list[str]] = defaultdict(list)
    for vehicle in world.vehicles:
        owned[vehicle.owner_id].append(vehicle.registration_number)
    return owned


def test_vehicle_by_registration_number(transport: TransportServer, world: World) -> None:
    vehicle = next((v for v in world.vehicles if v.make == "Škoda"), world.vehicles[0])  # not in cp037
    result = transport.query(
        f"query ($reg: String!) {{ vehicle(registrationNumber: $reg) {{ {VEHICLE_FIELDS} }} }}",
        {"reg": vehicle.registration_number.lower()},
    )
    assert "errors" not in result
    assert result["data"]["vehicle"] == {
        "registrationNumber": vehicle.registration_number,
        "make": to_codepage(vehicle.make),
        "model": vehicle.model,
        "firstRegistered": vehicle.first_registered.isoformat(),
        "inspectionValidUntil": vehicle.inspection_valid_until.isoformat(),
        "annualTax": str(annual_tax(vehicle, world.reference_date)),
    }
    missing = transport.query('{ vehicle(registrationNumber: "000XXX") { make } }')
    assert missing == {"data": {"vehicle": None}}


def test_citizen_entities_match_the_world_in_one_lookup(transport: TransportServer, world: World) -> None:
    owned = _owners(world)
    licences = {lic.citizen_id: lic for lic in world.driving_licences}
    two_cars = next(cid for cid, regs in owned.items() if len(regs) == 2)
    no_car = next(c.id for c in world.citizens if c.id not in owned and c.id not in licences)
    ids = [two_cars, no_car] + [c.id for c in world.citizens[:30]]
    before = transport.lookups("citizens")
    reps = {"reps": [{"__typename": "Citizen", "id": i} for i in ids]}
    result = transport.query(CITIZEN_ENTITIES, reps, **official("transport"))
    assert "errors" not in result
    assert transport.lookups("citizens") == before + 1
    entities = result["data"]["_entities"]
    assert len(entities) == len(ids)
    for cid, entity in zip(ids, entities, strict=True):
        assert entity["id"] == cid
        assert [v["registrationNumber"] for v in entity["vehicles"]] == owned.get(cid, [])
        licence = licences.get(cid)
        if licence is None:
            assert entity["drivingLicence"] is None
        else:
            assert entity["drivingLicence"] == {
                "number": licence.number,
                "validUntil": licence.valid_until.isoformat(),
                "categories": list(licence.categories),
            }
    assert len(entities[0]["vehicles"]) == 2
    assert entities[1] == {"id": no_car, "vehicles": [], "drivingLicence": None}


def test_vehicle_entities_are_one_lookup(transport: TransportServer, world: World) -> None:
    regs = [v.registration_number for v in world.vehicles[:25]]
    before = transport.lookups("vehicles")
    result = transport.query(
        "query ($reps: [_Any!]!) { _entities(representations: $reps) {"
        " ... on Vehicle { registrationNumber make } } }",
        {"reps": [{"__typename": "Vehicle", "registrationNumber": r} for r in regs]},
    )
    assert "errors" not in result
    assert [e["registrationNumber"] for e in result["data"]["_entities"]] == regs
    assert transport.lookups("vehicles") == before + 1


OWNER_QUERY = "query ($reg: String!) { vehicle(registrationNumber: $reg) { make owner { id } } }"


def test_owner_only_for_owner_or_official(transport: TransportServer, world: World) -> None:
    vehicle = world.vehicles[3]
    someone_else = next(c.id for c in world.citizens if c.id != vehicle.owner_id)
    variables = {"reg": vehicle.registration_number}

    refused = [
        {},  # anonymous
        {"x-citizen-id": vehicle.owner_id, "x-govgraph-role": "official"},  # client headers are no identity
        citizen("transport", someone_else),
        identity("transport", scopes=["transport:read"]),  # an official without a purpose
        identity("transport", scopes=["tax:read"], purpose="audit"),  # ... without the scope
    ]
    for headers in refused:
        result = transport.query(OWNER_QUERY, variables, **headers)
        assert result["data"]["vehicle"] == {"make": to_codepage(vehicle.make), "owner": None}, headers
        assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]
        assert result["errors"][0]["path"] == ["vehicle", "owner"]

    own = transport.query(OWNER_QUERY, variables, **citizen("transport", vehicle.owner_id))
    assert own["data"] == {"vehicle": {"make": to_codepage(vehicle.make), "owner": {"id": vehicle.owner_id}}}
    assert own["extensions"]["govgraph"]["disclosures"] == [
        {"citizen": vehicle.owner_id, "fields": ["Vehicle.owner"]}
    ]
    clerk = transport.query(OWNER_QUERY, variables, **official("transport"))
    assert clerk["data"]["vehicle"]["owner"] == {"id": vehicle.owner_id}


def test_owners_for_many_vehicles_are_one_lookup(transport: TransportServer, world: World) -> None:
    vehicles = world.vehicles[:12]
    before = transport.lookups("owners")
    result = transport.query(
        "query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Vehicle { owner { id } } } }",
        {"reps": [{"__typename": "Vehicle", "registrationNumber": v.registration_number} for v in vehicles]},
        **official("transport"),
    )
    assert "errors" not in result
    assert [e["owner"]["id"] for e in result["data"]["_entities"]] == [v.owner_id for v in vehicles]
    assert transport.lookups("owners") == before + 1


def test_service_sdl_declares_the_entities(transport: TransportServer) -> None:
    sdl = transport.query("{ _service { sdl } }")["data"]["_service"]["sdl"]
    assert 'type Vehicle @key(fields: "registrationNumber")' in sdl
    assert 'type Citizen @key(fields: "id")' in sdl
    sized = "@listSize(assumedSize: 3, requireOneSlicingArgument: true)"  # for the gateway's cost estimate
    assert f'vehicles: [Vehicle!] {sized} @tag(name: "personal-data")' in sdl
    assert "drivingLicence: DrivingLicence" in sdl


@pytest.mark.parametrize("path", ["/health", "/_stats"])
def test_health_and_stats_name_the_export(transport: TransportServer, world: World, path: str) -> None:
    body = transport.client.get(transport.url + path).json()
    assert body["export"] == f"D{world.reference_date:%Y%m%d}"

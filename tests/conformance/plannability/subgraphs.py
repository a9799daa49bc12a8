"""Subgraphs for the `plannability` scenario: a key field that a subgraph names but does not own.

- `nodes` (root): `node(id)` returns a `Vehicle` or a `Citizen`, knowing only their `id`.
- `people`: `Citizen.name`; `Vehicle @key(id) @key(vin)` with `vin` @external — people can be
  referred to a vehicle by its vin, but never knows a vin itself (entered by id, it has none).
- `transport` (root `vehicle(vin)`): `Vehicle @key(vin) { vin make }`.
- `insurance`: `Vehicle @key(vin) { policy }`.

From `node(id)`, no subgraph that owns `vin` can be reached (transport and insurance know vehicles
only by vin): `Vehicle.policy` cannot be planned there, and reading `vin` from people would be a
value from a subgraph that does not own it.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

VINS = {"veh-1": "VIN-111"}
MAKES = {"VIN-111": "Skoda"}
POLICIES = {"VIN-111": "POL-9"}


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.federation.type(keys=["id"])
class Vehicle(Node):
    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Vehicle:
        return cls(id=id)


@strawberry.federation.type(keys=["id"])
class Citizen(Node):
    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Citizen:
        return cls(id=id)


@strawberry.type
class NodesQuery:
    @strawberry.field
    def node(self, id: strawberry.ID) -> Node | None:
        if id.startswith("veh"):
            return Vehicle(id=id)
        return Citizen(id=id)


nodes = strawberry.federation.Schema(query=NodesQuery, types=[Vehicle, Citizen], federation_version="2.3")


@strawberry.federation.type(keys=["id"], name="Citizen")
class PeopleCitizen(Node):
    @strawberry.field
    def name(self) -> str | None:
        return "Mari"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PeopleCitizen:
        return cls(id=id)


@strawberry.federation.type(keys=["id", "vin"], name="Vehicle")
class PeopleVehicle(Node):
    vin: str = strawberry.federation.field(external=True, default="NOT-OWNED-HERE")

    @classmethod
    def resolve_reference(cls, id: strawberry.ID | None = None, vin: str | None = None) -> PeopleVehicle:
        return cls(id=id or strawberry.ID("?"), vin=vin or "NOT-OWNED-HERE")


@strawberry.type
class PeopleQuery:
    @strawberry.field
    def citizen_count(self) -> int:
        return 1


people = strawberry.federation.Schema(
    query=PeopleQuery, types=[PeopleCitizen, PeopleVehicle], federation_version="2.3"
)


@strawberry.federation.type(keys=["vin"], name="Vehicle")
class TransportVehicle:
    vin: str

    @strawberry.field
    def make(self) -> str | None:
        return MAKES.get(self.vin)

    @classmethod
    def resolve_reference(cls, vin: str) -> TransportVehicle:
        return cls(vin=vin)


@strawberry.type
class TransportQuery:
    @strawberry.field
    def vehicle(self, vin: str) -> TransportVehicle | None:
        return TransportVehicle(vin=vin)


transport = strawberry.federation.Schema(query=TransportQuery, federation_version="2.3")


@strawberry.federation.type(keys=["vin"], name="Vehicle")
class InsuredVehicle:
    vin: str

    @strawberry.field
    def policy(self) -> str | None:
        return POLICIES.get(self.vin)

    @classmethod
    def resolve_reference(cls, vin: str) -> InsuredVehicle:
        return cls(vin=vin)


@strawberry.type
class InsuranceQuery:
    @strawberry.field
    def insurers(self) -> list[str]:
        return ["If"]


insurance = strawberry.federation.Schema(
    query=InsuranceQuery, types=[InsuredVehicle], federation_version="2.3"
)

SCHEMAS = {"nodes": nodes, "people": people, "transport": transport, "insurance": insurance}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

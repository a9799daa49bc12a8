"""Subgraphs for the `plannability` scenario: a key field that a subgraph names but does not own.

- `nodes` (root): `node(id)` returns a `Vehicle` or a `Citizen`, knowing only their `id`.
- `people`: `Citizen.name`; `Vehicle @key(id) @key(vin)` with `vin` @external — people can be
  referred to a vehicle by its vin, but never knows a vin itself (entered by id, it has none).
- `registry`: `Vehicle @key(id) { regNo }`.
- `transport` (root `vehicle(regNo)`): `Vehicle @key(regNo) { regNo vin make }` — vin's owner.
- `insurance`: `Vehicle @key(vin) { policy }`.

From `node(id)`, vin comes from transport, which needs regNo from registry: nodes → registry →
transport → insurance. people could be entered by id at once, but its vin is not a value it owns.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

REG_NOS = {"veh-1": "ABC-123"}
VINS = {"ABC-123": "VIN-111"}
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


@strawberry.federation.type(keys=["id"], name="Vehicle")
class RegisteredVehicle:
    id: strawberry.ID

    @strawberry.federation.field(shareable=True)
    def reg_no(self) -> str:
        return REG_NOS[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> RegisteredVehicle:
        return cls(id=id)


@strawberry.type
class RegistryQuery:
    @strawberry.field
    def registered(self) -> int:
        return len(REG_NOS)


registry = strawberry.federation.Schema(
    query=RegistryQuery, types=[RegisteredVehicle], federation_version="2.3"
)


@strawberry.federation.type(keys=["regNo"], name="Vehicle")
class TransportVehicle:
    reg_no: str

    @strawberry.federation.field(shareable=True)
    def vin(self) -> str:
        return VINS[self.reg_no]

    @strawberry.field
    def make(self) -> str | None:
        return MAKES.get(VINS[self.reg_no])

    @classmethod
    def resolve_reference(cls, regNo: str) -> TransportVehicle:
        return cls(reg_no=regNo)


@strawberry.type
class TransportQuery:
    @strawberry.field
    def vehicle(self, reg_no: str) -> TransportVehicle | None:
        return TransportVehicle(reg_no=reg_no)


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

SCHEMAS = {
    "nodes": nodes,
    "people": people,
    "registry": registry,
    "transport": transport,
    "insurance": insurance,
}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

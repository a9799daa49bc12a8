"""Subgraphs for the `typename` scenario: a `harbour` register and its `crew` office.

`harbour` owns entity interface `Vessel` (Ferry, Tug), union `Occupant = Ferry | Tug | Buoy` and
entity `Officer`; `crew` sees `Vessel` only as an `@interfaceObject` (so it would answer
`__typename: "Vessel"`, never the concrete type) and has the only mutation.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.asgi import GraphQL

FERRIES = {"v-1": ("Island Hopper", 300)}
TUGS = {"v-2": ("Stubborn", 60)}
CREW = {"v-1": 12, "v-2": 4}
OFFICERS = {"o-1": ("Lund", "Captain")}
ARRIVALS: list[str] = []


# --- harbour --------------------------------------------------------------------------------------


@strawberry.federation.interface(keys=["id"])
class Vessel:
    id: strawberry.ID
    name: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Vessel:
        return vessel(id)


@strawberry.federation.type(keys=["id"])
class Ferry(Vessel):
    capacity: int


@strawberry.federation.type(keys=["id"])
class Tug(Vessel):
    bollard_pull: int


@strawberry.type
class Buoy:
    code: str


def vessel(id: str) -> Vessel:
    if id in FERRIES:
        name, capacity = FERRIES[id]
        return Ferry(id=strawberry.ID(id), name=name, capacity=capacity)
    name, pull = TUGS[id]
    return Tug(id=strawberry.ID(id), name=name, bollard_pull=pull)


Occupant = Annotated[Ferry | Tug | Buoy, strawberry.union("Occupant")]


@strawberry.federation.type(keys=["id"])
class Officer:
    id: strawberry.ID
    name: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Officer:
        return cls(id=id, name=OFFICERS[id][0])


@strawberry.type
class HarbourQuery:
    @strawberry.field
    def vessels(self) -> list[Vessel]:
        return [vessel("v-1"), vessel("v-2")]

    @strawberry.field
    def berths(self) -> list[Occupant]:
        return [vessel("v-1"), Buoy(code="B-7"), vessel("v-2")]  # type: ignore[list-item]

    @strawberry.field
    def harbour_master(self) -> Officer:
        return Officer.resolve_reference(strawberry.ID("o-1"))


harbour = strawberry.federation.Schema(query=HarbourQuery, types=[Ferry, Tug], federation_version="2.3")


# --- crew -----------------------------------------------------------------------------------------


@strawberry.federation.interface_object(keys=["id"], name="Vessel")
class CrewedVessel:
    id: strawberry.ID

    @strawberry.field
    def crew_size(self) -> int:
        return CREW[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> CrewedVessel:
        return cls(id=id)


@strawberry.federation.type(keys=["id"], name="Officer")
class RankedOfficer:
    id: strawberry.ID

    @strawberry.field
    def rank(self) -> str:
        return OFFICERS[self.id][1]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> RankedOfficer:
        return cls(id=id)


@strawberry.type
class CrewQuery:
    @strawberry.field
    def largest_crew(self) -> CrewedVessel:
        return CrewedVessel(id=strawberry.ID(max(CREW, key=lambda i: CREW[i])))


@strawberry.type
class CrewMutation:
    @strawberry.mutation
    def log_arrival(self, vessel_id: strawberry.ID) -> CrewedVessel:
        ARRIVALS.append(vessel_id)
        return CrewedVessel(id=vessel_id)


crew = strawberry.federation.Schema(
    query=CrewQuery, mutation=CrewMutation, types=[RankedOfficer], federation_version="2.3"
)

SCHEMAS = {"harbour": harbour, "crew": crew}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

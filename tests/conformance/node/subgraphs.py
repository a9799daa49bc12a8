"""node: the shared `node(id: ID!): Node` pattern across subgraphs.

    nodes      interface Node { id }; Query.node(id), Query.nodes(ids); knows only which type an id
               belongs to (by its prefix) and returns Citizen / Vehicle / Document with just the id
    people     Citizen @key(id) implements Node { name, vehicles: [Vehicle] }; Query.me
    transport  Vehicle @key(id) implements Node { make, owner: Citizen }
    archive    Document @key(id) implements Node { title }

Every field asked inside `... on X` after node() is owned by a subgraph other than `nodes`.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

CITIZENS = {"CIT-1": ("Mari Tamm", ["VEH-1"]), "CIT-2": ("Jaan Kask", ["VEH-2"])}
VEHICLES = {"VEH-1": ("Skoda Octavia", "CIT-1"), "VEH-2": ("Toyota Corolla", "CIT-2")}
DOCUMENTS = {"DOC-1": "Residence permit", "DOC-2": "Tax decision 2025"}


@strawberry.interface
class Node:
    id: strawberry.ID


# --- nodes ------------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Citizen")
class NodesCitizen(Node):
    pass


@strawberry.federation.type(keys=["id"], name="Vehicle")
class NodesVehicle(Node):
    pass


@strawberry.federation.type(keys=["id"], name="Document")
class NodesDocument(Node):
    pass


def _find(node_id: str) -> Node | None:
    for table, kind in ((CITIZENS, NodesCitizen), (VEHICLES, NodesVehicle), (DOCUMENTS, NodesDocument)):
        if node_id in table:
            return kind(id=strawberry.ID(node_id))
    return None


@strawberry.type(name="Query")
class NodesQuery:
    @strawberry.field
    def node(self, id: strawberry.ID) -> Node | None:
        return _find(id)

    @strawberry.field
    def nodes(self, ids: list[strawberry.ID]) -> list[Node | None]:
        return [_find(i) for i in ids]


nodes = strawberry.federation.Schema(
    query=NodesQuery, types=[NodesCitizen, NodesVehicle, NodesDocument], federation_version="2.3"
)


# --- people -----------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Vehicle")
class PeopleVehicle(Node):
    pass


@strawberry.federation.type(keys=["id"])
class Citizen(Node):
    name: str
    vehicles: list[PeopleVehicle]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Citizen | None:
        if id not in CITIZENS:
            return None
        name, vehicles = CITIZENS[id]
        return cls(id=id, name=name, vehicles=[PeopleVehicle(id=strawberry.ID(v)) for v in vehicles])


@strawberry.type(name="Query")
class PeopleQuery:
    @strawberry.field
    def me(self) -> Citizen | None:
        return Citizen.resolve_reference(strawberry.ID("CIT-1"))


people = strawberry.federation.Schema(query=PeopleQuery, types=[PeopleVehicle], federation_version="2.3")


# --- transport --------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Citizen")
class TransportCitizen(Node):
    pass


@strawberry.federation.type(keys=["id"])
class Vehicle(Node):
    make: str
    owner: TransportCitizen

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Vehicle | None:
        if id not in VEHICLES:
            return None
        make, owner = VEHICLES[id]
        return cls(id=id, make=make, owner=TransportCitizen(id=strawberry.ID(owner)))


transport = strawberry.federation.Schema(types=[Vehicle], federation_version="2.3")


# --- archive ----------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"])
class Document(Node):
    title: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Document | None:
        return cls(id=id, title=DOCUMENTS[id]) if id in DOCUMENTS else None


archive = strawberry.federation.Schema(types=[Document], federation_version="2.3")

SCHEMAS = {"nodes": nodes, "people": people, "transport": transport, "archive": archive}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

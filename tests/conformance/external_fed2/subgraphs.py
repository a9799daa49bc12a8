"""external_fed2: @external in Federation 2 subgraphs -- for @requires, for @provides, inside
`extend type` in a v2 subgraph, and an @external field a subgraph can serve only where it is provided.

    members  (strawberry) owns Member @key(id) { id name cardNumber }; Query.members, Query.member(id)
    loans    (SDL) `extend type Member @key(fields: "id")` with name @external and loans: Int!;
             Query.overdueLoans: [Loan] where Loan.borrower @provides(fields: "name"). Entered as an
             entity, loans knows no names (it would fail on Member.name), so the gateway may take name
             from loans only below overdueLoans.borrower.
    cards    (strawberry) Member { cardNumber @external, barcode @requires(fields: "cardNumber") }
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL

from tests.support.sdl_subgraph import SdlSubgraph

MEMBERS = {"M1": ("Kati Kask", "LIB-0001"), "M2": ("Peeter Puu", "LIB-0002"), "M3": ("Anu Aas", "LIB-0003")}
LOANS = {"M1": 2, "M2": 0, "M3": 1}
OVERDUE = [("Spring", "M1"), ("Truth and Justice", "M3")]


# --- members ----------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"])
class Member:
    id: strawberry.ID
    name: str
    card_number: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Member | None:
        if id not in MEMBERS:
            return None
        name, card = MEMBERS[id]
        return cls(id=id, name=name, card_number=card)


@strawberry.type(name="Query")
class MembersQuery:
    @strawberry.field
    def members(self) -> list[Member]:
        return [m for m in map(Member.resolve_reference, MEMBERS) if m is not None]

    @strawberry.field
    def member(self, id: strawberry.ID) -> Member | None:
        return Member.resolve_reference(id)


members = strawberry.federation.Schema(query=MembersQuery, federation_version="2.3")


# --- loans (SDL: `extend type` in a Federation 2 subgraph) -----------------------------------
LOANS_SDL = """
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@provides"])

type Query {
  overdueLoans: [Loan!]!
}

type Loan {
  title: String!
  borrower: Member! @provides(fields: "name")
}

extend type Member @key(fields: "id") {
  id: ID!
  name: String! @external
  loans: Int!
}
"""


def _overdue(_obj: Any, _info: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": title,
            "borrower": {"__typename": "Member", "id": mid, "name": MEMBERS[mid][0], "loans": LOANS[mid]},
        }
        for title, mid in OVERDUE
    ]


loans = SdlSubgraph.build(
    LOANS_SDL,
    resolvers={"Query.overdueLoans": _overdue},
    # no name here: outside overdueLoans, Member.name from loans resolves to null -> an error
    entities={
        "Member": lambda rep: {"id": rep["id"], "loans": LOANS[rep["id"]]} if rep["id"] in LOANS else None
    },
)


# --- cards ------------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Member")
class CardMember:
    id: strawberry.ID
    card_number: str = strawberry.federation.field(external=True)  # None when not sent

    @strawberry.federation.field(requires=["cardNumber"])
    def barcode(self) -> str:
        if self.card_number is None:
            raise ValueError("barcode needs the card number")
        return f"*{self.card_number}*"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, cardNumber: str | None = None) -> CardMember:
        return cls(id=id, card_number=cardNumber)  # type: ignore[arg-type]


cards = strawberry.federation.Schema(types=[CardMember], federation_version="2.3")

SCHEMAS = {"members": members, "cards": cards}
SDL = {"loans": loans.sdl}
APPS = {"members": GraphQL(members), "loans": loans.app, "cards": GraphQL(cards)}

"""Subgraphs for the `errors` scenario: households, and the agencies that know more about people.

- `accounts` (root): households and their members; `nickname` raises for Kim (m-2), `email` is
  non-null but missing for Kim, so the subgraph itself nulls Kim's household's `members`.
- `scores`: entity fields; `creditScore` raises (with its own code) for Sara (m-4), `riskBand`
  is non-null but missing for Olle (m-3), so scores nulls Olle's entity (and its non-null `tier`).
- `pensions`: served through `FaultyApp`; `FAULT.mode` makes it answer HTTP 500, non-JSON,
  JSON without data or errors, too few `_entities`, or too slowly.
- `archive`: in the supergraph but never served — tests point it at a closed port.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.responses import JSONResponse, Response
from strawberry.asgi import GraphQL

PEOPLE = {
    "m-1": {"name": "Anna Berg", "nickname": "Annie", "email": "anna@example.test"},
    "m-2": {"name": "Kim Lind", "nickname": None, "email": None},
    "m-3": {"name": "Olle Berg", "nickname": None, "email": "olle@example.test"},
    "m-4": {"name": "Sara Lind", "nickname": "Sas", "email": "sara@example.test"},
}
HOUSEHOLDS = [("h-1", "Berg", ["m-1", "m-3"]), ("h-2", "Lind", ["m-2", "m-4"])]
SCORES = {"m-1": 710, "m-2": 640, "m-3": 802}
RISK = {"m-1": "LOW", "m-2": "MEDIUM", "m-4": "LOW"}
PENSIONS = {"m-1": 1200, "m-2": 950, "m-3": 1430, "m-4": 1010}


# --- accounts -------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"])
class Person:
    id: strawberry.ID
    name: str
    email: str

    @strawberry.field
    def nickname(self) -> str | None:
        if self.id == "m-2":
            raise ValueError("nickname withheld")
        return PEOPLE[self.id]["nickname"]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        return person(id)


def person(pid: str) -> Person:
    row = PEOPLE[pid]
    return Person(id=strawberry.ID(pid), name=str(row["name"]), email=row["email"])  # type: ignore[arg-type]


@strawberry.type
class Household:
    id: strawberry.ID
    name: str
    members: list[Person] | None


@strawberry.type
class AccountsQuery:
    @strawberry.field
    def households(self) -> list[Household]:
        return [
            Household(id=strawberry.ID(hid), name=name, members=[person(m) for m in members])
            for hid, name, members in HOUSEHOLDS
        ]


accounts = strawberry.federation.Schema(query=AccountsQuery, federation_version="2.3")


# --- scores ---------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Person")
class ScoredPerson:
    id: strawberry.ID

    @strawberry.field
    def credit_score(self) -> int | None:
        if self.id not in SCORES:
            raise GraphQLError("score unavailable", extensions={"code": "SCORE_LOCKED"})
        return SCORES[self.id]

    @strawberry.field
    def risk_band(self) -> str:
        return RISK.get(self.id)  # type: ignore[return-value]  # None for m-3: a non-null violation

    @strawberry.field
    def tier(self) -> int:  # never fails: null only when the subgraph nulls the whole entity
        return 1 if self.id in RISK else 2

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ScoredPerson:
        return cls(id=id)


@strawberry.type
class ScoresQuery:
    @strawberry.field
    def score_scale(self) -> str:
        return "300-850"


scores = strawberry.federation.Schema(query=ScoresQuery, types=[ScoredPerson], federation_version="2.3")


# --- pensions -------------------------------------------------------------------------------------


@strawberry.type
class Pension:
    monthly: int


@strawberry.federation.type(keys=["id"], name="Person")
class PensionedPerson:
    id: strawberry.ID

    @strawberry.field
    def pension(self) -> Pension | None:
        return Pension(monthly=PENSIONS[self.id])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PensionedPerson:
        return cls(id=id)


@strawberry.type
class PensionsQuery:
    @strawberry.field
    def pension_funds(self) -> list[str] | None:
        return ["State", "Occupational"]

    @strawberry.field
    def pension_age(self) -> int:
        return 67


pensions = strawberry.federation.Schema(
    query=PensionsQuery, types=[PensionedPerson], federation_version="2.3"
)


@dataclass
class Fault:
    """How `pensions` misbehaves: ok | http500 | not_json | no_data | short_entities | slow | refused.

    `refused` is a well-formed GraphQL answer that rejects the whole request: `data: null` and one
    error without a path.
    """

    mode: str = "ok"
    delay: float = 4.0


FAULT = Fault()


class FaultyApp:
    """An ASGI wrapper that answers like a broken subgraph when `FAULT.mode` says so."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        mode = FAULT.mode
        if scope["type"] != "http" or mode == "ok":
            await self.app(scope, receive, send)
            return
        if mode == "slow":
            await asyncio.sleep(FAULT.delay)
            await self.app(scope, receive, send)
            return
        responses = {
            "http500": Response("upstream exploded", status_code=500, media_type="text/plain"),
            "not_json": Response("<html>maintenance</html>", status_code=200, media_type="text/html"),
            "no_data": JSONResponse({"result": "ok"}),
            "refused": JSONResponse(
                {"data": None, "errors": [{"message": "pensions closed for maintenance"}]}
            ),
            "short_entities": JSONResponse(
                {"data": {"_entities": [{"__typename": "Person", "pension": None}]}}
            ),
        }
        await responses[mode](scope, receive, send)


# --- archive (never served) -----------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Person")
class ArchivedPerson:
    id: strawberry.ID

    @strawberry.field
    def archived_note(self) -> str | None:
        return f"file {self.id}"


@strawberry.type
class ArchiveQuery:
    @strawberry.field
    def archive_size(self) -> int:
        return 0


archive = strawberry.federation.Schema(query=ArchiveQuery, types=[ArchivedPerson], federation_version="2.3")

SCHEMAS = {"accounts": accounts, "scores": scores, "pensions": pensions, "archive": archive}
APPS = {"accounts": GraphQL(accounts), "scores": GraphQL(scores), "pensions": FaultyApp(GraphQL(pensions))}
DOWN = ("archive",)

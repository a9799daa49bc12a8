"""Two strawberry subgraphs whose schema a test changes while they run.

    people   Query.person(id), Query.slow(seconds) (sleeps, then answers "done"); owns Person @key(id)
             v1: Person { id name }        v2: Person { id name email }
    reviews  Person.reviews                 broken: keys Person by a field that does not exist

`Swappable` is the ASGI app served on the port; `swap()` puts another schema behind it, as a
redeployed subgraph would. `slow` sets `slow_started` when it begins, so a test knows a request
is in flight.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import strawberry
from strawberry.asgi import GraphQL
from strawberry.types import Info

NAMES = {"1": "Ada", "2": "Grace"}
EMAILS = {"1": "ada@example.org", "2": "grace@example.org"}
REVIEWS = {"1": ["clear", "kind"], "2": ["precise"]}

slow_started = threading.Event()


class Swappable:
    """An ASGI app that forwards to whichever app was swapped in last."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def swap(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


async def _slow(seconds: float) -> str:
    slow_started.set()
    await asyncio.sleep(seconds)
    return "done"


@strawberry.federation.type(keys=["id"], name="Person")
class PersonV1:
    id: strawberry.ID
    name: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PersonV1:
        return cls(id=id, name=NAMES[str(id)])


@strawberry.type(name="Query")
class PeopleQueryV1:
    @strawberry.field
    def person(self, id: strawberry.ID) -> PersonV1 | None:
        return PersonV1(id=id, name=NAMES[str(id)]) if str(id) in NAMES else None

    @strawberry.field
    async def slow(self, seconds: float) -> str:
        return await _slow(seconds)


@strawberry.federation.type(keys=["id"], name="Person")
class PersonV2:
    id: strawberry.ID
    name: str
    email: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PersonV2:
        return cls(id=id, name=NAMES[str(id)], email=EMAILS[str(id)])


@strawberry.type(name="Query")
class PeopleQueryV2:
    @strawberry.field
    def person(self, id: strawberry.ID) -> PersonV2 | None:
        key = str(id)
        return PersonV2(id=id, name=NAMES[key], email=EMAILS[key]) if key in NAMES else None

    @strawberry.field
    async def slow(self, seconds: float) -> str:
        return await _slow(seconds)


@strawberry.federation.type(keys=["id"], name="Person")
class ReviewedPerson:
    id: strawberry.ID

    @strawberry.field
    def reviews(self, info: Info) -> list[str]:
        return REVIEWS.get(str(self.id), [])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ReviewedPerson:
        return cls(id=id)


@strawberry.federation.type(keys=["missing"], name="Person")
class BrokenPerson:
    id: strawberry.ID

    @strawberry.field
    def reviews(self) -> list[str]:
        return REVIEWS.get(str(self.id), [])


def people_v1() -> GraphQL:
    return GraphQL(strawberry.federation.Schema(query=PeopleQueryV1, federation_version="2.3"))


def people_v2() -> GraphQL:
    return GraphQL(strawberry.federation.Schema(query=PeopleQueryV2, federation_version="2.3"))


def reviews() -> GraphQL:
    return GraphQL(strawberry.federation.Schema(types=[ReviewedPerson], federation_version="2.3"))


def reviews_broken() -> GraphQL:
    return GraphQL(strawberry.federation.Schema(types=[BrokenPerson], federation_version="2.3"))

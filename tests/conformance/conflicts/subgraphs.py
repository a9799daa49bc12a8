"""Subgraphs for the `conflicts` scenario: one response key, two types, in one subgraph.

- `people` (root): `people: [Person]`, `union Person = User | Admin`; `User.id` is `ID!` there,
  `Admin.id` is `ID` (and fails for admin a-2); `User.badge { code: Int! }` and
  `Admin.badge { code: Int }`.
- `directory`: `User @key(uid)` with a shareable `id: ID` and `badge { code: Int }`, which make the
  supergraph's `User.id` and `UserBadge.code` nullable, so `... on User { id } ... on Admin { id }`
  is a valid client query — and a query people would reject (`ID!` and `ID` under one response
  key) unless the gateway aliases one.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.asgi import GraphQL


@strawberry.federation.type(shareable=True)
class UserBadge:
    code: int


@strawberry.type(name="Badge")
class AdminBadge:
    code: int | None


@strawberry.federation.type(keys=["uid"])
class User:
    uid: strawberry.ID
    name: str | None
    id: strawberry.ID = strawberry.federation.field(shareable=True)

    @strawberry.federation.field(shareable=True)
    def badge(self) -> UserBadge | None:
        return UserBadge(code=1)

    @classmethod
    def resolve_reference(cls, uid: strawberry.ID) -> User:
        return cls(uid=uid, name=f"user {uid}", id=strawberry.ID(f"id-{uid}"))


@strawberry.type
class Admin:
    key: strawberry.ID
    name: str | None

    @strawberry.field
    def id(self) -> strawberry.ID | None:
        if self.key == "a-2":
            raise ValueError("admin id is secret")
        return strawberry.ID(f"id-{self.key}")

    @strawberry.field(name="badge")
    def admin_badge(self) -> AdminBadge | None:
        return AdminBadge(code=7)


Person = Annotated[User | Admin, strawberry.union("Person")]


@strawberry.type
class PeopleQuery:
    @strawberry.field
    def people(self) -> list[Person | None] | None:
        return [
            User(uid=strawberry.ID("u-1"), name="Ann", id=strawberry.ID("id-u-1")),
            Admin(key=strawberry.ID("a-1"), name="Bo"),
            Admin(key=strawberry.ID("a-2"), name="Cy"),
        ]


people = strawberry.federation.Schema(query=PeopleQuery, types=[User, Admin], federation_version="2.3")


@strawberry.federation.type(shareable=True, name="UserBadge")
class DirectoryBadge:
    code: int | None


@strawberry.federation.type(keys=["uid"], name="User")
class DirectoryUser:
    uid: strawberry.ID

    @strawberry.federation.field(shareable=True)
    def id(self) -> strawberry.ID | None:
        return strawberry.ID(f"id-{self.uid}")

    @strawberry.field
    def office(self) -> str | None:
        return "HQ"

    @strawberry.federation.field(shareable=True)
    def badge(self) -> DirectoryBadge | None:
        return DirectoryBadge(code=1)

    @classmethod
    def resolve_reference(cls, uid: strawberry.ID) -> DirectoryUser:
        return cls(uid=uid)


@strawberry.type
class DirectoryQuery:
    @strawberry.field
    def offices(self) -> list[str]:
        return ["HQ"]


directory = strawberry.federation.Schema(
    query=DirectoryQuery, types=[DirectoryUser], federation_version="2.3"
)

SCHEMAS = {"people": people, "directory": directory}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

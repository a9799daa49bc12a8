"""Subgraphs for the `cross_path` scenario: one book reached at two root fields.

- `library` (root): `featured` and `latest` both return book b-1; `Book { id title }`.
- `reviews`: `Book.rating` (nullable) and `Book.verdict` (non-null) fail for b-1; `blurb` never
  fails. Requests are counted per subgraph, so a test sees whether the two paths shared a call.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

TITLES = {"b-1": "Dune", "b-2": "Emma"}


@strawberry.federation.type(keys=["id"])
class Book:
    id: strawberry.ID

    @strawberry.field
    def title(self) -> str:
        return TITLES[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Book:
        return cls(id=id)


@strawberry.type
class LibraryQuery:
    @strawberry.field
    def featured(self) -> Book | None:
        return Book(id=strawberry.ID("b-1"))

    @strawberry.field
    def latest(self) -> Book | None:
        return Book(id=strawberry.ID("b-1"))


library = strawberry.federation.Schema(query=LibraryQuery, federation_version="2.3")


@strawberry.federation.type(keys=["id"], name="Book")
class ReviewedBook:
    id: strawberry.ID

    @strawberry.field
    def rating(self) -> int | None:
        if self.id == "b-1":
            raise ValueError("rating withheld")
        return 4

    @strawberry.field
    def verdict(self) -> str:
        if self.id == "b-1":
            raise ValueError("no verdict yet")
        return "good"

    @strawberry.field
    def blurb(self) -> str | None:
        return f"about {TITLES[self.id]}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ReviewedBook:
        return cls(id=id)


@strawberry.type
class ReviewsQuery:
    @strawberry.field
    def review_count(self) -> int:
        return 2


reviews = strawberry.federation.Schema(query=ReviewsQuery, types=[ReviewedBook], federation_version="2.3")

SCHEMAS = {"library": library, "reviews": reviews}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

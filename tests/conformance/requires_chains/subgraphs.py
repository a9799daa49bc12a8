"""Subgraphs for the `requires_chains` scenario: requirements that go back and forth.

- `feed` (A): `Query.feed`, `Post.price(currency)`, `Author.yearsOfExperience`; `Post.byExpert`
  requires `byNovice` — which `posts` computes from `author { yearsOfExperience }`, owned by feed
  again (circular between two subgraphs).
- `posts` (D): `Query.post(id)`, `Post.author`, `Post.byNovice`, `Post.comments(limit)` and
  `Post.digest`, which requires `comments(limit: 3) { authorId }`: `authorId` lives in `comments`
  (C), below a local field with arguments (D → C → D).
- `comments` (C): `Comment.authorId`.
- `tax`: `usTax` requires `price(currency: "USD")`, `euTax` requires `price(currency: "EUR")`: each
  must receive its own price.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL

YEARS = {"au-1": 1, "au-2": 12}
POSTS = {"p-1": "au-1", "p-2": "au-2"}
COMMENTS = {"p-1": ["c-1", "c-2", "c-3", "c-4"], "p-2": ["c-5"]}
COMMENT_AUTHORS = {"c-1": "au-2", "c-2": "au-1", "c-3": "au-2", "c-4": "au-1", "c-5": "au-1"}
PRICES = {"USD": 10, "EUR": 9}

# --- feed -----------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"])
class Author:
    id: strawberry.ID

    @strawberry.field
    def years_of_experience(self) -> int | None:
        return YEARS[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Author:
        return cls(id=id)


@strawberry.federation.type(keys=["id"])
class Post:
    id: strawberry.ID
    by_novice: bool | None = strawberry.federation.field(external=True, default=None)

    @strawberry.field
    def price(self, currency: str) -> int | None:
        return PRICES[currency]

    @strawberry.federation.field(requires=["byNovice"])
    def by_expert(self) -> bool | None:
        assert self.by_novice is not None, "byNovice was not sent"
        return not self.by_novice

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, byNovice: bool | None = None) -> Post:
        return cls(id=id, by_novice=byNovice)


@strawberry.type
class FeedQuery:
    @strawberry.field
    def feed(self) -> list[Post]:
        return [Post(id=strawberry.ID(pid)) for pid in POSTS]


feed = strawberry.federation.Schema(query=FeedQuery, types=[Author], federation_version="2.3")

# --- posts ----------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Author")
class PostAuthor:
    id: strawberry.ID
    years_of_experience: int | None = strawberry.federation.field(external=True, default=None)


@strawberry.federation.type(keys=["id"], name="Comment")
class PostComment:
    id: strawberry.ID
    author_id: strawberry.ID | None = strawberry.federation.field(external=True, default=None)


@strawberry.federation.type(keys=["id"], name="Post")
class PostsPost:
    id: strawberry.ID
    sent: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def author(self) -> PostAuthor:
        return PostAuthor(id=strawberry.ID(POSTS[self.id]))

    @strawberry.field
    def comments(self, limit: int | None = None) -> list[PostComment]:
        return [PostComment(id=strawberry.ID(c)) for c in COMMENTS[self.id][:limit]]

    @strawberry.federation.field(requires=["author { yearsOfExperience }"])
    def by_novice(self) -> bool | None:
        return int(self.sent["author"]["yearsOfExperience"]) < 5

    @strawberry.federation.field(requires=["comments(limit: 3) { authorId }"])
    def digest(self) -> str:
        authors = [c["authorId"] for c in self.sent["comments"]]
        return f"{len(authors)} comments by {', '.join(sorted(set(authors)))}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **sent: Any) -> PostsPost:
        return cls(id=id, sent=sent)


@strawberry.type
class PostsQuery:
    @strawberry.field
    def post(self, id: strawberry.ID) -> PostsPost | None:
        return PostsPost(id=id, sent={})


posts = strawberry.federation.Schema(query=PostsQuery, federation_version="2.3")

# --- comments -------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Comment")
class Comment:
    id: strawberry.ID

    @strawberry.field
    def author_id(self) -> strawberry.ID | None:
        return strawberry.ID(COMMENT_AUTHORS[self.id])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Comment:
        return cls(id=id)


@strawberry.type
class CommentsQuery:
    @strawberry.field
    def comment_count(self) -> int:
        return len(COMMENT_AUTHORS)


comments = strawberry.federation.Schema(query=CommentsQuery, types=[Comment], federation_version="2.3")

# --- tax ------------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Post")
class TaxedPost:
    id: strawberry.ID
    sent: strawberry.Private[dict[str, Any]]

    @strawberry.federation.field(external=True)
    def price(self, currency: str) -> int | None:
        return None

    @strawberry.federation.field(requires=['price(currency: "USD")'])
    def us_tax(self) -> int:
        return int(self.sent["price"]) * 2

    @strawberry.federation.field(requires=['price(currency: "EUR")'])
    def eu_tax(self) -> int:
        return int(self.sent["price"]) * 3

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **sent: Any) -> TaxedPost:
        return cls(id=id, sent=sent)


@strawberry.type
class TaxQuery:
    @strawberry.field
    def rates(self) -> list[str]:
        return ["USD", "EUR"]


tax = strawberry.federation.Schema(query=TaxQuery, types=[TaxedPost], federation_version="2.3")

SCHEMAS = {"feed": feed, "posts": posts, "comments": comments, "tax": tax}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

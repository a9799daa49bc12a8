"""Subgraphs for the `shareable_unions` scenario: a shareable value type whose union each
subgraph knows only in part.

- `posts`: `Query.feed: Feed @shareable`, `Feed { items: [Item] }`, `union Item = Post`, and
  `Post.title` — it never returns an ad (it does not know the type).
- `ads`: the same `feed`, with `union Item = Post | Ad`, `Ad.text`, and posts by key only.

Asked for ads, only `ads` can answer completely; asked for posts only, `posts` answers in one call.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.asgi import GraphQL

ITEMS = [("Post", "p-1"), ("Ad", "ad-1"), ("Post", "p-2")]
TITLES = {"p-1": "Spring", "p-2": "Autumn"}


@strawberry.federation.type(keys=["id"])
class Post:
    id: strawberry.ID

    @strawberry.field
    def title(self) -> str | None:
        return TITLES[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Post:
        return cls(id=id)


PostItem = Annotated[Post, strawberry.union("Item")]


@strawberry.federation.type(shareable=True)
class Feed:
    @strawberry.field
    def items(self) -> list[PostItem | None] | None:
        return [Post(id=strawberry.ID(i)) for kind, i in ITEMS if kind == "Post"]


@strawberry.type
class PostsQuery:
    @strawberry.federation.field(shareable=True)
    def feed(self) -> Feed | None:
        return Feed()


posts = strawberry.federation.Schema(query=PostsQuery, types=[Post], federation_version="2.3")


@strawberry.federation.type(keys=["id"], name="Post")
class AdsPost:
    id: strawberry.ID


@strawberry.type
class Ad:
    id: strawberry.ID
    text: str | None


AdItem = Annotated[AdsPost | Ad, strawberry.union("Item")]


@strawberry.federation.type(shareable=True, name="Feed")
class AdsFeed:
    @strawberry.field
    def items(self) -> list[AdItem | None] | None:
        return [
            AdsPost(id=strawberry.ID(i)) if kind == "Post" else Ad(id=strawberry.ID(i), text="Buy now")
            for kind, i in ITEMS
        ]


@strawberry.type
class AdsQuery:
    @strawberry.federation.field(shareable=True)
    def feed(self) -> AdsFeed | None:
        return AdsFeed()


ads = strawberry.federation.Schema(query=AdsQuery, federation_version="2.3")

SCHEMAS = {"posts": posts, "ads": ads}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

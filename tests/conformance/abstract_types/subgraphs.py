"""Subgraphs for the `abstract_types` scenario: a library `catalog` and a `reviews` service.

Both define interface `Item` and union `SearchHit`, but with different members:

    catalog: Item = Book | Film      SearchHit = Book | Film      Collection.items:    [Item]
    reviews: Item = Book | Podcast   SearchHit = Book | Podcast   Collection.featured: [Item]

The supergraph has Item and SearchHit = Book | Film | Podcast, so the gateway must never send a
fragment on a type a subgraph does not know (Podcast to catalog, Film to reviews).
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.asgi import GraphQL

BOOKS = {"b-1": ("The Long Winter", 335, 4), "b-2": ("Harbour Lights", 210, 5)}
FILMS = {"f-1": ("Northern Lights", 98)}
PODCASTS = {"pod-1": ("Archive Hour", 42, 3)}
COLLECTIONS = {"c-1": ("Winter reading", ["b-1", "f-1"], ["pod-1", "b-1"])}


# --- catalog --------------------------------------------------------------------------------------


@strawberry.interface(name="Item")
class CatalogItem:
    id: strawberry.ID
    title: str


@strawberry.federation.type(keys=["id"])
class Book(CatalogItem):
    title: str = strawberry.federation.field(shareable=True)
    pages: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Book:
        return catalog_item(id)  # type: ignore[return-value]


@strawberry.federation.type(keys=["id"])
class Film(CatalogItem):
    minutes: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Film:
        return catalog_item(id)  # type: ignore[return-value]


def catalog_item(id: str) -> Book | Film:
    if id in BOOKS:
        title, pages, _ = BOOKS[id]
        return Book(id=strawberry.ID(id), title=title, pages=pages)
    title, minutes = FILMS[id]
    return Film(id=strawberry.ID(id), title=title, minutes=minutes)


CatalogHit = Annotated[Book | Film, strawberry.union("SearchHit")]


@strawberry.federation.type(keys=["id"])
class Collection:
    id: strawberry.ID
    name: str

    @strawberry.field
    def items(self) -> list[CatalogItem]:
        return [catalog_item(i) for i in COLLECTIONS[self.id][1]]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Collection:
        return cls(id=id, name=COLLECTIONS[id][0])


@strawberry.type
class CatalogQuery:
    @strawberry.field
    def search(self, term: str) -> list[CatalogHit]:
        hits = [catalog_item(i) for i in [*BOOKS, *FILMS]]
        return [hit for hit in hits if term.lower() in hit.title.lower()]

    @strawberry.field
    def items(self) -> list[CatalogItem]:
        return [catalog_item(i) for i in ["b-1", "f-1", "b-2"]]

    @strawberry.field
    def collection(self, id: strawberry.ID) -> Collection | None:
        return Collection.resolve_reference(id) if id in COLLECTIONS else None


catalog = strawberry.federation.Schema(query=CatalogQuery, types=[Book, Film], federation_version="2.3")


# --- reviews --------------------------------------------------------------------------------------


@strawberry.interface(name="Item")
class ReviewsItem:
    id: strawberry.ID
    title: str


@strawberry.federation.type(keys=["id"], name="Book")
class ReviewsBook(ReviewsItem):
    title: str = strawberry.federation.field(shareable=True)
    rating: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ReviewsBook:
        return reviews_item(id)  # type: ignore[return-value]


@strawberry.federation.type(keys=["id"])
class Podcast(ReviewsItem):
    rating: int
    episodes: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Podcast:
        return reviews_item(id)  # type: ignore[return-value]


def reviews_item(id: str) -> ReviewsBook | Podcast:
    if id in BOOKS:
        title, _, rating = BOOKS[id]
        return ReviewsBook(id=strawberry.ID(id), title=title, rating=rating)
    title, episodes, rating = PODCASTS[id]
    return Podcast(id=strawberry.ID(id), title=title, rating=rating, episodes=episodes)


ReviewsHit = Annotated[ReviewsBook | Podcast, strawberry.union("SearchHit")]


@strawberry.federation.type(keys=["id"], name="Collection")
class ReviewsCollection:
    id: strawberry.ID

    @strawberry.field
    def featured(self) -> list[ReviewsItem]:
        return [reviews_item(i) for i in COLLECTIONS[self.id][2]]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ReviewsCollection:
        return cls(id=id)


@strawberry.type
class ReviewsQuery:
    @strawberry.field
    def trending(self) -> list[ReviewsHit]:
        return [reviews_item("pod-1"), reviews_item("b-2")]

    @strawberry.field
    def top_rated(self) -> list[ReviewsItem]:
        items = [reviews_item(i) for i in [*BOOKS, *PODCASTS]]
        return sorted(items, key=lambda item: -item.rating)


reviews = strawberry.federation.Schema(
    query=ReviewsQuery, types=[ReviewsBook, Podcast, ReviewsCollection], federation_version="2.3"
)

SCHEMAS = {"catalog": catalog, "reviews": reviews}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

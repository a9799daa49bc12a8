"""Subgraphs for the `skip_include` scenario: an outdoor `store`, its `shipping` and `ratings`.

`store` owns `Product`; `shipping` adds `carrier` and `shippingCost`, which `@requires` the store's
`weightGrams`; `ratings` adds `stars` and has its own root field `topRated`.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL

PRODUCTS = {"p-1": ("Canvas tent", 249, 3200), "p-2": ("Camp stove", 89, 900)}
CARRIERS = {"p-1": "Freight", "p-2": "Post"}
STARS = {"p-1": 4.5, "p-2": 3.5}


# --- store ----------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"])
class Product:
    id: strawberry.ID
    name: str
    price: int
    weight_grams: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Product:
        return product(id)


def product(pid: str) -> Product:
    name, price, weight = PRODUCTS[pid]
    return Product(id=strawberry.ID(pid), name=name, price=price, weight_grams=weight)


@strawberry.type
class StoreQuery:
    @strawberry.field
    def product(self, id: strawberry.ID) -> Product | None:
        return product(id) if id in PRODUCTS else None

    @strawberry.field
    def products(self) -> list[Product]:
        return [product(pid) for pid in PRODUCTS]


store = strawberry.federation.Schema(query=StoreQuery, federation_version="2.3")


# --- shipping -------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Product")
class ShippedProduct:
    id: strawberry.ID
    weight_grams: int = strawberry.federation.field(external=True, default=None)

    @strawberry.field
    def carrier(self) -> str:
        return CARRIERS[self.id]

    @strawberry.federation.field(requires=["weightGrams"])
    def shipping_cost(self) -> int:
        assert self.weight_grams is not None, "weightGrams was not provided"
        return 5 + 2 * (self.weight_grams // 1000)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **rep: Any) -> ShippedProduct:
        return cls(id=id, weight_grams=rep.get("weightGrams"))


@strawberry.type
class ShippingQuery:
    @strawberry.field
    def carriers(self) -> list[str]:
        return sorted(set(CARRIERS.values()))


shipping = strawberry.federation.Schema(query=ShippingQuery, types=[ShippedProduct], federation_version="2.3")


# --- ratings --------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Product")
class RatedProduct:
    id: strawberry.ID

    @strawberry.field
    def stars(self) -> float:
        return STARS[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> RatedProduct:
        return cls(id=id)


@strawberry.type
class RatingsQuery:
    @strawberry.field
    def top_rated(self) -> list[RatedProduct]:
        return [RatedProduct(id=strawberry.ID(max(STARS, key=lambda p: STARS[p])))]


ratings = strawberry.federation.Schema(query=RatingsQuery, federation_version="2.3")

SCHEMAS = {"store": store, "shipping": shipping, "ratings": ratings}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

"""The four benchmark subgraphs, behaving as the published benchmark's reference ones.

Quirks kept on purpose (the expected response depends on them):
- accounts: `me` and `user(id)` both return user 1, whatever the id.
- inventory: `shippingEstimate` is always null (the representation's price and weight are ignored).
- reviews: `Review.author` is always user 1 ("urigo"); `User.reviews` is the first two reviews
  for every user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import GraphQLSchema

from tests.benchmarks.subgraphs.data import (
    BenchData,
    Product,
    ProductKey,
    Review,
    User,
    UserKey,
    load_data,
)
from tests.benchmarks.subgraphs.federation import SubgraphSpec, build_subgraph_schema

SDL_DIR = Path(__file__).with_name("sdl")
NAMES = ("accounts", "inventory", "products", "reviews")


def sdl_of(name: str) -> str:
    return (SDL_DIR / f"{name}.graphql").read_text()


def accounts(data: BenchData) -> SubgraphSpec:
    first = data.users[0]
    return SubgraphSpec(
        sdl=sdl_of("accounts"),
        resolvers={
            "Query": {
                "me": lambda _r, _i: first,
                "user": lambda _r, _i, id: first,
                "users": lambda _r, _i: data.users,
            }
        },
        entities={"User": lambda rep: data.user(rep.get("id"))},
        type_names={User: "User"},
    )


def inventory(data: BenchData) -> SubgraphSpec:
    return SubgraphSpec(
        sdl=sdl_of("inventory"),
        resolvers={
            "Product": {
                "inStock": lambda p, _i: p.in_stock,
                "shippingEstimate": lambda _p, _i: None,
            }
        },
        entities={"Product": lambda rep: data.product(rep.get("upc"))},
        type_names={Product: "Product"},
    )


def products(data: BenchData) -> SubgraphSpec:
    return SubgraphSpec(
        sdl=sdl_of("products"),
        resolvers={"Query": {"topProducts": lambda _r, _i, first=5: data.products[:first]}},
        entities={"Product": lambda rep: data.product(rep.get("upc"))},
        type_names={Product: "Product"},
    )


def reviews(data: BenchData) -> SubgraphSpec:
    author = data.users[0]
    first_two = data.reviews[:2]

    def product_reviews(product: ProductKey, _info: Any) -> list[Review]:
        return [r for r in data.reviews if r.upc == product.upc]

    return SubgraphSpec(
        sdl=sdl_of("reviews"),
        resolvers={
            "Review": {
                "product": lambda r, _i: ProductKey(r.upc),
                "author": lambda _r, _i: author,
            },
            "User": {"reviews": lambda _u, _i: first_two},
            "Product": {"reviews": product_reviews},
        },
        entities={
            "Review": lambda rep: data.review(rep.get("id")),
            "User": lambda rep: UserKey(str(rep.get("id")), rep.get("username")),
            "Product": lambda rep: ProductKey(str(rep.get("upc"))),
        },
        type_names={Review: "Review", User: "User", UserKey: "User", ProductKey: "Product"},
    )


def build_schemas(data: BenchData | None = None) -> dict[str, GraphQLSchema]:
    """name -> executable schema, for all four subgraphs."""
    data = data or load_data()
    specs = {"accounts": accounts, "inventory": inventory, "products": products, "reviews": reviews}
    return {name: build_subgraph_schema(make(data)) for name, make in specs.items()}

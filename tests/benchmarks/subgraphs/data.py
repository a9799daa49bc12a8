"""The benchmark's fixed data (data.json beside this file) as frozen dataclasses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data.json")


@dataclass(frozen=True)
class User:
    id: str
    name: str
    username: str
    birthday: int


@dataclass(frozen=True)
class Product:
    upc: str
    name: str
    price: int
    weight: int
    in_stock: bool


@dataclass(frozen=True)
class Review:
    id: str
    body: str
    upc: str


@dataclass(frozen=True)
class ProductKey:
    """A product as the reviews subgraph knows it: only its key."""

    upc: str


@dataclass(frozen=True)
class UserKey:
    """A user as the reviews subgraph knows it: its key and, when given, the external username."""

    id: str
    username: str | None = None


@dataclass(frozen=True)
class BenchData:
    users: tuple[User, ...]
    products: tuple[Product, ...]
    reviews: tuple[Review, ...]

    def user(self, user_id: object) -> User | None:
        return next((u for u in self.users if u.id == str(user_id)), None)

    def product(self, upc: object) -> Product | None:
        return next((p for p in self.products if p.upc == str(upc)), None)

    def review(self, review_id: object) -> Review | None:
        return next((r for r in self.reviews if r.id == str(review_id)), None)


def load_data(path: Path = DATA_FILE) -> BenchData:
    raw = json.loads(path.read_text())
    products = tuple(
        Product(p["upc"], p["name"], p["price"], p["weight"], p["inStock"]) for p in raw["products"]
    )
    return BenchData(
        users=tuple(User(**u) for u in raw["users"]),
        products=products,
        reviews=tuple(Review(**r) for r in raw["reviews"]),
    )

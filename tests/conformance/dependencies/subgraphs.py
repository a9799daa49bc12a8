"""Subgraphs for the `dependencies` scenario: a key that only a re-entered parent can supply.

- `orders` (root): `Order @key(id)` with the shared value types `Shipment { carrier parcel }` and
  `Parcel { size }` — it knows no parcel code.
- `shipping`: the same `Order`, `Shipment` and `Parcel`, and `Parcel.code`.
- `parcels`: `Parcel @key(code) { weight }`.

`Parcel.weight` needs a call to parcels keyed by `code`, which only shipping has; `Parcel` and
`Shipment` have no key there, so `code` is fetched by re-entering the parent `Order` in shipping.
The parcels call must wait for that fetch; sent beside it, it would find no code to send.
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL

PARCELS = {"o-1": ("p-9", 3, 1200)}  # order -> (parcel code, size, weight)


@strawberry.federation.type(shareable=True)
class Parcel:
    size: int | None


@strawberry.federation.type(shareable=True)
class Shipment:
    carrier: str | None
    parcel: Parcel | None


@strawberry.federation.type(keys=["id"])
class Order:
    id: strawberry.ID

    @strawberry.federation.field(shareable=True)
    def shipment(self) -> Shipment | None:
        return Shipment(carrier="Posten", parcel=Parcel(size=PARCELS[self.id][1]))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Order:
        return cls(id=id)


@strawberry.type
class OrdersQuery:
    @strawberry.field
    def order(self) -> Order | None:
        return Order(id=strawberry.ID("o-1"))


orders = strawberry.federation.Schema(query=OrdersQuery, federation_version="2.3")


@strawberry.federation.type(shareable=True, name="Parcel")
class CodedParcel:
    code: strawberry.ID
    size: int | None


@strawberry.federation.type(shareable=True, name="Shipment")
class ShippingShipment:
    carrier: str | None
    parcel: CodedParcel | None


@strawberry.federation.type(keys=["id"], name="Order")
class ShippingOrder:
    id: strawberry.ID

    @strawberry.federation.field(shareable=True)
    def shipment(self) -> ShippingShipment | None:
        code, size, _ = PARCELS[self.id]
        return ShippingShipment(carrier="Posten", parcel=CodedParcel(code=strawberry.ID(code), size=size))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> ShippingOrder:
        return cls(id=id)


@strawberry.type
class ShippingQuery:
    @strawberry.field
    def carriers(self) -> list[str]:
        return ["Posten"]


shipping = strawberry.federation.Schema(query=ShippingQuery, types=[ShippingOrder], federation_version="2.3")


@strawberry.federation.type(keys=["code"], name="Parcel")
class WeighedParcel:
    code: strawberry.ID

    @strawberry.field
    def weight(self) -> int | None:
        return next(w for c, _, w in PARCELS.values() if c == self.code)

    @classmethod
    def resolve_reference(cls, code: strawberry.ID) -> WeighedParcel:
        return cls(code=code)


@strawberry.type
class ParcelsQuery:
    @strawberry.field
    def scales(self) -> int:
        return 1


parcels = strawberry.federation.Schema(query=ParcelsQuery, types=[WeighedParcel], federation_version="2.3")

SCHEMAS = {"orders": orders, "shipping": shipping, "parcels": parcels}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

"""requires: @requires with arguments, with inline fragments, on an interface's implementation, in a
chain across three subgraphs, and in a cycle that returns to the subgraph it started from.

    cadastre   Query.parcels, Query.assets; owns Parcel (area, assessedValue(year), rate(basis: enum),
               use: LandUse, owner: Owner = Person | Company, district -> District),
               interface LandUse (Residential | Commercial), interface Asset (Building | Forest)
    regions    owns District @key(id) { code name }
    valuation  Parcel.marketValue @requires(area); Parcel.adjustedValue @requires(exempt)
    tax        Parcel.exempt (plain);
               landTax(surcharge) @requires("assessedValue(year: 2025) area")    -> Int argument
               municipalFee @requires("rate(basis: MUNICIPAL) area")           -> enum argument
               zoningFee @requires("use { code ... on Residential {...} ... on Commercial {...} }")
               stampDuty @requires("owner { __typename ... on Person {...} ... on Company {...} }")
                                                  -> fragments on an interface and on a union field
               registryLabel @requires("district { code }") -> a field of ANOTHER entity (regions)
               propertyTax @requires(marketValue) -> chain tax <- valuation <- cadastre
               levy @requires(adjustedValue)      -> cycle tax.exempt -> valuation -> tax.levy
               Asset.insurance: an interface field each implementation computes from its own
               requirement -- Building @requires(floors), Forest @requires(hectares)

tax is written from SDL (tests/support/sdl_subgraph.py) so its external value types and required
selections are exactly as written. Every resolver behind @requires reads the required value from the
representation and fails if it is absent, so a skipped @requires shows up as an error.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.asgi import GraphQL

from tests.support.sdl_subgraph import SdlSubgraph

PARCELS = {
    "P-1": {
        "address": "Pikk 1",
        "area": 500,
        "assessed": {2024: 100_000, 2025: 110_000},
        "use": ("Residential", "R1", 4),
        "owner": ("Person", "Mari Tamm", True),
        "exempt": True,
    },
    "P-2": {
        "address": "Turu 5",
        "area": 1200,
        "assessed": {2024: 250_000, 2025: 240_000},
        "use": ("Commercial", "C2", 900),
        "owner": ("Company", "Turu Holdings", "EE100200300"),
        "exempt": False,
    },
}
RATES = {"P-1": {"MUNICIPAL": 3, "STATE": 7}, "P-2": {"MUNICIPAL": 5, "STATE": 9}}
DISTRICT_OF = {"P-1": "D-1", "P-2": "D-2"}
DISTRICTS = {"D-1": ("TLN-KES", "Kesklinn"), "D-2": ("TRT-KES", "Tartu kesklinn")}
BASE_VALUE = {"P-1": 150_000, "P-2": 360_000}  # valuation's own figure, halved for exempt parcels
ASSETS = [
    ("Building", "B-1", "Town hall", 3),
    ("Forest", "F-1", "Oak grove", 12),
    ("Building", "B-2", "Library", 5),
]


# --- cadastre ---------------------------------------------------------------------------------
@strawberry.interface
class LandUse:
    code: str


@strawberry.type
class Residential(LandUse):
    dwellings: int


@strawberry.type
class Commercial(LandUse):
    floor_area: int


@strawberry.enum
class RateBasis(Enum):
    MUNICIPAL = "MUNICIPAL"
    STATE = "STATE"


@strawberry.federation.type(keys=["id"], name="District")
class CadastreDistrict:
    id: strawberry.ID


@strawberry.type
class Person:
    name: str
    resident: bool


@strawberry.type
class Company:
    name: str
    vat_number: str


Owner = Annotated[Person | Company, strawberry.union("Owner")]


@strawberry.federation.type(keys=["id"])
class Parcel:
    id: strawberry.ID
    address: str
    area: int
    use: LandUse
    owner: Owner

    @strawberry.field
    def assessed_value(self, year: int) -> int:
        return int(PARCELS[self.id]["assessed"][year])

    @strawberry.field
    def rate(self, basis: RateBasis) -> int:
        return RATES[self.id][basis.value]

    @strawberry.field
    def district(self) -> CadastreDistrict:
        return CadastreDistrict(id=strawberry.ID(DISTRICT_OF[self.id]))

    @classmethod
    def load(cls, parcel_id: str) -> Parcel:
        row: dict[str, Any] = PARCELS[parcel_id]
        kind, code, size = row["use"]
        use = (
            Residential(code=code, dwellings=size)
            if kind == "Residential"
            else Commercial(code=code, floor_area=size)
        )
        kind, name, detail = row["owner"]
        owner = (
            Person(name=name, resident=detail) if kind == "Person" else Company(name=name, vat_number=detail)
        )
        return cls(
            id=strawberry.ID(parcel_id), address=row["address"], area=row["area"], use=use, owner=owner
        )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Parcel:
        return cls.load(id)


@strawberry.interface
class Asset:
    id: strawberry.ID
    name: str


@strawberry.federation.type(keys=["id"])
class Building(Asset):
    floors: int


@strawberry.federation.type(keys=["id"])
class Forest(Asset):
    hectares: int


@strawberry.type(name="Query")
class CadastreQuery:
    @strawberry.field
    def parcels(self) -> list[Parcel]:
        return [Parcel.load(pid) for pid in PARCELS]

    @strawberry.field
    def assets(self) -> list[Asset]:
        return [
            Building(id=i, name=n, floors=s) if kind == "Building" else Forest(id=i, name=n, hectares=s)
            for kind, i, n, s in ASSETS
        ]


cadastre = strawberry.federation.Schema(
    query=CadastreQuery, types=[Residential, Commercial, Building, Forest], federation_version="2.3"
)


# --- valuation --------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Parcel")
class ValuationParcel:
    id: strawberry.ID
    # None at run time when the gateway did not send the required value (the SDL says Int!/Boolean!)
    area: int = strawberry.federation.field(external=True)
    exempt: bool = strawberry.federation.field(external=True)

    @strawberry.federation.field(requires=["area"])
    def market_value(self) -> int:
        if self.area is None:
            raise ValueError("marketValue needs the parcel's area")
        return self.area * 300

    @strawberry.federation.field(requires=["exempt"])
    def adjusted_value(self) -> int:
        if self.exempt is None:
            raise ValueError("adjustedValue needs the parcel's exemption")
        base = BASE_VALUE[self.id]
        return base // 2 if self.exempt else base

    @classmethod
    def resolve_reference(
        cls, id: strawberry.ID, area: int | None = None, exempt: bool | None = None
    ) -> ValuationParcel:
        return cls(id=id, area=area, exempt=exempt)  # type: ignore[arg-type]


valuation = strawberry.federation.Schema(types=[ValuationParcel], federation_version="2.3")


# --- regions ----------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"])
class District:
    id: strawberry.ID
    code: str
    name: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> District | None:
        if id not in DISTRICTS:
            return None
        code, name = DISTRICTS[id]
        return cls(id=id, code=code, name=name)


regions = strawberry.federation.Schema(types=[District], federation_version="2.3")


# --- tax (SDL) --------------------------------------------------------------------------------
TAX_SDL = """
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])

type Parcel @key(fields: "id") {
  id: ID!
  area: Int! @external
  assessedValue(year: Int!): Int! @external
  use: LandUse! @external
  owner: Owner! @external
  rate(basis: RateBasis!): Int! @external
  district: District! @external
  marketValue: Int! @external
  adjustedValue: Int! @external
  exempt: Boolean!
  landTax(surcharge: Int! = 0): Int! @requires(fields: "assessedValue(year: 2025) area")
  zoningFee: Int!
    @requires(fields: "use { code ... on Residential { dwellings } ... on Commercial { floorArea } }")
  stampDuty: Int!
    @requires(fields: "owner { __typename ... on Person { resident } ... on Company { vatNumber } }")
  municipalFee: Int! @requires(fields: "rate(basis: MUNICIPAL) area")
  registryLabel: String! @requires(fields: "district { code }")
  propertyTax: Int! @requires(fields: "marketValue")
  levy: Int! @requires(fields: "adjustedValue")
}

interface LandUse {
  code: String!
}

type Residential implements LandUse {
  code: String! @external
  dwellings: Int! @external
}

type Commercial implements LandUse {
  code: String! @external
  floorArea: Int! @external
}

union Owner = Person | Company

enum RateBasis {
  MUNICIPAL
  STATE
}

type District @key(fields: "id") {
  id: ID!
  code: String! @external
}

type Person {
  resident: Boolean! @external
}

type Company {
  vatNumber: String! @external
}

interface Asset {
  id: ID!
  insurance: Int!
}

type Building implements Asset @key(fields: "id") {
  id: ID!
  floors: Int! @external
  insurance: Int! @requires(fields: "floors")
}

type Forest implements Asset @key(fields: "id") {
  id: ID!
  hectares: Int! @external
  insurance: Int! @requires(fields: "hectares")
}
"""


def _sent(entity: dict[str, Any], name: str) -> Any:
    """A required value from the representation; its absence means the gateway skipped @requires."""
    if name not in entity:
        raise ValueError(f"tax: required field {name!r} was not sent")
    return entity[name]


def _stamp_duty(parcel: dict[str, Any], _info: Any) -> int:
    owner = _sent(parcel, "owner")
    if owner["__typename"] == "Person":
        return 10 if owner["resident"] else 50
    return 25 if owner["vatNumber"].startswith("EE") else 40


def _zoning_fee(parcel: dict[str, Any], _info: Any) -> int:
    use = _sent(parcel, "use")
    if "dwellings" in use:
        return int(use["dwellings"]) * 50
    return int(use["floorArea"]) * 2


tax_subgraph = SdlSubgraph.build(
    TAX_SDL,
    entities={
        "Parcel": lambda rep: (
            {**rep, "exempt": PARCELS[rep["id"]]["exempt"]} if rep["id"] in PARCELS else None
        ),
    },
    resolvers={
        "Parcel.landTax": lambda p, _i, surcharge: (
            _sent(p, "assessedValue") // 100 + _sent(p, "area") + surcharge
        ),
        "Parcel.zoningFee": _zoning_fee,
        "Parcel.municipalFee": lambda p, _i: _sent(p, "rate") * _sent(p, "area") // 10,
        "Parcel.registryLabel": lambda p, _i: f"{_sent(p, 'district')['code']}/{p['id']}",
        "Parcel.stampDuty": _stamp_duty,
        "Parcel.propertyTax": lambda p, _i: _sent(p, "marketValue") // 1000 * 3,
        "Parcel.levy": lambda p, _i: _sent(p, "adjustedValue") // 100,
        "Building.insurance": lambda b, _i: _sent(b, "floors") * 1000,
        "Forest.insurance": lambda f, _i: _sent(f, "hectares") * 100,
    },
)

SCHEMAS = {"cadastre": cadastre, "valuation": valuation, "regions": regions}
SDL = {"tax": tax_subgraph.sdl}
APPS = {**{name: GraphQL(schema) for name, schema in SCHEMAS.items()}, "tax": tax_subgraph.app}

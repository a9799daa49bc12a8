"""entity_keys: single, compound, nested-compound and multiple keys; a key that is not resolvable.

    registry     Query.permits / Query.permit; owns Permit @key(id); refers to Holder (compound key),
                 Licence (nested compound key), Vehicle by `plate` only, and Officer by a key it declares
                 `resolvable: false` (registry can never be asked for an Officer)
    finance      Permit.fee                                   (single key: id)
    people       Holder @key("id country") (with Holder.permits back to registry's Permit),
                 Licence @key("number issuer { id }"), Officer @key(badge)
    fleet        Vehicle @key(plate) @key(vin)                (the only place that maps a plate to a VIN)
    inspections  Vehicle @key(vin) only: reached from registry through fleet; Query.failedInspections;
                 retestFee @requires(plate): its representation joins vin (from fleet) and plate

The same holder id under two countries, and the same licence number from two issuers, are different
entities: a gateway that sends only part of a compound key gets the wrong person.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL
from strawberry.federation.schema_directives import Key

PERMITS = {
    "P1": {
        "title": "Market stall",
        "holder": ("H1", "EE"),
        "licence": ("L-100", "TRA"),
        "plate": "123ABC",
        "badge": "B-7",
        "fee": 120,
    },
    "P2": {
        "title": "Street party",
        "holder": ("H1", "FI"),
        "licence": ("L-100", "POL"),
        "plate": "777XYZ",
        "badge": "B-9",
        "fee": 45,
    },
    "P3": {
        "title": "Food truck",
        "holder": ("H2", "EE"),
        "licence": ("L-200", "TRA"),
        "plate": "123ABC",
        "badge": "B-7",
        "fee": 300,
    },
}
HOLDERS = {("H1", "EE"): "Mari Tamm", ("H1", "FI"): "Matti Virtanen", ("H2", "EE"): "Jaan Kask"}
LICENCES = {("L-100", "TRA"): "C1", ("L-100", "POL"): "public event", ("L-200", "TRA"): "C"}
OFFICERS = {"B-7": "Insp. Sepp", "B-9": "Insp. Mets"}
VINS = {"123ABC": "VIN-A1", "777XYZ": "VIN-B2"}
INSPECTIONS = {"VIN-A1": ("2026-03-01", True), "VIN-B2": ("2025-11-20", False)}


# --- registry ---------------------------------------------------------------------------------
@strawberry.federation.type(shareable=True, name="Issuer")
class RegistryIssuer:
    id: strawberry.ID


@strawberry.federation.type(keys=["id country"], name="Holder")
class RegistryHolder:
    id: strawberry.ID
    country: str


@strawberry.federation.type(keys=["number issuer { id }"], name="Licence")
class RegistryLicence:
    number: str
    issuer: RegistryIssuer

    @classmethod
    def resolve_reference(cls, number: str, issuer: dict[str, Any]) -> RegistryLicence:
        return cls(number=number, issuer=RegistryIssuer(id=issuer["id"]))


@strawberry.federation.type(keys=["plate"], name="Vehicle")
class RegistryVehicle:
    plate: str


@strawberry.federation.type(keys=[Key(fields="badge", resolvable=False)], name="Officer")
class RegistryOfficer:
    badge: strawberry.ID


@strawberry.federation.type(keys=["id"])
class Permit:
    id: strawberry.ID
    title: str
    holder: RegistryHolder
    licence: RegistryLicence
    vehicle: RegistryVehicle
    officer: RegistryOfficer

    @classmethod
    def load(cls, permit_id: str) -> Permit | None:
        row = PERMITS.get(permit_id)
        if row is None:
            return None
        number, issuer = row["licence"]
        return cls(
            id=strawberry.ID(permit_id),
            title=row["title"],
            holder=RegistryHolder(id=row["holder"][0], country=row["holder"][1]),
            licence=RegistryLicence(number=number, issuer=RegistryIssuer(id=issuer)),
            vehicle=RegistryVehicle(plate=row["plate"]),
            officer=RegistryOfficer(badge=row["badge"]),
        )

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Permit | None:
        return cls.load(id)


@strawberry.type(name="Query")
class RegistryQuery:
    @strawberry.field
    def permits(self) -> list[Permit]:
        return [p for p in map(Permit.load, PERMITS) if p is not None]

    @strawberry.field
    def permit(self, id: strawberry.ID) -> Permit | None:
        return Permit.load(id)


registry = strawberry.federation.Schema(
    query=RegistryQuery, types=[RegistryOfficer], federation_version="2.3"
)


# --- finance ----------------------------------------------------------------------------------
@strawberry.federation.type(keys=["id"], name="Permit")
class FinancePermit:
    id: strawberry.ID
    fee: int

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> FinancePermit | None:
        row = PERMITS.get(id)
        return cls(id=id, fee=row["fee"]) if row else None


finance = strawberry.federation.Schema(types=[FinancePermit], federation_version="2.3")


# --- people -----------------------------------------------------------------------------------
@strawberry.federation.type(shareable=True)
class Issuer:
    id: strawberry.ID


@strawberry.federation.type(keys=["id"], name="Permit")
class PeoplePermit:
    id: strawberry.ID


@strawberry.federation.type(keys=["id country"])
class Holder:
    id: strawberry.ID
    country: str
    name: str

    @strawberry.field
    def permits(self) -> list[PeoplePermit]:
        """Back to registry's entity: the cycle Permit -> Holder -> [Permit]."""
        return [
            PeoplePermit(id=strawberry.ID(p))
            for p, row in PERMITS.items()
            if row["holder"] == (self.id, self.country)
        ]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, country: str) -> Holder | None:
        name = HOLDERS.get((id, country))
        return cls(id=id, country=country, name=name) if name else None


@strawberry.federation.type(keys=["number issuer { id }"])
class Licence:
    number: str
    issuer: Issuer
    category: str

    @classmethod
    def resolve_reference(cls, number: str, issuer: dict[str, Any]) -> Licence | None:
        category = LICENCES.get((number, issuer["id"]))
        return cls(number=number, issuer=Issuer(id=issuer["id"]), category=category) if category else None


@strawberry.federation.type(keys=["badge"])
class Officer:
    badge: strawberry.ID
    name: str

    @classmethod
    def resolve_reference(cls, badge: strawberry.ID) -> Officer | None:
        name = OFFICERS.get(badge)
        return cls(badge=badge, name=name) if name else None


people = strawberry.federation.Schema(types=[Holder, Licence, Officer], federation_version="2.3")


# --- fleet ------------------------------------------------------------------------------------
@strawberry.federation.type(keys=["plate", "vin"], name="Vehicle")
class FleetVehicle:
    plate: str
    vin: str

    @classmethod
    def resolve_reference(cls, plate: str | None = None, vin: str | None = None) -> FleetVehicle | None:
        if plate is not None:
            return cls(plate=plate, vin=VINS[plate]) if plate in VINS else None
        by_vin = {v: p for p, v in VINS.items()}
        return cls(plate=by_vin[vin], vin=vin) if vin in by_vin else None


fleet = strawberry.federation.Schema(types=[FleetVehicle], federation_version="2.3")


# --- inspections ------------------------------------------------------------------------------
@strawberry.federation.type(keys=["vin"])
class Vehicle:
    vin: str
    last_inspection: str
    passed: bool
    plate: str = strawberry.federation.field(external=True)  # None unless sent for retestFee

    @strawberry.federation.field(requires=["plate"])
    def retest_fee(self) -> int:
        if self.plate is None:
            raise ValueError("inspections: retestFee needs the plate")
        return 25 if self.plate.startswith("123") else 40

    @classmethod
    def resolve_reference(cls, vin: str, plate: str | None = None) -> Vehicle | None:
        if vin not in INSPECTIONS:  # a plate sent here by mistake lands in this branch
            return None
        day, passed = INSPECTIONS[vin]
        return cls(vin=vin, last_inspection=day, passed=passed, plate=plate)  # type: ignore[arg-type]


@strawberry.type(name="Query")
class InspectionsQuery:
    @strawberry.field
    def failed_inspections(self) -> list[Vehicle]:
        return [v for v in map(Vehicle.resolve_reference, INSPECTIONS) if v is not None and not v.passed]


inspections = strawberry.federation.Schema(query=InspectionsQuery, federation_version="2.3")

SCHEMAS = {
    "registry": registry,
    "finance": finance,
    "people": people,
    "fleet": fleet,
    "inspections": inspections,
}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}

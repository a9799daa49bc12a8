"""The transport subgraph's schema: owns Vehicle, adds vehicles and drivingLicence to Citizen.

Vehicle details are public. ``Vehicle.owner`` names a person, and ``Citizen.vehicles`` and
``drivingLicence`` are a person's: personal data, given to the citizen themselves or to an official
with ``transport:read`` and a purpose (the caller from the gateway's ``x-govgraph-identity``, see
``subgraphs/common/access.py``); anyone else gets null and a FORBIDDEN error. Fields of an entity
whose export record is damaged fail with LEGACY_DATA_CORRUPT; every other entity in the same
response is unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from strawberry.federation.schema_directives import ListSize
from strawberry.types import Info

from subgraphs.common.access import PERSONAL_TAG, Access, AgencySchema, personal_field
from subgraphs.transport.client import TransportStore
from subgraphs.transport.loaders import Loaders, make_loaders
from subgraphs.transport.records import CorruptRecord, LicenceRecord, VehicleRecord

# @listSize for the gateway's demand control, as the register's exports hold them: a private owner
# has a car or two (OWNERS rows per person), a licence a few categories (B; B, BE, C, CE at most)
VEHICLES_PER_OWNER = 3
LICENCE_CATEGORIES = 4


@dataclass
class TransportContext:
    request: Request | None
    store: TransportStore
    loaders: Loaders
    access: Access

    @classmethod
    def for_request(cls, request: Request | None, store: TransportStore, access: Access) -> TransportContext:
        return cls(request=request, store=store, loaders=make_loaders(store, store.index), access=access)


def corrupt_error(record: CorruptRecord) -> GraphQLError:
    return GraphQLError(
        f"The transport register's export record for this entity is damaged ({record.reason})",
        extensions={"code": "LEGACY_DATA_CORRUPT", "file": record.file, "record": record.record_number},
    )


@strawberry.federation.type(keys=["id"])
class Citizen:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Citizen:
        return cls(id=id)

    @personal_field(
        description="Vehicles registered to this person as owner.",
        directives=[ListSize(assumed_size=VEHICLES_PER_OWNER)],
    )
    async def vehicles(self, info: Info[TransportContext, None]) -> list[Vehicle] | None:
        facts = await info.context.loaders.citizens.load(str(self.id))
        if isinstance(facts.vehicles, CorruptRecord):
            raise corrupt_error(facts.vehicles)
        return [Vehicle(registration_number=reg, record=record) for reg, record in facts.vehicles]

    @personal_field(description="The person's driving licence, if they hold one.")
    async def driving_licence(self, info: Info[TransportContext, None]) -> DrivingLicence | None:
        facts = await info.context.loaders.citizens.load(str(self.id))
        if isinstance(facts.licence, CorruptRecord):
            raise corrupt_error(facts.licence)
        return DrivingLicence.from_record(facts.licence) if facts.licence else None


@strawberry.type
class DrivingLicence:
    number: str
    valid_until: date | None
    categories: list[str] = strawberry.field(directives=[ListSize(assumed_size=LICENCE_CATEGORIES)])
    penalty_points: int

    @classmethod
    def from_record(cls, record: LicenceRecord) -> DrivingLicence:
        return cls(
            number=record.number,
            valid_until=record.valid_until,
            categories=[c.code for c in record.categories],
            penalty_points=record.penalty_points,
        )


@strawberry.federation.type(keys=["registrationNumber"])
class Vehicle:
    registration_number: str
    record: strawberry.Private[VehicleRecord | CorruptRecord | None]

    @classmethod
    async def resolve_reference(
        cls, info: Info[TransportContext, None], **representation: str
    ) -> Vehicle | None:
        registration_number = representation["registrationNumber"]
        record = await info.context.loaders.vehicles.load(registration_number)
        return None if record is None else cls(registration_number=registration_number, record=record)

    def _details(self) -> VehicleRecord | None:
        if isinstance(self.record, CorruptRecord):
            raise corrupt_error(self.record)
        return self.record

    @strawberry.field
    def make(self) -> str | None:
        record = self._details()
        return record.make if record else None

    @strawberry.field
    def model(self) -> str | None:
        record = self._details()
        return record.model if record else None

    @strawberry.field
    def first_registered(self) -> date | None:
        record = self._details()
        return record.first_registered if record else None

    @strawberry.field
    def inspection_valid_until(self) -> date | None:
        record = self._details()
        return record.inspection_valid_until if record else None

    @strawberry.field(description="Annual motor vehicle tax in euros.")
    def annual_tax(self) -> Decimal | None:
        record = self._details()
        return record.annual_tax if record else None

    @strawberry.federation.field(
        tags=[PERSONAL_TAG],
        description="The registered owner: only for the owner themselves or an official (transport:read).",
    )
    async def owner(self, info: Info[TransportContext, None]) -> Citizen | None:
        access = info.context.access
        if access.caller is None:
            access.require("")  # anonymous: refused before anything is looked up
        ownership = await info.context.loaders.owners.load(self.registration_number)
        if isinstance(ownership, CorruptRecord):
            raise corrupt_error(ownership)
        if ownership is None:
            return None
        access.require(ownership.owner_id)
        access.disclose(ownership.owner_id, "Vehicle.owner")
        return Citizen(id=strawberry.ID(ownership.owner_id))


@strawberry.type
class Query:
    @strawberry.field(description="A vehicle by its registration number (plate), e.g. 123ABC.")
    async def vehicle(self, info: Info[TransportContext, None], registration_number: str) -> Vehicle | None:
        record = await info.context.loaders.vehicles.load(registration_number.strip().upper())
        if record is None:
            return None
        return Vehicle(registration_number=registration_number.strip().upper(), record=record)


class TransportSchema(AgencySchema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Expected answers (FORBIDDEN, LEGACY_DATA_CORRUPT) are not logged as crashes."""
        unexpected = [e for e in errors if not (e.extensions or {}).get("code")]
        super().process_errors(unexpected, execution_context)


schema = TransportSchema(query=Query, types=[Citizen, Vehicle], federation_version="2.9")

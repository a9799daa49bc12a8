"""The register's subgraph: it owns `Citizen @key(fields: "id")`.

Frontend-friendly shapes over the legacy rows: `birthDate` is a `Date`, `sex` an enum, `address` the
current address and `addresses` the full history (oldest first), `household { id members }`,
`children` and `parents` as citizens, `age` computed for today.

Every field but `id` is personal data (`personal_field`: tagged `personal-data`, guarded and reported,
see `subgraphs/common/access.py`); a Citizen is only looked up (`citizen`, `citizens`, `_entities`) for
a caller who may read that citizen's data here. The ids of one's relatives (`household`, `children`,
`parents`) are part of one's own record, their other fields are theirs: a citizen reads them only for a
minor child (as the child's guardian).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

import strawberry
from graphql import GraphQLError
from strawberry.federation.schema_directives import ListSize
from strawberry.types import Info

from subgraphs.common.access import Access, AgencySchema, access_of, personal_field
from subgraphs.registry.client import CORRUPT, AddressRecord, PersonRecord, legacy_error, parse_legacy_date
from subgraphs.registry.loaders import Loaders

MAX_CITIZENS = 100  # ids `citizens` answers at once (its @listSize for the gateway's cost budget)
HOUSEHOLD_SIZE = 10  # what the gateway's cost estimate assumes a household holds


@dataclass
class RegistryContext:
    """What every resolver can see: the per-request loaders, today's date and the caller."""

    loaders: Loaders
    today: date
    access: Access  # the caller, from the gateway's x-govgraph-identity
    request: object = None
    response: object = None


@strawberry.enum(description="Sex as recorded in the population register.")
class Sex(Enum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    UNKNOWN = "UNKNOWN"


@strawberry.type(description="A registered address; `validTo` is null for the current one.")
class Address:
    street: str
    postal_code: str | None
    city: str
    record: strawberry.Private[AddressRecord]

    @strawberry.field
    def valid_from(self) -> date | None:
        return parse_legacy_date(self.record.valid_from_raw, "address start date")

    @strawberry.field
    def valid_to(self) -> date | None:
        return parse_legacy_date(self.record.valid_to_raw, "address end date")

    @strawberry.field(description="True for the address the person lives at now.")
    def current(self) -> bool:
        return parse_legacy_date(self.record.valid_to_raw, "address end date") is None

    @classmethod
    def from_record(cls, record: AddressRecord) -> Address:
        return cls(street=record.street, postal_code=record.postal_code, city=record.city, record=record)


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@strawberry.federation.type(keys=["id"], description="A person in the population register.")
class Citizen:
    id: strawberry.ID
    given_name: str = personal_field()
    family_name: str = personal_field()
    sex: Sex = personal_field()
    record: strawberry.Private[PersonRecord] = None  # type: ignore[assignment]
    guardian: strawberry.Private[str | None] = None  # the parent through whom a minor child was reached

    @classmethod
    def from_record(cls, record: PersonRecord, guardian: str | None = None) -> Citizen:
        return cls(
            id=strawberry.ID(record.id),
            given_name=record.given_name,
            family_name=record.family_name,
            sex=Sex(record.sex),
            record=record,
            guardian=guardian,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Citizen | None:
        access_of(info.context).require(str(id))
        record = await info.context.loaders.person.load(str(id))
        return cls.from_record(record) if record else None

    @personal_field
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @personal_field
    def birth_date(self) -> date:
        born = parse_legacy_date(self.record.birth_raw, "birth date")
        if born is None:
            raise legacy_error(CORRUPT, "the register holds no birth date")
        return born

    @personal_field(description="Age in full years today.")
    def age(self, info: Info) -> int:
        return _age(self.birth_date(), info.context.today)

    @personal_field(description="The current address; null when none is registered.")
    async def address(self, info: Info) -> Address | None:
        rows = await info.context.loaders.addresses.load(self.record.key)
        current = [r for r in rows if parse_legacy_date(r.valid_to_raw, "address end date") is None]
        chosen = current[-1] if current else None
        return Address.from_record(chosen) if chosen else None

    @personal_field(
        description="Address history, oldest first; the last one is current.",
        directives=[ListSize(assumed_size=10)],
    )
    async def addresses(self, info: Info) -> list[Address]:
        rows = await info.context.loaders.addresses.load(self.record.key)
        return [Address.from_record(r) for r in rows]

    @personal_field
    async def household(self, info: Info) -> Household | None:
        if self.record.household_key is None:
            return None
        return Household(id=strawberry.ID(self.record.household_id or ""), key=self.record.household_key)

    @personal_field(
        description="Null when the caller may not read every child listed.",
        directives=[ListSize(assumed_size=10)],
    )
    async def children(self, info: Info) -> list[Citizen] | None:
        rows = await info.context.loaders.children.load(self.record.key)
        return [Citizen.from_record(r, str(self.id) if _minor(r, info.context.today) else None) for r in rows]

    @personal_field(
        description="Null when the caller may not read every parent listed.",
        directives=[ListSize(assumed_size=2)],
    )
    async def parents(self, info: Info) -> list[Citizen] | None:
        return [Citizen.from_record(r) for r in await info.context.loaders.parents.load(self.record.key)]


def _minor(record: PersonRecord, today: date) -> bool:
    try:
        born = parse_legacy_date(record.birth_raw, "birth date")
    except GraphQLError:
        return False
    return born is not None and _age(born, today) < 18


@strawberry.type(description="People registered as living together.")
class Household:
    id: strawberry.ID
    key: strawberry.Private[int]

    @strawberry.field(directives=[ListSize(assumed_size=HOUSEHOLD_SIZE)])
    async def members(self, info: Info) -> list[Citizen]:
        return [Citizen.from_record(r) for r in await info.context.loaders.household.load(self.key)]


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in citizen (verified by the gateway); null for anyone else.")
    async def me(self, info: Info) -> Citizen | None:
        citizen_id = access_of(info.context).citizen_id
        if not citizen_id:
            return None
        return await Citizen.resolve_reference(info, strawberry.ID(citizen_id))

    @strawberry.field(description="A citizen by personal code.")
    async def citizen(self, info: Info, id: strawberry.ID) -> Citizen | None:
        return await Citizen.resolve_reference(info, id)

    # The cost spec's slicing arguments are integers (composition refuses a list), so the
    # gateway counts `citizens` at its largest: the most ids one request may ask.
    @strawberry.field(
        description="Several citizens by personal code, in the order asked (null if unknown).",
        directives=[ListSize(assumed_size=MAX_CITIZENS)],
    )
    async def citizens(self, info: Info, ids: list[strawberry.ID]) -> list[Citizen | None]:
        if len(ids) > MAX_CITIZENS:
            message = f"citizens: at most {MAX_CITIZENS} ids at once, not {len(ids)}"
            raise GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})
        for citizen_id in ids:
            access_of(info.context).require(str(citizen_id))
        records = await info.context.loaders.person.load_many([str(i) for i in ids])
        return [Citizen.from_record(r) if r else None for r in records]


schema = AgencySchema(query=Query, federation_version="2.9")

"""The catalogue's subgraph: owns `Agency`, `PublicService`, `Office`; adds `Citizen.eligibleServices`.

`eligibleServices` is computed from facts other agencies hold, declared `@external` here with the
owners' exact types and pulled in by `@requires`: `birthDate` and `children { birthDate }` (registry),
`annualIncome` (tax), `vehicles { registrationNumber }` (transport).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import strawberry
from strawberry.federation.schema_directives import Key, ListSize
from strawberry.types import Info

from subgraphs.common.access import Access, AgencySchema, personal_field
from subgraphs.services.catalogue import (
    AgencyRow,
    Catalogue,
    CatalogueStore,
    CorruptRow,
    OfficeRow,
    ServiceRow,
    legacy_error,
)
from subgraphs.services.rules import Facts

REQUIRED_FACTS = "birthDate children { birthDate } annualIncome vehicles { registrationNumber }"
LOCAL_TIME = ZoneInfo("Europe/Tallinn")
# @listSize for the gateway's demand control, a little above the open-data catalogue of today
# (6 agencies, 22 services, 15 offices): it grows, the estimate should not jump with every row
AGENCIES = 10
SERVICES = 30
OFFICES = 20
SERVICES_PER_AGENCY = 10
OFFICES_PER_AGENCY = 5
ELIGIBLE_SERVICES = 10  # of the catalogue, what one citizen's age, children, income and vehicles open


@dataclass
class ServicesContext:
    store: CatalogueStore
    today: date
    now: datetime
    access: Access
    request: object = None
    response: object = None


def _catalogue(info: Info) -> Catalogue:
    return info.context.store.get()


def _valid(row: Any, what: str) -> Any:
    if isinstance(row, CorruptRow):
        raise legacy_error(
            "LEGACY_DATA_CORRUPT", f"{what} {row.id!r} is corrupt in {row.file} line {row.line}: {row.reason}"
        )
    return row


@strawberry.enum
class Weekday(Enum):
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6
    SUNDAY = 7


@strawberry.type(description="Opening hours on one weekday, local time (Europe/Tallinn).")
class OpeningHours:
    weekday: Weekday
    opens: str = strawberry.field(description="HH:MM")
    closes: str = strawberry.field(description="HH:MM")


@strawberry.federation.type(keys=["id"], description="A government agency.")
class Agency:
    id: strawberry.ID
    name: str
    website: str

    @classmethod
    def of(cls, row: AgencyRow) -> Agency:
        return cls(id=strawberry.ID(row.id), name=row.name, website=row.website)

    @classmethod
    def resolve_reference(cls, info: Info, id: strawberry.ID) -> Agency | None:
        row = _catalogue(info).agencies.get(str(id))
        return cls.of(row) if row else None

    @strawberry.field(directives=[ListSize(assumed_size=SERVICES_PER_AGENCY)])
    def services(self, info: Info) -> list[PublicService]:
        return [PublicService.of(s) for s in _catalogue(info).services_of(str(self.id))]

    @strawberry.field(directives=[ListSize(assumed_size=OFFICES_PER_AGENCY)])
    def offices(self, info: Info) -> list[Office]:
        return [Office.of(o) for o in _catalogue(info).offices_of(str(self.id))]


def _agency(info: Info, agency_id: str) -> Agency:
    row = _catalogue(info).agencies.get(agency_id)
    if row is None:
        raise legacy_error("LEGACY_DATA_CORRUPT", f"the export names an unknown agency {agency_id!r}")
    return Agency.of(row)


@strawberry.federation.type(keys=["id"], description="Something a citizen can do with the government.")
class PublicService:
    id: strawberry.ID
    name: str
    description: str
    how_to_apply: str
    eligibility_rule: str = strawberry.field(description="The catalogue's rule code, e.g. `AGE_AT_LEAST:18`.")
    agency_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: ServiceRow) -> PublicService:
        return cls(
            id=strawberry.ID(row.id),
            name=row.name,
            description=row.description,
            how_to_apply=row.how_to_apply,
            eligibility_rule=row.rule.code,
            agency_id=row.agency_id,
        )

    @classmethod
    def resolve_reference(cls, info: Info, id: strawberry.ID) -> PublicService | None:
        row = _catalogue(info).services.get(str(id))
        return cls.of(_valid(row, "service")) if row else None

    @strawberry.field
    def agency(self, info: Info) -> Agency:
        return _agency(info, self.agency_id)


@strawberry.federation.type(keys=["id"], description="A service office citizens can visit.")
class Office:
    id: strawberry.ID
    name: str
    street: str
    city: str
    opening_hours: list[OpeningHours] = strawberry.field(directives=[ListSize(assumed_size=7)])  # a week
    agency_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: OfficeRow) -> Office:
        hours = [
            OpeningHours(weekday=Weekday(h.weekday), opens=h.opens, closes=h.closes)
            for h in row.opening_hours
        ]
        return cls(
            id=strawberry.ID(row.id),
            name=row.name,
            street=row.street,
            city=row.city,
            opening_hours=hours,
            agency_id=row.agency_id,
        )

    @classmethod
    def resolve_reference(cls, info: Info, id: strawberry.ID) -> Office | None:
        row = _catalogue(info).offices.get(str(id))
        return cls.of(_valid(row, "office")) if row else None

    @strawberry.field
    def agency(self, info: Info) -> Agency:
        return _agency(info, self.agency_id)

    @strawberry.field(description="Open at this moment (or at `at`, an ISO date-time), local time.")
    def open_now(self, info: Info, at: datetime | None = None) -> bool:
        moment = (at or info.context.now).astimezone(LOCAL_TIME)
        hhmm = moment.strftime("%H:%M")
        return any(
            h.weekday.value == moment.isoweekday() and h.opens <= hhmm < h.closes for h in self.opening_hours
        )


@strawberry.federation.type(
    keys=[Key(fields="registrationNumber", resolvable=False)], description="A vehicle (owned by transport)."
)
class Vehicle:
    registration_number: str


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise legacy_error("INVALID_REPRESENTATION", f"not an ISO date: {value!r}") from None


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def facts_from(representation: dict[str, Any], today: date) -> Facts:
    """The @requires facts the gateway sent, as plain `Facts` (raises when any is missing)."""
    missing = [k for k in ("birthDate", "children", "annualIncome", "vehicles") if k not in representation]
    if missing:
        raise strawberry.exceptions.StrawberryGraphQLError(
            f"eligibleServices needs the required facts {', '.join(missing)} in the representation",
            extensions={"code": "MISSING_REQUIRED_FACTS"},
        )
    children = representation["children"] or []
    income = representation["annualIncome"]
    return Facts(
        age=_age(_date(representation["birthDate"]), today),
        child_ages=tuple(_age(_date((c or {}).get("birthDate")), today) for c in children),
        annual_income=None if income is None else float(income),
        vehicle_count=len(representation["vehicles"] or []),
    )


@strawberry.federation.type(keys=["id"], description="A person in the population register.")
class Citizen:
    id: strawberry.ID
    birth_date: date = strawberry.federation.field(external=True, default=date.min)
    children: list[Citizen] | None = strawberry.federation.field(external=True, default=None)
    annual_income: float | None = strawberry.federation.field(external=True, default=None)
    vehicles: list[Vehicle] | None = strawberry.federation.field(external=True, default=None)
    representation: strawberry.Private[dict[str, Any]] = None  # type: ignore[assignment]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **representation: Any) -> Citizen:
        return cls(id=id, representation=representation)

    @personal_field(
        requires=[REQUIRED_FACTS],
        description="Public services this citizen can use now, matched on age, children, income, vehicles"
        " (personal: the citizen, or an official with services:read and a purpose).",
        directives=[ListSize(assumed_size=ELIGIBLE_SERVICES)],
    )
    def eligible_services(self, info: Info) -> list[PublicService] | None:
        facts = facts_from(self.representation or {}, info.context.today)
        catalogue = _catalogue(info)
        chosen = [s for s in catalogue.valid_services() if s.rule.holds(facts)]
        return [PublicService.of(s) for s in sorted(chosen, key=lambda s: (s.agency_id, s.name))]


@strawberry.type
class Query:
    @strawberry.field(directives=[ListSize(assumed_size=AGENCIES)])
    def agencies(self, info: Info) -> list[Agency]:
        return [Agency.of(a) for a in _catalogue(info).agencies.values()]

    @strawberry.field
    def agency(self, info: Info, id: strawberry.ID) -> Agency | None:
        return Agency.resolve_reference(info, id)

    @strawberry.field(
        description="Public services, optionally of one agency and/or matching a search text.",
        directives=[ListSize(assumed_size=SERVICES)],
    )
    def public_services(
        self, info: Info, agency_id: strawberry.ID | None = None, search: str | None = None
    ) -> list[PublicService]:
        rows = _catalogue(info).valid_services()
        if agency_id is not None:
            rows = [r for r in rows if r.agency_id == str(agency_id)]
        if search:
            needle = search.casefold()
            rows = [r for r in rows if needle in r.name.casefold() or needle in r.description.casefold()]
        return [PublicService.of(r) for r in rows]

    @strawberry.field
    def public_service(self, info: Info, id: strawberry.ID) -> PublicService | None:
        return PublicService.resolve_reference(info, id)

    @strawberry.field(
        description="Service offices, optionally in one city and/or of one agency.",
        directives=[ListSize(assumed_size=OFFICES)],
    )
    def offices(
        self, info: Info, city: str | None = None, agency_id: strawberry.ID | None = None
    ) -> list[Office]:
        rows = [o for o in _catalogue(info).offices.values() if isinstance(o, OfficeRow)]
        if city:
            rows = [o for o in rows if o.city.casefold() == city.casefold()]
        if agency_id is not None:
            rows = [o for o in rows if o.agency_id == str(agency_id)]
        return [Office.of(o) for o in rows]

    @strawberry.field
    def office(self, info: Info, id: strawberry.ID) -> Office | None:
        return Office.resolve_reference(info, id)


schema = AgencySchema(query=Query, types=[Citizen, Vehicle], federation_version="2.9")

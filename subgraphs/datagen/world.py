"""The shared generated world: every agency's legacy data is seeded from one of these.

All types are frozen dataclasses so a world can be compared (determinism tests) and
handed to several seeders without anyone mutating it. Money is `Decimal`, dates are
`datetime.date`; each legacy seeder converts to its own dated format.

`World` is fully materialised (a million citizens take a few GB); seeders should
iterate its tuples and write in batches rather than build per-row strings in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    postal_code: str
    city: str
    valid_from: date
    valid_to: date | None  # None: still living there (current address)


@dataclass(frozen=True, slots=True)
class Citizen:
    id: str  # 11-digit Estonian-style personal code (isikukood)
    given_name: str
    family_name: str
    birth_date: date
    sex: str  # 'M' | 'F'
    household_id: str
    parent_ids: tuple[str, ...]
    addresses: tuple[Address, ...]  # history, oldest first; the last one is current

    @property
    def current_address(self) -> Address | None:
        return self.addresses[-1] if self.addresses else None


@dataclass(frozen=True, slots=True)
class Household:
    id: str
    member_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TaxAccount:
    citizen_id: str
    balance: Decimal  # positive: the citizen owes; negative: refund due
    due_date: date | None


@dataclass(frozen=True, slots=True)
class Assessment:
    citizen_id: str
    year: int
    assessed_income: Decimal
    tax_due: Decimal
    status: str  # 'ASSESSED' | 'PAID' | 'OVERDUE' | 'PENDING'


@dataclass(frozen=True, slots=True)
class DeclaredIncome:
    citizen_id: str
    year: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Vehicle:
    registration_number: str  # e.g. '123ABC'
    vin: str
    make: str
    model: str
    first_registered: date
    inspection_valid_until: date
    owner_id: str


@dataclass(frozen=True, slots=True)
class DrivingLicence:
    citizen_id: str
    number: str
    categories: tuple[str, ...]  # e.g. ('B',), ('A', 'B')
    valid_until: date


@dataclass(frozen=True, slots=True)
class BenefitClaim:
    id: str
    citizen_id: str
    kind: str  # 'CHILD_ALLOWANCE' | 'PARENTAL_BENEFIT' | 'UNEMPLOYMENT' | 'PENSION' | 'DISABILITY'
    status: str  # 'SUBMITTED' | 'IN_REVIEW' | 'APPROVED' | 'REJECTED' | 'PAID'
    amount: Decimal
    submitted: date


@dataclass(frozen=True, slots=True)
class HealthInsurance:
    citizen_id: str
    insured: bool
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class Agency:
    id: str  # short slug, e.g. 'registry'
    name: str
    website: str


@dataclass(frozen=True, slots=True)
class PublicService:
    id: str
    agency_id: str
    name: str
    description: str
    how_to_apply: str
    rule: str  # eligibility rule code, evaluated by the services subgraph (see services/rules.py)


@dataclass(frozen=True, slots=True)
class OpeningHours:
    weekday: int  # 1 = Monday … 7 = Sunday (ISO)
    opens: str  # 'HH:MM'
    closes: str  # 'HH:MM'


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    agency_id: str
    name: str
    street: str
    city: str
    opening_hours: tuple[OpeningHours, ...]


@dataclass(frozen=True, slots=True)
class World:
    seed: int
    reference_date: date  # "today" inside the world; fixed so data is deterministic
    citizens: tuple[Citizen, ...] = ()
    households: tuple[Household, ...] = ()
    tax_accounts: tuple[TaxAccount, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    declared_incomes: tuple[DeclaredIncome, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    driving_licences: tuple[DrivingLicence, ...] = ()
    benefit_claims: tuple[BenefitClaim, ...] = ()
    health_insurances: tuple[HealthInsurance, ...] = ()
    agencies: tuple[Agency, ...] = ()
    public_services: tuple[PublicService, ...] = ()
    offices: tuple[Office, ...] = ()

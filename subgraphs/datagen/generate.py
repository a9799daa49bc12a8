"""Build a `World` from a seed: households of citizens and every agency's records about them.

Deterministic: one `random.Random(seed)` drives everything, records are generated in one
pass over households (linear in the number of citizens), so a million citizens is a matter
of time and memory (roughly a minute and a few GB), not of algorithm.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from subgraphs.datagen import names
from subgraphs.datagen.catalogue import AGENCIES, PUBLIC_SERVICES, make_offices
from subgraphs.datagen.world import (
    Address,
    Assessment,
    BenefitClaim,
    Citizen,
    DeclaredIncome,
    DrivingLicence,
    HealthInsurance,
    Household,
    TaxAccount,
    Vehicle,
    World,
)

REFERENCE_DATE = date(2026, 6, 1)
INCOME_YEARS = 3  # declared incomes and assessments for the last three full years
_CITY_WEIGHTS = tuple(itertools.accumulate(c[3] for c in names.CITIES))
_DAYS_PER_YEAR = 365.2425
_CLAIM_STATUSES = ("PAID", "APPROVED", "IN_REVIEW", "SUBMITTED", "REJECTED")


def personal_code(birth: date, sex: str, serial: int) -> str:
    """Estonian isikukood: G YYMMDD SSS C (G encodes century and sex, C is a checksum)."""
    century = {18: 1, 19: 3, 20: 5}[birth.year // 100]
    first = century + (0 if sex == "M" else 1)
    body = f"{first}{birth:%y%m%d}{serial:03d}"
    return body + str(_checksum(body))


def _checksum(body: str) -> int:
    digits = [int(ch) for ch in body]
    for weights in ((1, 2, 3, 4, 5, 6, 7, 8, 9, 1), (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if rest < 10:
            return rest
    return 0


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _money(value: float) -> Decimal:
    return Decimal(round(value * 100)).scaleb(-2)


def income_tax(income: Decimal) -> Decimal:
    """Flat 20 % above the basic exemption, which shrinks between 14 400 and 25 200 a year."""
    amount = float(income)
    if amount <= 14400:
        exemption = 7848.0
    elif amount < 25200:
        exemption = 7848.0 - 7848.0 / 10800.0 * (amount - 14400)
    else:
        exemption = 0.0
    return _money(max(0.0, amount - exemption) * 0.20)


@dataclass
class _Person:
    citizen: Citizen
    age: int
    income: float = 0.0  # last full year; 0 when none
    employed: bool = False


@dataclass
class _Records:
    citizens: list[Citizen] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    tax_accounts: list[TaxAccount] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    declared_incomes: list[DeclaredIncome] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    driving_licences: list[DrivingLicence] = field(default_factory=list)
    benefit_claims: list[BenefitClaim] = field(default_factory=list)
    health_insurances: list[HealthInsurance] = field(default_factory=list)


class _Generator:
    def __init__(self, seed: int, reference_date: date) -> None:
        self.rng = random.Random(seed)
        self.ref = reference_date
        self.serials: dict[tuple[date, str], int] = {}
        self.plates: set[str] = set()
        self.out = _Records()

    # -- people ---------------------------------------------------------------------------
    def birth_date(self, min_age: float, max_age: float) -> date:
        low, high = int(min_age * _DAYS_PER_YEAR), int(max_age * _DAYS_PER_YEAR) - 1
        return self.ref - timedelta(days=self.rng.randint(low, max(low, high)))

    def new_code(self, birth: date, sex: str) -> str:
        serial = self.serials.get((birth, sex), self.rng.randint(0, 400))
        if serial > 999:
            raise ValueError(f"too many people born on {birth} ({sex}) for a personal code")
        self.serials[(birth, sex)] = serial + 1
        return personal_code(birth, sex, serial)

    def given_name(self, sex: str) -> str:
        return self.rng.choice(names.MALE_GIVEN if sex == "M" else names.FEMALE_GIVEN)

    def address_history(self) -> list[Address]:
        rng, history = self.rng, []
        moved_in = self.ref - timedelta(days=rng.randint(20, 15 * 365))
        history.append(self.address(moved_in, None))
        for _ in range(rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]):
            until = history[-1].valid_from - timedelta(days=1)
            history.append(self.address(until - timedelta(days=rng.randint(180, 12 * 365)), until))
        history.reverse()
        return history

    def address(self, valid_from: date, valid_to: date | None) -> Address:
        rng = self.rng
        city, first_code, codes, _ = rng.choices(names.CITIES, cum_weights=_CITY_WEIGHTS)[0]
        number = rng.randint(1, 120)
        street = f"{rng.choice(names.STREETS)} {number}"
        if rng.random() < 0.6:
            street += f"-{rng.randint(1, 90)}"
        return Address(street, str(first_code + rng.randrange(codes)), city, valid_from, valid_to)

    def household(self, number: int, room: int) -> list[_Person]:
        """One household of at most `room` people: one or two adults and their children."""
        rng, hid = self.rng, f"HH{number:07d}"
        head_birth = self.birth_date(18, min(95.0, rng.triangular(18, 95, 38)) + 0.01)
        head_sex = rng.choice("MF")
        family = rng.choice(names.FAMILY)
        adults = [(head_birth, head_sex, family)]
        head_age = age_on(head_birth, self.ref)
        if room > 1 and rng.random() < 0.62:
            partner_age = max(18, min(95, head_age + rng.randint(-6, 6)))
            partner_family = family if rng.random() < 0.8 else rng.choice(names.FAMILY)
            partner_sex = ("F" if head_sex == "M" else "M") if rng.random() < 0.97 else head_sex
            adults.append((self.birth_date(partner_age, partner_age + 1), partner_sex, partner_family))
        youngest = min(age_on(b, self.ref) for b, _, _ in adults)
        max_child_age = min(youngest - 18, 24)
        n_children = 0
        if max_child_age >= 0 and youngest <= 62:
            n_children = rng.choices((0, 1, 2, 3, 4), (30, 25, 28, 12, 5))[0]
        n_children = min(n_children, room - len(adults))
        history = self.address_history()
        parents = [self.person(b, s, f, hid, (), history) for b, s, f in adults]
        parent_ids = tuple(p.citizen.id for p in parents)
        children = [
            self.person(
                self.birth_date(0, max_child_age + 1), rng.choice("MF"), family, hid, parent_ids, history
            )
            for _ in range(n_children)
        ]
        members = parents + children
        self.out.households.append(Household(hid, tuple(m.citizen.id for m in members)))
        return members

    def person(
        self,
        birth: date,
        sex: str,
        family: str,
        hid: str,
        parent_ids: tuple[str, ...],
        history: list[Address],
    ) -> _Person:
        addresses = tuple(
            Address(a.street, a.postal_code, a.city, max(a.valid_from, birth), a.valid_to)
            for a in history
            if a.valid_to is None or a.valid_to >= birth
        )
        citizen = Citizen(
            self.new_code(birth, sex), self.given_name(sex), family, birth, sex, hid, parent_ids, addresses
        )
        self.out.citizens.append(citizen)
        return _Person(citizen, age_on(birth, self.ref))

    # -- tax ---------------------------------------------------------------------------------
    def incomes(self, person: _Person) -> None:
        rng, c = self.rng, person.citizen
        if person.age < 18:
            return
        if person.age >= 65:
            base = rng.uniform(7200, 11500)  # pension
        elif rng.random() < 0.09:
            base = 0.0  # student, unemployed or carer
        else:
            base = min(250000.0, max(6500.0, rng.lognormvariate(math.log(21000), 0.45)))
            person.employed = True
        person.income = base
        last_year = self.ref.year - 1
        for year in range(last_year - INCOME_YEARS + 1, last_year + 1):
            if age_on(c.birth_date, date(year, 12, 31)) < 18 or base == 0.0:
                continue
            amount = _money(base * (1.04 ** (year - last_year)) * rng.uniform(0.95, 1.05))
            if year == last_year:
                person.income = float(amount)
            self.out.declared_incomes.append(DeclaredIncome(c.id, year, amount))
            status = "PAID"
            if year == last_year:
                status = rng.choices(("PAID", "ASSESSED", "PENDING"), (65, 25, 10))[0]
            elif year == last_year - 1 and rng.random() < 0.03:
                status = "OVERDUE"
            self.out.assessments.append(Assessment(c.id, year, amount, income_tax(amount), status))
        self.tax_account(c.id)

    def tax_account(self, citizen_id: str) -> None:
        rng, ref = self.rng, self.ref
        mine = [a for a in self.out.assessments[-INCOME_YEARS:] if a.citizen_id == citizen_id]
        balance, due = Decimal("0.00"), None
        for a in mine:
            if a.status == "OVERDUE":
                balance += _money(float(a.tax_due) * rng.uniform(0.05, 0.3))
                due = date(a.year + 1, 10, 1)
            elif a.status == "ASSESSED":
                if rng.random() < 0.6:
                    balance += _money(float(a.tax_due) * rng.uniform(0.01, 0.12))
                    due = due or date(ref.year, 10, 1)
                else:
                    balance -= _money(float(a.tax_due) * rng.uniform(0.01, 0.08))
        self.out.tax_accounts.append(TaxAccount(citizen_id, balance, due if balance > 0 else None))

    # -- transport ---------------------------------------------------------------------------
    def plate(self) -> str:
        while True:
            letters = "".join(self.rng.choices(names.PLATE_LETTERS, k=3))
            plate = f"{self.rng.randint(0, 999):03d}{letters}"
            if plate not in self.plates:
                self.plates.add(plate)
                return plate

    def transport(self, person: _Person) -> None:
        rng, ref, c = self.rng, self.ref, person.citizen
        if person.age < 18:
            return
        count = rng.choices((0, 1, 2), (52, 40, 8))[0] if person.age < 85 else 0
        for _ in range(count):
            make = rng.choice(names.VEHICLE_MAKES)
            first = ref - timedelta(days=rng.randint(10, 25 * 365))
            new_car_until = first + timedelta(days=4 * 365)
            valid = new_car_until if new_car_until > ref else ref + timedelta(days=rng.randint(-150, 700))
            vin = "".join(rng.choices(names.VIN_CHARS, k=17))
            model = rng.choice(names.VEHICLE_MODELS[make])
            self.out.vehicles.append(Vehicle(self.plate(), vin, make, model, first, valid, c.id))
        if rng.random() < (0.8 if person.age < 80 else 0.4):
            categories = rng.choices(
                (("B",), ("A", "B"), ("B", "C"), ("B", "BE", "C", "CE"), ("AM", "B")), (78, 10, 5, 3, 4)
            )[0]
            number = f"E{c.id[-7:]}"
            until = ref + timedelta(days=rng.randint(-200, 3650))
            self.out.driving_licences.append(DrivingLicence(c.id, number, categories, until))

    # -- social insurance ------------------------------------------------------------------
    def claim(self, citizen_id: str, kind: str, amount: float, submitted: date, status: str = "") -> None:
        rng = self.rng
        if not status:
            status = rng.choices(_CLAIM_STATUSES, (55, 20, 10, 8, 7))[0]
        claim_id = f"BC{len(self.out.benefit_claims) + 1:08d}"
        claim = BenefitClaim(claim_id, citizen_id, kind, status, _money(amount), submitted)
        self.out.benefit_claims.append(claim)

    def benefits(self, members: list[_Person]) -> None:
        rng, ref = self.rng, self.ref
        adults = [m for m in members if m.age >= 18 and not m.citizen.parent_ids]
        kids = [m for m in members if m.citizen.parent_ids and m.age < 19]
        if adults and kids:
            mother = next((a for a in adults if a.citizen.sex == "F"), adults[0])
            first_kid = min(k.citizen.birth_date for k in kids)
            since = first_kid + timedelta(days=20)
            self.claim(mother.citizen.id, "CHILD_ALLOWANCE", 80.0 * len(kids), since, "PAID")
            baby = [k for k in kids if (ref - k.citizen.birth_date).days < 548]
            if baby:
                amount = max(820.0, mother.income / 12)
                since = baby[0].citizen.birth_date + timedelta(days=30)
                self.claim(mother.citizen.id, "PARENTAL_BENEFIT", amount, since)
        for m in members:
            if m.age >= 65:
                pension_day = m.citizen.birth_date.replace(day=1) + timedelta(days=int(65 * _DAYS_PER_YEAR))
                self.claim(m.citizen.id, "PENSION", rng.uniform(650, 980), pension_day, "PAID")
            elif m.age >= 18 and not m.employed and rng.random() < 0.5:
                since = ref - timedelta(days=rng.randint(5, 300))
                self.claim(m.citizen.id, "UNEMPLOYMENT", rng.uniform(300, 900), since)
            if m.age >= 18 and rng.random() < 0.02:
                since = ref - timedelta(days=rng.randint(5, 2000))
                self.claim(m.citizen.id, "DISABILITY", rng.uniform(50, 250), since)
            self.insurance(m)

    def insurance(self, person: _Person) -> None:
        c, ref = person.citizen, self.ref
        if person.age < 19:
            until = c.birth_date.replace(year=c.birth_date.year + 19, day=min(c.birth_date.day, 28))
            record = HealthInsurance(c.id, True, until)
        elif person.age >= 65:
            record = HealthInsurance(c.id, True, None)
        elif person.employed:
            record = HealthInsurance(c.id, True, ref + timedelta(days=60))
        elif self.rng.random() < 0.6:
            record = HealthInsurance(c.id, True, ref + timedelta(days=self.rng.randint(10, 90)))
        else:
            record = HealthInsurance(c.id, False, None)
        self.out.health_insurances.append(record)


def generate_world(citizens: int = 3000, seed: int = 42, reference_date: date = REFERENCE_DATE) -> World:
    """The world of `citizens` people for `seed`; equal arguments give equal worlds."""
    if citizens < 0:
        raise ValueError("citizens must be >= 0")
    gen = _Generator(seed, reference_date)
    number = 0
    while len(gen.out.citizens) < citizens:
        number += 1
        members = gen.household(number, citizens - len(gen.out.citizens))
        for person in members:
            gen.incomes(person)
            gen.transport(person)
        gen.benefits(members)
    out = gen.out
    return World(
        seed=seed,
        reference_date=reference_date,
        citizens=tuple(out.citizens),
        households=tuple(out.households),
        tax_accounts=tuple(out.tax_accounts),
        assessments=tuple(out.assessments),
        declared_incomes=tuple(out.declared_incomes),
        vehicles=tuple(out.vehicles),
        driving_licences=tuple(out.driving_licences),
        benefit_claims=tuple(out.benefit_claims),
        health_insurances=tuple(out.health_insurances),
        agencies=AGENCIES,
        public_services=PUBLIC_SERVICES,
        offices=make_offices(random.Random(seed)),
    )

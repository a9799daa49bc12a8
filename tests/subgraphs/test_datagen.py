"""The generator: deterministic, internally consistent, and wired to the agencies' seeders."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from subgraphs.datagen import generate_world
from subgraphs.datagen.generate import age_on, personal_code
from subgraphs.datagen.world import World
from subgraphs.services.rules import parse_rule

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(citizens=1500, seed=42)


def test_same_seed_gives_the_same_world() -> None:
    assert generate_world(400, seed=3) == generate_world(400, seed=3)


def test_different_seed_gives_a_different_world() -> None:
    one, two = generate_world(400, seed=3), generate_world(400, seed=4)
    assert [c.id for c in one.citizens] != [c.id for c in two.citizens]
    assert one.vehicles != two.vehicles


def test_exact_count_and_unique_valid_personal_codes(world: World) -> None:
    assert len(world.citizens) == 1500
    ids = [c.id for c in world.citizens]
    assert len(set(ids)) == len(ids)
    for c in world.citizens:
        serial = int(c.id[7:10])
        assert personal_code(c.birth_date, c.sex, serial) == c.id
        assert c.id[1:7] == c.birth_date.strftime("%y%m%d")


def test_known_personal_code_checksum() -> None:
    # 37605030299 is the documented example of a valid Estonian personal code
    from datetime import date

    assert personal_code(date(1976, 5, 3), "M", 29) == "37605030299"


def test_families_hang_together(world: World) -> None:
    people = {c.id: c for c in world.citizens}
    households = {h.id: set(h.member_ids) for h in world.households}
    assert sum(len(m) for m in households.values()) == len(people)
    with_parents = [c for c in world.citizens if c.parent_ids]
    assert len(with_parents) > 300, "a realistic share of people are children living with parents"
    for child in with_parents:
        for parent_id in child.parent_ids:
            parent = people[parent_id]
            assert parent.household_id == child.household_id
            assert child.birth_date - parent.birth_date > timedelta(days=17 * 365)
        assert child.id in households[child.household_id]


def test_address_history_is_ordered_and_ends_with_the_current_one(world: World) -> None:
    for c in world.citizens:
        assert c.addresses, c
        assert c.addresses[-1].valid_to is None
        assert all(a.valid_to is not None for a in c.addresses[:-1])
        for earlier, later in zip(c.addresses, c.addresses[1:], strict=False):
            assert earlier.valid_to < later.valid_from
        assert c.addresses[0].valid_from >= c.birth_date


def test_adults_have_tax_data_and_children_do_not(world: World) -> None:
    accounts = {t.citizen_id for t in world.tax_accounts}
    incomes = Counter(i.citizen_id for i in world.declared_incomes)
    for c in world.citizens:
        adult = age_on(c.birth_date, world.reference_date) >= 18
        assert (c.id in accounts) == adult
        if not adult:
            assert incomes[c.id] == 0
    assert len(incomes) > len(world.citizens) / 2
    for a in world.assessments:
        assert 0 <= a.tax_due <= a.assessed_income * Decimal("0.2") + Decimal("0.01")


def test_vehicles_licences_claims_and_insurance_are_consistent(world: World) -> None:
    people = {c.id: c for c in world.citizens}
    plates = [v.registration_number for v in world.vehicles]
    assert len(set(plates)) == len(plates) > 200
    for v in world.vehicles:
        assert age_on(people[v.owner_id].birth_date, world.reference_date) >= 18
        assert len(v.vin) == 17 and v.first_registered <= world.reference_date
    assert all(lic.citizen_id in people and lic.categories for lic in world.driving_licences)
    kinds = Counter(b.kind for b in world.benefit_claims)
    assert kinds["CHILD_ALLOWANCE"] > 0 and kinds["PENSION"] > 0
    assert len({h.citizen_id for h in world.health_insurances}) == len(people)


def test_catalogue_is_complete_and_every_rule_parses(world: World) -> None:
    agencies = {a.id for a in world.agencies}
    assert len(agencies) == 6 and len(world.public_services) >= 20 and len(world.offices) >= 15
    for service in world.public_services:
        assert service.agency_id in agencies
        parse_rule(service.rule)
    for office in world.offices:
        assert office.agency_id in agencies and office.opening_hours


def test_cli_seeds_the_agencies_given(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "subgraphs.datagen",
            "--citizens",
            "60",
            "--seed",
            "9",
            "--data-dir",
            str(tmp_path),
            "--only",
            "registry,services",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "generated 60 citizens" in done.stderr
    assert (tmp_path / "registry.sqlite").stat().st_size > 0
    assert (tmp_path / "services" / "services.csv").exists()


def test_cli_rejects_unknown_agencies(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "subgraphs.datagen",
            "--citizens",
            "5",
            "--data-dir",
            str(tmp_path),
            "--only",
            "nope",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "unknown agencies: nope" in done.stderr

"""New exports are picked up without a restart; damaged records only affect their own entity."""

from __future__ import annotations

import dataclasses
import logging
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest

from subgraphs.datagen.world import Vehicle, World
from subgraphs.transport.copybook import load_copybook
from subgraphs.transport.export import RDW_SIZE, file_name, iter_frames
from subgraphs.transport.legacy.seed import COPYBOOKS, to_codepage, write_export
from tests.subgraphs.callers import official
from tests.subgraphs.transport.conftest import TransportServer, rewrite_details, serve_exports, text_at

VEHICLE_QUERY = "query ($reg: String!) { vehicle(registrationNumber: $reg) { make inspectionValidUntil } }"


def _wait_for_export(transport: TransportServer, tag: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while transport.stats()["export"] != tag:
        assert time.monotonic() < deadline, f"export {tag} not picked up: {transport.stats()['export']}"
        time.sleep(0.05)


def test_newer_export_is_picked_up_without_restart(seeded_dir: Path, world: World, tmp_path: Path) -> None:
    day1 = world.reference_date + timedelta(days=1)
    changed = dataclasses.replace(world.vehicles[0], inspection_valid_until=day1 + timedelta(days=730))
    new = Vehicle(
        "999ZZZ", "VF1AAAAA555555555", "Volvo", "XC90", day1, day1 + timedelta(days=1460), "39001010008"
    )
    staging = tmp_path / "staging"
    write_export(staging, day1, [changed, new, *world.vehicles[1:]], world.driving_licences)

    for transport in serve_exports(seeded_dir):
        assert transport.query(VEHICLE_QUERY, {"reg": "999ZZZ"}) == {"data": {"vehicle": None}}
        loads = transport.stats()["loads"]

        # The night's files arrive one by one; VEHICLES is still being transferred (no trailer yet).
        for kind in ("OWNERS", "LICENCES"):
            shutil.copyfile(staging / file_name(kind, day1), seeded_dir / file_name(kind, day1))
        vehicles = (staging / file_name("VEHICLES", day1)).read_bytes()
        trailer = load_copybook(COPYBOOKS / "VEHICLES.cpy")[2].length + RDW_SIZE
        (seeded_dir / file_name("VEHICLES", day1)).write_bytes(vehicles[:-trailer])
        time.sleep(0.6)  # several poll intervals
        assert transport.stats()["export"] == f"D{world.reference_date:%Y%m%d}"
        assert transport.stats()["loads"] == loads
        assert transport.query(VEHICLE_QUERY, {"reg": "999ZZZ"}) == {"data": {"vehicle": None}}

        (seeded_dir / file_name("VEHICLES", day1)).write_bytes(vehicles)
        _wait_for_export(transport, f"D{day1:%Y%m%d}")
        assert transport.query(VEHICLE_QUERY, {"reg": "999ZZZ"}) == {
            "data": {
                "vehicle": {
                    "make": "Volvo",
                    "inspectionValidUntil": (day1 + timedelta(days=1460)).isoformat(),
                }
            }
        }
        updated = transport.query(VEHICLE_QUERY, {"reg": changed.registration_number})
        assert (
            updated["data"]["vehicle"]["inspectionValidUntil"] == changed.inspection_valid_until.isoformat()
        )

        # A late re-delivery of an older night does not replace the newest export.
        write_export(seeded_dir, world.reference_date - timedelta(days=1), world.vehicles[:3], [])
        time.sleep(0.6)
        assert transport.stats()["export"] == f"D{day1:%Y%m%d}"
        assert transport.query(VEHICLE_QUERY, {"reg": "999ZZZ"})["data"]["vehicle"] is not None


def test_trailer_count_mismatch_keeps_the_older_export(
    seeded_dir: Path, world: World, tmp_path: Path
) -> None:
    day1 = world.reference_date + timedelta(days=1)
    write_export(seeded_dir, day1, world.vehicles[1:], world.driving_licences)
    # A record went missing in transfer: the trailer still counts it.
    dropped = world.vehicles[5].registration_number
    path = seeded_dir / file_name("OWNERS", day1)
    kept = bytearray()
    for _, data in iter_frames(path.read_bytes()):
        if text_at(data, 1, 10) != dropped:
            kept += (len(data) + RDW_SIZE).to_bytes(2, "big") + b"\x00\x00" + data
    path.write_bytes(bytes(kept))

    for transport in serve_exports(seeded_dir):
        assert transport.stats()["export"] == f"D{world.reference_date:%Y%m%d}"
        first = world.vehicles[0]
        result = transport.query(VEHICLE_QUERY, {"reg": first.registration_number})
        assert result["data"]["vehicle"]["make"] == to_codepage(first.make)  # only in the older export


def _damage(seeded_dir: Path, world: World) -> dict[str, str]:
    """Damage one record of each kind at rest; return which keys were hit."""
    _, vehicle_layout, _ = load_copybook(COPYBOOKS / "VEHICLES.cpy")
    tax = vehicle_layout.find("VEH-ANNUAL-TAX")
    first_reg = vehicle_layout.find("VEH-FIRST-REG-DATE")
    packed_bad, date_bad = world.vehicles[0].registration_number, world.vehicles[1].registration_number
    licence_bad = world.driving_licences[0].citizen_id
    owner_bad = world.vehicles[2].owner_id
    day = world.reference_date

    def vehicles(data: bytes) -> bytes | None:
        reg = text_at(data, 1, 10)
        if reg == packed_bad:
            return data[: tax.offset] + b"\x12\x3a\xff\xff\xff" + data[tax.offset + 5 :]
        if reg == date_bad:
            return data[: first_reg.offset] + "20261340".encode("cp037") + data[first_reg.offset + 8 :]
        return None

    assert rewrite_details(seeded_dir / file_name("VEHICLES", day), vehicles) == 2

    def licence(data: bytes) -> bytes | None:
        return data[:-7] if text_at(data, 1, 11) == licence_bad else None

    assert rewrite_details(seeded_dir / file_name("LICENCES", day), licence) == 1
    since = load_copybook(COPYBOOKS / "OWNERS.cpy")[1].find("OWN-SINCE-DATE").offset

    def owner(data: bytes) -> bytes | None:
        if text_at(data, 11, 11) != owner_bad:
            return None
        return data[:since] + "2026XX01".encode("cp037") + data[since + 8 :]

    assert rewrite_details(seeded_dir / file_name("OWNERS", day), owner) >= 1
    return {"packed": packed_bad, "date": date_bad, "licence": licence_bad, "owner": owner_bad}


def _codes(result: dict) -> dict[tuple, str]:
    return {tuple(e["path"]): e["extensions"]["code"] for e in result.get("errors", [])}


def test_corrupt_records_only_affect_their_entity(seeded_dir: Path, world: World) -> None:
    hit = _damage(seeded_dir, world)
    healthy = world.vehicles[3]
    for transport in serve_exports(seeded_dir):
        stats = transport.stats()
        assert stats["export"] == f"D{world.reference_date:%Y%m%d}"  # the export itself is still complete
        assert {c["key"] for c in stats["corruptRecords"]} >= {hit["packed"], hit["date"], hit["licence"]}
        reasons = " ".join(c["reason"] for c in stats["corruptRecords"])
        assert "packed" in reasons and "invalid date" in reasons and "record length" in reasons

        result = transport.query(
            "query ($a: String!, $b: String!, $c: String!) {"
            " a: vehicle(registrationNumber: $a) { registrationNumber make annualTax }"
            " b: vehicle(registrationNumber: $b) { make }"
            " c: vehicle(registrationNumber: $c) { make annualTax } }",
            {"a": hit["packed"], "b": hit["date"], "c": healthy.registration_number},
        )
        assert result["data"]["a"] == {"registrationNumber": hit["packed"], "make": None, "annualTax": None}
        assert result["data"]["b"] == {"make": None}
        assert result["data"]["c"]["make"] == to_codepage(healthy.make)
        assert _codes(result) == {
            ("a", "make"): "LEGACY_DATA_CORRUPT",
            ("a", "annualTax"): "LEGACY_DATA_CORRUPT",
            ("b", "make"): "LEGACY_DATA_CORRUPT",
        }

        others = [c.id for c in world.citizens[:20] if c.id not in (hit["licence"], hit["owner"])]
        ids = [hit["licence"], hit["owner"], *others]
        result = transport.query(
            "query ($reps: [_Any!]!) { _entities(representations: $reps) {"
            " ... on Citizen { id drivingLicence { number } vehicles { registrationNumber } } } }",
            {"reps": [{"__typename": "Citizen", "id": i} for i in ids]},
            **official("transport"),
        )
        entities = result["data"]["_entities"]
        assert entities[0]["drivingLicence"] is None  # damaged licence: that field only
        assert entities[1]["vehicles"] is None  # damaged ownership rows: that field only
        assert all(e is not None and e["id"] == i for e, i in zip(entities, ids, strict=True))
        assert _codes(result) == {
            ("_entities", 0, "drivingLicence"): "LEGACY_DATA_CORRUPT",
            ("_entities", 1, "vehicles"): "LEGACY_DATA_CORRUPT",
        }

        damaged_owner_row = world.vehicles[2].registration_number
        result = transport.query(
            "query ($r: String!) { vehicle(registrationNumber: $r) { make owner { id } } }",
            {"r": damaged_owner_row},
            **official("transport"),
        )
        assert result["data"]["vehicle"] == {"make": to_codepage(world.vehicles[2].make), "owner": None}
        assert _codes(result) == {("vehicle", "owner"): "LEGACY_DATA_CORRUPT"}


def _health(transport: TransportServer) -> dict:
    return dict(transport.client.get(transport.url + "/health").json())


def _warnings(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and text in r.getMessage()]


def test_a_cut_off_export_is_named_once_and_counted(
    seeded_dir: Path, world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "subgraphs.transport")
    day1 = world.reference_date + timedelta(days=1)
    write_export(seeded_dir, day1, world.vehicles, world.driving_licences)
    vehicles = seeded_dir / file_name("VEHICLES", day1)
    frames = list(iter_frames(vehicles.read_bytes()))
    vehicles.write_bytes(vehicles.read_bytes()[: -(len(frames[-1][1]) + 3 * RDW_SIZE)])  # mid-record

    for transport in serve_exports(seeded_dir):
        assert _health(transport) == {
            "status": "ok",
            "export": f"D{world.reference_date:%Y%m%d}",  # the older export is still served
            "corruptRecords": 0,
            "rejectedExports": 1,
        }
        time.sleep(0.6)  # several poll intervals: the same files are not reported again
        [warning] = _warnings(caplog, f"D{day1:%Y%m%d}")
        assert f"{file_name('VEHICLES', day1)}: record {len(frames) - 1}:" in warning
        assert "runs past the end" in warning and "cut off" in warning
        assert _health(transport)["rejectedExports"] == 1


def test_each_corrupt_record_is_one_warning_and_counted(
    seeded_dir: Path, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "subgraphs.transport")
    hit = _damage(seeded_dir, world)
    for transport in serve_exports(seeded_dir):
        corrupt = transport.stats()["corruptRecords"]
        records = {(c["file"], c["record"]) for c in corrupt}
        assert _health(transport)["corruptRecords"] == len(records) >= 4
        warnings = _warnings(caplog, "is corrupt")
        assert len(warnings) == len(records)
        for file, number in records:
            assert sum(f"{file} record {number} is corrupt" in w for w in warnings) == 1
        assert any(hit["packed"] in w and "packed" in w for w in warnings)

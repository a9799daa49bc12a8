"""Typed records decoded from the export files, and the in-memory index of one export.

A detail record that cannot be decoded (bad packed decimal, impossible date, wrong length,
unknown record type) becomes a ``CorruptRecord`` under whatever key could still be read
from it, so only the entity it belongs to is affected.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from subgraphs.transport.codec import CODEPAGE, DecodeError, decode_item, decode_record
from subgraphs.transport.export import ExportFiles, ExportFormatError, RecordSet, iter_frames

log = logging.getLogger(__name__)
T = TypeVar("T")


class IncompleteExport(ExportFormatError):
    """The trailer is missing or its count does not match the detail records (still being written)."""


@dataclass(frozen=True, slots=True)
class CorruptRecord:
    file: str
    record_number: int
    reason: str
    key: str | None


@dataclass(frozen=True, slots=True)
class VehicleRecord:
    registration_number: str
    vin: str
    make: str
    model: str
    first_registered: date | None
    inspection_valid_until: date | None
    annual_tax: Decimal
    status: str


@dataclass(frozen=True, slots=True)
class OwnershipRecord:
    registration_number: str
    owner_id: str
    role: str
    since: date | None


@dataclass(frozen=True, slots=True)
class LicenceCategory:
    code: str
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class LicenceRecord:
    citizen_id: str
    number: str
    valid_until: date | None
    penalty_points: int
    categories: tuple[LicenceCategory, ...]


def parse_date(value: int, name: str) -> date | None:
    """CCYYMMDD as a number; zero means unknown."""
    if value == 0:
        return None
    try:
        return date(value // 10000, value // 100 % 100, value % 100)
    except ValueError as exc:
        raise DecodeError(name, f"invalid date {value:08d}") from exc


def _vehicle(v: dict[str, Any]) -> VehicleRecord:
    return VehicleRecord(
        registration_number=v["VEH-REG-NO"],
        vin=v["VEH-VIN"],
        make=v["VEH-DESCRIPTION"]["VEH-MAKE"],
        model=v["VEH-DESCRIPTION"]["VEH-MODEL"],
        first_registered=parse_date(v["VEH-FIRST-REG-DATE"], "VEH-FIRST-REG-DATE"),
        inspection_valid_until=parse_date(v["VEH-INSPECT-VALID-DATE"], "VEH-INSPECT-VALID-DATE"),
        annual_tax=v["VEH-ANNUAL-TAX"],
        status=v["VEH-STATUS"],
    )


def _ownership(v: dict[str, Any]) -> OwnershipRecord:
    return OwnershipRecord(
        registration_number=v["OWN-REG-NO"],
        owner_id=v["OWN-PERSON-CODE"],
        role=v["OWN-ROLE"],
        since=parse_date(v["OWN-SINCE-DATE"], "OWN-SINCE-DATE"),
    )


def _licence(v: dict[str, Any]) -> LicenceRecord:
    count = v["LIC-CATEGORY-COUNT"]
    if count > len(v["LIC-CATEGORY"]):
        raise DecodeError("LIC-CATEGORY-COUNT", f"{count} categories, at most {len(v['LIC-CATEGORY'])}")
    categories = tuple(
        LicenceCategory(c["LIC-CAT-CODE"], parse_date(c["LIC-CAT-VALID-DATE"], "LIC-CAT-VALID-DATE"))
        for c in v["LIC-CATEGORY"][:count]
    )
    return LicenceRecord(
        citizen_id=v["LIC-PERSON-CODE"],
        number=v["LIC-NUMBER"],
        valid_until=parse_date(v["LIC-VALID-UNTIL-DATE"], "LIC-VALID-UNTIL-DATE"),
        penalty_points=int(v["LIC-PENALTY-POINTS"]),
        categories=categories,
    )


@dataclass(frozen=True)
class _FileSpec:
    kind: str
    keys: tuple[str, ...]  # items identifying the entities a record belongs to
    build: Callable[[dict[str, Any]], Any]


_SPECS = {
    "VEHICLES": _FileSpec("VEHICLES", ("VEH-REG-NO",), _vehicle),
    "OWNERS": _FileSpec("OWNERS", ("OWN-REG-NO", "OWN-PERSON-CODE"), _ownership),
    "LICENCES": _FileSpec("LICENCES", ("LIC-PERSON-CODE",), _licence),
}


def _salvage_keys(records: RecordSet, spec: _FileSpec, data: bytes) -> list[str | None]:
    keys: list[str | None] = []
    for name in spec.keys:
        try:
            key = decode_item(records.detail, name, data)
        except (DecodeError, UnicodeDecodeError):
            key = None
        keys.append(key or None)
    return keys


def read_file(path: Path, records: RecordSet, kind: str) -> tuple[list[Any], list[tuple[CorruptRecord, ...]]]:
    """Decode one file: (good records, corrupt records with one CorruptRecord per salvaged key).

    Raises IncompleteExport when the trailer is missing or its count does not match."""
    spec = _SPECS[kind]
    good: list[Any] = []
    bad: list[tuple[CorruptRecord, ...]] = []
    details, trailer = 0, None
    detail_type = "D".encode(CODEPAGE)
    try:
        frames = list(iter_frames(path.read_bytes()))
    except ExportFormatError as exc:  # cut off in transfer, or a damaged descriptor word
        raise ExportFormatError(f"{path.name}: {exc}") from exc
    for number, data in frames:
        if trailer is not None:
            raise ExportFormatError(f"{path.name}: record {number} after the trailer")
        record_type = data[:1]
        if record_type == "T".encode(CODEPAGE):
            trailer = decode_record(records.trailer, data)[records.count_field]
            continue
        if number == 1 and record_type == "H".encode(CODEPAGE):
            continue
        details += 1
        try:
            if record_type != detail_type:
                raise DecodeError("record type", f"unknown record type {record_type.hex()}")
            good.append(spec.build(decode_record(records.detail, data)))
        except (DecodeError, UnicodeDecodeError) as exc:
            keys = _salvage_keys(records, spec, data)
            bad.append(tuple(CorruptRecord(path.name, number, str(exc), key) for key in keys))
    if trailer is None or trailer != details:
        raise IncompleteExport(f"{path.name}: {details} detail records, trailer says {trailer}")
    return good, bad


@dataclass
class TransportIndex:
    """Everything of one export, indexed by registration number and by person code."""

    export: ExportFiles | None = None
    vehicles: dict[str, VehicleRecord | CorruptRecord] = field(default_factory=dict)
    owners: dict[str, OwnershipRecord | CorruptRecord] = field(default_factory=dict)
    vehicles_by_owner: dict[str, list[str]] = field(default_factory=dict)
    corrupt_owner_rows: dict[str, CorruptRecord] = field(default_factory=dict)
    licences: dict[str, LicenceRecord | CorruptRecord] = field(default_factory=dict)
    corrupt: list[CorruptRecord] = field(default_factory=list)

    @property
    def export_date(self) -> date | None:
        return self.export.day if self.export else None


def _read(export: ExportFiles, record_sets: dict[str, RecordSet], kind: str) -> tuple[list[Any], list[Any]]:
    """`read_file`, with one warning per damaged record (its entities answer LEGACY_DATA_CORRUPT)."""
    good, bad = read_file(export.paths[kind], record_sets[kind], kind)
    for rows in bad:
        row = rows[0]
        keys = [r.key for r in rows]  # as read from the damaged bytes: repr'd, escaped
        log.warning("%s record %d is corrupt (%s), keys %r", row.file, row.record_number, row.reason, keys)
    return good, bad


def build_index(export: ExportFiles, record_sets: dict[str, RecordSet]) -> TransportIndex:
    index = TransportIndex(export=export)
    vehicles, bad = _read(export, record_sets, "VEHICLES")
    index.vehicles = {v.registration_number: v for v in vehicles}
    for (row,) in bad:
        index.corrupt.append(row)
        if row.key:
            index.vehicles[row.key] = row
    owners, bad = _read(export, record_sets, "OWNERS")
    for own in owners:
        if own.role == "O":
            index.owners[own.registration_number] = own
        index.vehicles_by_owner.setdefault(own.owner_id, []).append(own.registration_number)
    for by_vehicle, by_person in bad:
        index.corrupt.append(by_vehicle)
        if by_vehicle.key:
            index.owners[by_vehicle.key] = by_vehicle
        if by_person.key:
            index.corrupt_owner_rows[by_person.key] = by_person
    licences, bad = _read(export, record_sets, "LICENCES")
    index.licences = {lic.citizen_id: lic for lic in licences}
    for (row,) in bad:
        index.corrupt.append(row)
        if row.key:
            index.licences[row.key] = row
    return index

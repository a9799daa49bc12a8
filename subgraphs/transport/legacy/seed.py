"""Write the transport administration's nightly export from the shared generated world.

``seed(world, data_dir)`` writes ``<data_dir>/transport/`` with the three copybooks and one
export dated the world's reference date. ``write_export`` writes an export for any date from
any vehicles and licences (tests use it to drop a newer export into a running system).
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

from subgraphs.datagen.world import DrivingLicence, Vehicle, World
from subgraphs.transport.codec import CODEPAGE
from subgraphs.transport.export import KINDS, RecordWriter, file_name, load_record_sets

COPYBOOKS = Path(__file__).parent / "copybooks"
MAX_CATEGORIES = 8


def to_codepage(text: str) -> str:
    """Mainframe text is cp037: characters it lacks (Š, Ž …) lose their accents."""
    try:
        text.encode(CODEPAGE)
        return text
    except UnicodeEncodeError:
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        return plain.encode(CODEPAGE, errors="replace").decode(CODEPAGE)


def _yyyymmdd(day: date | None) -> int:
    return int(f"{day:%Y%m%d}") if day else 0


def annual_tax(vehicle: Vehicle, reference_date: date) -> Decimal:
    """Motor vehicle tax: a base amount plus more for newer (heavier-taxed) registrations."""
    age = max(0, reference_date.year - vehicle.first_registered.year)
    return Decimal("50.00") + Decimal("12.35") * max(0, 15 - age) + Decimal(len(vehicle.model)) / 4


def install_copybooks(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        shutil.copyfile(COPYBOOKS / f"{kind}.cpy", folder / f"{kind}.cpy")


def _vehicle_values(vehicle: Vehicle, day: date) -> dict[str, object]:
    return {
        "VEH-REG-NO": vehicle.registration_number,
        "VEH-VIN": vehicle.vin,
        "VEH-DESCRIPTION": {"VEH-MAKE": to_codepage(vehicle.make), "VEH-MODEL": to_codepage(vehicle.model)},
        "VEH-FIRST-REG-DATE": _yyyymmdd(vehicle.first_registered),
        "VEH-INSPECT-VALID-DATE": _yyyymmdd(vehicle.inspection_valid_until),
        "VEH-ANNUAL-TAX": annual_tax(vehicle, day),
    }


def _owner_values(vehicle: Vehicle) -> dict[str, object]:
    return {
        "OWN-REG-NO": vehicle.registration_number,
        "OWN-PERSON-CODE": vehicle.owner_id,
        "OWN-SINCE-DATE": _yyyymmdd(vehicle.first_registered),
    }


def _licence_values(licence: DrivingLicence) -> dict[str, object]:
    categories = licence.categories[:MAX_CATEGORIES]
    return {
        "LIC-PERSON-CODE": licence.citizen_id,
        "LIC-NUMBER": licence.number,
        "LIC-VALID-UNTIL-DATE": _yyyymmdd(licence.valid_until),
        "LIC-PENALTY-POINTS": 0,
        "LIC-CATEGORY-COUNT": len(categories),
        "LIC-CATEGORY": [
            {"LIC-CAT-CODE": code, "LIC-CAT-VALID-DATE": _yyyymmdd(licence.valid_until)}
            for code in categories
        ],
    }


def write_export(
    folder: Path, day: date, vehicles: Iterable[Vehicle], licences: Iterable[DrivingLicence]
) -> None:
    """Write one night's three files (header, details, trailer each) into ``folder``."""
    install_copybooks(folder)
    records = load_record_sets(folder)
    vehicle_list = vehicles if isinstance(vehicles, (list, tuple)) else list(vehicles)
    with (folder / file_name("VEHICLES", day)).open("wb", buffering=1 << 20) as handle:
        writer = RecordWriter(handle, records["VEHICLES"], day)
        for vehicle in vehicle_list:
            writer.detail(_vehicle_values(vehicle, day))
        writer.close()
    with (folder / file_name("OWNERS", day)).open("wb", buffering=1 << 20) as handle:
        writer = RecordWriter(handle, records["OWNERS"], day)
        for vehicle in vehicle_list:
            writer.detail(_owner_values(vehicle))
        writer.close()
    with (folder / file_name("LICENCES", day)).open("wb", buffering=1 << 20) as handle:
        writer = RecordWriter(handle, records["LICENCES"], day)
        for licence in licences:
            writer.detail(_licence_values(licence))
        writer.close()


def seed(world: World, data_dir: Path) -> None:
    """The export of the world's reference date under ``<data_dir>/transport``."""
    write_export(Path(data_dir) / "transport", world.reference_date, world.vehicles, world.driving_licences)

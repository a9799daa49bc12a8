"""Write the catalogue's open-data export from the world (see the package docstring for the formats)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from subgraphs.datagen.world import OpeningHours, World

EXPORT_DIR = "services"
AGENCIES_FILE = "agencies.json"
SERVICES_FILE = "services.csv"
OFFICES_FILE = "offices.csv"
WEEKDAY_LETTERS = "ETKNRLP"  # esmaspäev … pühapäev
SERVICE_COLUMNS = ("TEENUSE_ID", "ASUTUS", "NIMETUS", "KIRJELDUS", "KUIDAS_TAOTLEDA", "TINGIMUS")
OFFICE_COLUMNS = ("KONTOR_ID", "ASUTUS", "NIMETUS", "AADRESS", "LAHTIOLEKUAEG")


def format_hours(hours: tuple[OpeningHours, ...]) -> str:
    """Group consecutive weekdays with the same hours: 'E-R 09:00-17:00; L 10:00-14:00'."""
    parts: list[str] = []
    ordered = sorted(hours, key=lambda h: h.weekday)
    i = 0
    while i < len(ordered):
        j = i
        while (
            j + 1 < len(ordered)
            and ordered[j + 1].weekday == ordered[j].weekday + 1
            and (ordered[j + 1].opens, ordered[j + 1].closes) == (ordered[i].opens, ordered[i].closes)
        ):
            j += 1
        days = WEEKDAY_LETTERS[ordered[i].weekday - 1]
        if j > i:
            days += "-" + WEEKDAY_LETTERS[ordered[j].weekday - 1]
        parts.append(f"{days} {ordered[i].opens}-{ordered[i].closes}")
        i = j + 1
    return "; ".join(parts)


def seed(world: World, data_dir: Path) -> None:
    out = Path(data_dir) / EXPORT_DIR
    out.mkdir(parents=True, exist_ok=True)
    agencies = {
        "exported": world.reference_date.isoformat(),
        "agencies": [{"code": a.id, "name": a.name, "url": a.website} for a in world.agencies],
    }
    (out / AGENCIES_FILE).write_text(json.dumps(agencies, ensure_ascii=False, indent=2), encoding="utf-8")
    with (out / SERVICES_FILE).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(SERVICE_COLUMNS)
        for s in world.public_services:
            writer.writerow((s.id, s.agency_id, s.name, s.description, s.how_to_apply, s.rule))
    with (out / OFFICES_FILE).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(OFFICE_COLUMNS)
        for o in world.offices:
            address = f"{o.street}, {o.city}"
            writer.writerow((o.id, o.agency_id, o.name, address, format_hours(o.opening_hours)))

"""Reading the open-data export into an in-memory catalogue with indexes.

The export is re-read when its files change (a nightly re-publish), so the subgraph never
needs a restart. A malformed row does not spoil the rest: it is kept as a `CorruptRow` and
only the fields that touch it fail (`LEGACY_DATA_CORRUPT`); missing files fail the fields
that need the catalogue (`LEGACY_UNAVAILABLE`).
"""

from __future__ import annotations

import csv
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from graphql import GraphQLError

from subgraphs.services.legacy.seed import (
    AGENCIES_FILE,
    EXPORT_DIR,
    OFFICES_FILE,
    SERVICES_FILE,
    WEEKDAY_LETTERS,
)
from subgraphs.services.rules import Rule, RuleError, parse_rule

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def legacy_error(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, "legacySystem": "services-open-data"})


@dataclass(frozen=True, slots=True)
class AgencyRow:
    id: str
    name: str
    website: str


@dataclass(frozen=True, slots=True)
class ServiceRow:
    id: str
    agency_id: str
    name: str
    description: str
    how_to_apply: str
    rule: Rule


@dataclass(frozen=True, slots=True)
class HoursRow:
    weekday: int
    opens: str
    closes: str


@dataclass(frozen=True, slots=True)
class OfficeRow:
    id: str
    agency_id: str
    name: str
    street: str
    city: str
    opening_hours: tuple[HoursRow, ...]


@dataclass(frozen=True, slots=True)
class CorruptRow:
    file: str
    line: int
    id: str
    reason: str


@dataclass
class Catalogue:
    exported: str
    agencies: dict[str, AgencyRow] = field(default_factory=dict)
    services: dict[str, ServiceRow | CorruptRow] = field(default_factory=dict)
    offices: dict[str, OfficeRow | CorruptRow] = field(default_factory=dict)

    def services_of(self, agency_id: str) -> list[ServiceRow]:
        return [s for s in self.services.values() if isinstance(s, ServiceRow) and s.agency_id == agency_id]

    def offices_of(self, agency_id: str) -> list[OfficeRow]:
        return [o for o in self.offices.values() if isinstance(o, OfficeRow) and o.agency_id == agency_id]

    def valid_services(self) -> list[ServiceRow]:
        return [s for s in self.services.values() if isinstance(s, ServiceRow)]


def parse_hours(text: str) -> tuple[HoursRow, ...]:
    """'E-R 09:00-17:00; N 09:00-19:00' -> one row per weekday (later parts override earlier ones)."""
    days: dict[int, HoursRow] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        span, _, times = part.partition(" ")
        first, _, last = span.partition("-")
        opens, _, closes = times.strip().partition("-")
        if (
            first not in WEEKDAY_LETTERS
            or (last and last not in WEEKDAY_LETTERS)
            or not (_TIME.match(opens) and _TIME.match(closes))
        ):
            raise ValueError(f"unreadable opening hours {part!r}")
        start, end = WEEKDAY_LETTERS.index(first) + 1, WEEKDAY_LETTERS.index(last or first) + 1
        for day in range(start, end + 1):
            days[day] = HoursRow(day, opens, closes)
    return tuple(days[d] for d in sorted(days))


def _service(row: list[str]) -> ServiceRow:
    service_id, agency_id, name, description, how_to_apply, rule = (c.strip() for c in row)
    return ServiceRow(service_id, agency_id, name, description, how_to_apply, parse_rule(rule))


def _office(row: list[str]) -> OfficeRow:
    office_id, agency_id, name, address, hours = (c.strip() for c in row)
    street, sep, city = address.rpartition(",")
    if not sep:
        raise ValueError(f"address without a city: {address!r}")
    return OfficeRow(office_id, agency_id, name, street.strip(), city.strip(), parse_hours(hours))


def _read_rows(path: Path, columns: int, parse, into: dict) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader, None)  # header
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            row_id = row[0].strip()
            try:
                if len(row) != columns:
                    raise ValueError(f"expected {columns} columns, found {len(row)}")
                into[row_id] = parse(row)
            except (ValueError, RuleError) as exc:
                into[row_id] = CorruptRow(path.name, line, row_id, str(exc))


def load_catalogue(data_dir: Path) -> Catalogue:
    folder = Path(data_dir) / EXPORT_DIR
    raw = json.loads((folder / AGENCIES_FILE).read_text(encoding="utf-8"))
    catalogue = Catalogue(exported=str(raw.get("exported", "")))
    for item in raw.get("agencies", []):
        catalogue.agencies[item["code"]] = AgencyRow(item["code"], item["name"], item.get("url", ""))
    _read_rows(folder / SERVICES_FILE, 6, _service, catalogue.services)
    _read_rows(folder / OFFICES_FILE, 5, _office, catalogue.offices)
    return catalogue


class CatalogueStore:
    """The current catalogue, re-read when the export's files change."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._stamp: tuple[float, ...] | None = None
        self._catalogue: Catalogue | None = None
        self._lock = threading.Lock()

    def _files(self) -> list[Path]:
        folder = self.data_dir / EXPORT_DIR
        return [folder / AGENCIES_FILE, folder / SERVICES_FILE, folder / OFFICES_FILE]

    def get(self) -> Catalogue:
        try:
            stamp = tuple(p.stat().st_mtime_ns for p in self._files())
            with self._lock:
                if stamp != self._stamp or self._catalogue is None:
                    self._catalogue = load_catalogue(self.data_dir)
                    self._stamp = stamp
                return self._catalogue
        except (OSError, ValueError, KeyError) as exc:
            raise legacy_error(
                "LEGACY_UNAVAILABLE", f"service catalogue export unreadable: {type(exc).__name__}: {exc}"
            ) from exc

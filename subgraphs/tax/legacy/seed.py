"""Write the tax board's share of the generated world into data_dir/tax/TAXDB.sqlite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path

from subgraphs.datagen.world import World
from subgraphs.tax.legacy.store import DDL, NO_DATE, db_path

STATUS_CODES = {"ASSESSED": "A", "PAID": "P", "OVERDUE": "O", "PENDING": "N"}
BATCH = 10_000


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def yyyymmdd(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else NO_DATE


def _batches(rows: Iterable[tuple], size: int = BATCH) -> Iterator[list[tuple]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _insert(db: sqlite3.Connection, sql: str, rows: Iterable[tuple]) -> None:
    for chunk in _batches(rows):
        db.executemany(sql, chunk)


def seed(world: World, data_dir: Path) -> None:
    """(Re)create TAXDB from the world; streams rows in batches so a million citizens fit."""
    path = db_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + DDL)
        _insert(db, "INSERT INTO TXP_PERSON VALUES (?)", ((c.id,) for c in world.citizens))
        _insert(
            db,
            "INSERT INTO TXP_ACCT VALUES (?, ?, ?, 'EUR')",
            ((a.citizen_id, cents(a.balance), yyyymmdd(a.due_date)) for a in world.tax_accounts),
        )
        _insert(
            db,
            "INSERT INTO TXP_ASSMT VALUES (?, ?, ?, ?, ?)",
            (
                (a.citizen_id, a.year, cents(a.assessed_income), cents(a.tax_due), STATUS_CODES[a.status])
                for a in world.assessments
            ),
        )
        _insert(
            db,
            "INSERT INTO TXP_DECL VALUES (?, ?, ?)",
            ((d.citizen_id, d.year, cents(d.amount)) for d in world.declared_incomes),
        )
        params = [
            ("LAST_CLOSED_YR", str(world.reference_date.year - 1)),
            ("EXTRACT_DT", yyyymmdd(world.reference_date)),
        ]
        db.executemany("INSERT INTO SYS_PARAM VALUES (?, ?)", params)
        db.commit()
    finally:
        db.close()

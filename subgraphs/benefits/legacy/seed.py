"""Write the social insurance board's share of the world into data_dir/benefits/SOCINS.sqlite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path

from subgraphs.benefits.legacy.store import BENEFIT_CODES, DDL, STATUS_CODES, db_path
from subgraphs.datagen.world import World

BATCH = 10_000


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def yyyymmdd(day: date | None) -> str | None:
    return day.strftime("%Y%m%d") if day else None


def _insert(db: sqlite3.Connection, sql: str, rows: Iterable[tuple]) -> None:
    it: Iterator[tuple] = iter(rows)
    while chunk := list(islice(it, BATCH)):
        db.executemany(sql, chunk)


def seed(world: World, data_dir: Path) -> None:
    """(Re)create SOCINS from the world, streaming rows in batches."""
    path = db_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + DDL)
        _insert(db, "INSERT INTO SB_PERSON VALUES (?)", ((c.id,) for c in world.citizens))
        _insert(
            db,
            "INSERT INTO SB_CLAIM VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    c.id,
                    c.citizen_id,
                    BENEFIT_CODES[c.kind],
                    STATUS_CODES[c.status],
                    cents(c.amount),
                    yyyymmdd(c.submitted),
                )
                for c in world.benefit_claims
            ),
        )
        _insert(
            db,
            "INSERT INTO SB_HEALTH VALUES (?, ?, ?)",
            (
                (h.citizen_id, "J" if h.insured else "N", yyyymmdd(h.valid_until))
                for h in world.health_insurances
            ),
        )
        db.commit()
    finally:
        db.close()

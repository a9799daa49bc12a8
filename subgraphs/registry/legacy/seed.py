"""Write the world's people into the register's legacy tables (SQLite by default, PostgreSQL on request).

`seed(world, data_dir, database_url=None, schema=None)`: drops and recreates the tables, then bulk-loads
code tables, households, persons, address history and parent-child links in chunks (COPY on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from subgraphs.datagen import names
from subgraphs.datagen.world import World
from subgraphs.registry.db import DB_FILE, async_url, make_engine
from subgraphs.registry.legacy.tables import (
    ADR_AJALUGU,
    KOOD_LINN,
    KOOD_SUGU,
    LEGACY_DATE_FORMAT,
    LEIBKOND,
    OPEN_END,
    PERSON,
    SEX_BY_LETTER,
    SEX_CODES,
    VANEM_LAPS,
    metadata,
)

CHUNK = 20_000
CITY_CODES = {city: f"{784 + 37 * n:04d}" for n, (city, *_rest) in enumerate(names.CITIES)}


def legacy_date(value: date | None) -> str:
    return OPEN_END if value is None else value.strftime(LEGACY_DATE_FORMAT)


def seed(world: World, data_dir: Path, database_url: str | None = None, schema: str | None = None) -> None:
    """Synchronous entry point; safe to call from inside a running event loop (runs in a thread then)."""
    data_dir = Path(data_dir)
    if not database_url:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / DB_FILE).unlink(missing_ok=True)
    url = async_url(database_url, data_dir)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(seed_async(world, url, schema))
        return
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(seed_async(world, url, schema))
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]


async def seed_async(world: World, url: str, schema: str | None = None) -> None:
    engine = make_engine(url, schema=schema)
    try:
        async with engine.begin() as conn:
            if schema:
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            await conn.run_sync(metadata.drop_all)
            await conn.run_sync(metadata.create_all)
            await _load_all(conn, world, schema)
    finally:
        await engine.dispose()


async def _load_all(conn: AsyncConnection, world: World, schema: str | None) -> None:
    cities = dict(CITY_CODES)
    for citizen in world.citizens:
        for address in citizen.addresses:
            cities.setdefault(address.city, f"{9000 + len(cities):04d}")
    await _load(conn, schema, KOOD_SUGU, ((code, name) for code, name in SEX_CODES.items()))
    await _load(conn, schema, KOOD_LINN, ((code, city) for city, code in cities.items()))
    household_ids = {h.id: n for n, h in enumerate(world.households, start=1)}
    person_ids = {c.id: n for n, c in enumerate(world.citizens, start=1)}
    created = {c.household_id: c.addresses[-1].valid_from for c in world.citizens if c.addresses}
    await _load(
        conn,
        schema,
        LEIBKOND,
        ((n, hid, legacy_date(created.get(hid))) for hid, n in household_ids.items()),
    )
    await _load(conn, schema, PERSON, _person_rows(world, person_ids, household_ids))
    await _load(conn, schema, ADR_AJALUGU, _address_rows(world, person_ids, cities))
    links = (
        (person_ids[parent], person_ids[c.id])
        for c in world.citizens
        for parent in c.parent_ids
        if parent in person_ids
    )
    await _load(conn, schema, VANEM_LAPS, links)


def _person_rows(world: World, person_ids: dict[str, int], household_ids: dict[str, int]) -> Iterator[tuple]:
    for c in world.citizens:
        yield (
            person_ids[c.id],
            c.id,
            c.given_name,
            c.family_name,
            legacy_date(c.birth_date),
            SEX_BY_LETTER[c.sex],
            household_ids.get(c.household_id),
            "E",
        )


def _address_rows(world: World, person_ids: dict[str, int], cities: dict[str, str]) -> Iterator[tuple]:
    row_id = 0
    for c in world.citizens:
        for a in c.addresses:
            row_id += 1
            yield (
                row_id,
                person_ids[c.id],
                a.street,
                a.postal_code,
                cities[a.city],
                legacy_date(a.valid_from),
                legacy_date(a.valid_to),
            )


def _chunks(rows: Iterable[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def _load(conn: AsyncConnection, schema: str | None, table: Table, rows: Iterable[tuple]) -> None:
    columns = [c.name for c in table.columns]
    if conn.dialect.name == "postgresql":
        raw: Any = (await conn.get_raw_connection()).driver_connection
        for chunk in _chunks(rows):
            await raw.copy_records_to_table(table.name, records=chunk, columns=columns, schema_name=schema)
        return
    for chunk in _chunks(rows):
        await conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in chunk])

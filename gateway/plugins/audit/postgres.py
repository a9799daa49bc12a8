"""The chain in PostgreSQL (asyncpg): a small pool; each batch one transaction holding an
advisory lock keyed by the table, so gateway processes sharing the database share one chain."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from .records import COLUMNS, GENESIS, WALK_BATCH, Disclosure, Record, chain, table_definition

POOL_SIZE = 4


class PostgresStore:
    def __init__(self, url: str, table: str) -> None:
        self.url = url
        self.table = table
        self.description = f"postgresql table {table}"
        self._lock_key = zlib.crc32(table.encode())
        self._pool: Any = None

    async def _connected(self) -> Any:
        if self._pool is None:
            pool = await asyncpg.create_pool(self.url, min_size=1, max_size=POOL_SIZE, timeout=5)
            try:
                async with pool.acquire() as connection:
                    await self._create(connection)
            except BaseException:
                await pool.close()
                raise
            self._pool = pool
        return self._pool

    async def open(self) -> None:
        await self._connected()

    async def _create(self, connection: Any) -> None:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", self._lock_key)
            if "." in self.table:
                await connection.execute(f"CREATE SCHEMA IF NOT EXISTS {self.table.split('.')[0]}")
            for statement in table_definition(self.table, "BIGINT"):
                await connection.execute(statement)

    async def append(self, disclosures: Sequence[Disclosure]) -> list[Record]:
        pool = await self._connected()
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", self._lock_key)
            head = await connection.fetchrow(f"SELECT seq, hash FROM {self.table} ORDER BY seq DESC LIMIT 1")
            records = chain(disclosures, *((head["seq"], head["hash"]) if head else (0, GENESIS)))
            marks = ", ".join(f"${i}" for i in range(1, len(COLUMNS) + 1))
            await connection.executemany(
                f"INSERT INTO {self.table} ({', '.join(COLUMNS)}) VALUES ({marks})",
                [r.row() for r in records],
            )
        return records

    async def _select(self, where: str, *args: Any) -> list[Record]:
        pool = await self._connected()
        rows = await pool.fetch(f"SELECT {', '.join(COLUMNS)} FROM {self.table} {where}", *args)
        return [Record.from_row(tuple(row)) for row in rows]

    async def for_citizen(self, citizen: str, limit: int) -> list[Record]:
        return await self._select("WHERE citizen = $1 ORDER BY seq DESC LIMIT $2", citizen, limit)

    async def walk(self) -> AsyncIterator[Record]:
        after = 0
        while True:
            page = await self._select("WHERE seq > $1 ORDER BY seq LIMIT $2", after, WALK_BATCH)
            for record in page:
                yield record
            if len(page) < WALK_BATCH:
                return
            after = page[-1].seq

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

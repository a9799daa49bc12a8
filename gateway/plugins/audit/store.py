"""Where the chain is kept: `open_store()` picks SQLite (a file) or PostgreSQL (a URL).

Every store appends a batch in ONE transaction that first reads the chain's head under a
write lock (SQLite `BEGIN IMMEDIATE`, PostgreSQL an advisory transaction lock), so several
gateway processes can share one chain. `append()` returns once the transaction is durably
committed (SQLite WAL with `synchronous=FULL`; PostgreSQL's commit).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from .records import COLUMNS, GENESIS, WALK_BATCH, Disclosure, Record, chain, table_definition

TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def check_table(table: str) -> str:
    if not TABLE_NAME.match(table):
        raise ValueError(f"audit table name {table!r} is not `name` or `schema.name` (letters, digits, _)")
    return table


class AuditStore(Protocol):
    description: str

    async def open(self) -> None:
        """Connect and create the table if need be (the other methods do it when not done yet)."""
        ...

    async def append(self, disclosures: Sequence[Disclosure]) -> list[Record]:
        """Chain and write the disclosures in one durable transaction (raises when it cannot)."""
        ...

    async def for_citizen(self, citizen: str, limit: int) -> list[Record]:
        """The citizen's records, newest first."""
        ...

    def walk(self) -> AsyncIterator[Record]:
        """Every record in `seq` order."""
        ...

    async def close(self) -> None: ...


def open_store(file: str | None, database: str | None, table: str) -> AuditStore:
    """PostgreSQL when `database` is given, else SQLite at `file` (connections are made lazily)."""
    check_table(table)
    if database:
        from .postgres import PostgresStore

        return PostgresStore(database, table)
    if not file:
        raise ValueError("the audit store needs `file` (SQLite) or `database` (PostgreSQL)")
    return SqliteStore(Path(file), table.replace(".", "_"))


class SqliteStore:
    """One connection on one thread of its own (sqlite3 is blocking); reads share it."""

    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.table = table
        self.description = f"sqlite:{path}"
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="audit-sqlite")
        self._db: sqlite3.Connection | None = None

    async def _run(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=10, check_same_thread=False)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                for statement in table_definition(self.table, "INTEGER"):
                    db.execute(statement)
            except sqlite3.Error:
                db.close()
                raise
            self._db = db
        return self._db

    async def open(self) -> None:
        await self._run(self._connect)

    def _append(self, disclosures: Sequence[Disclosure]) -> list[Record]:
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            head = db.execute(f"SELECT seq, hash FROM {self.table} ORDER BY seq DESC LIMIT 1").fetchone()
            records = chain(disclosures, *(head or (0, GENESIS)))
            marks = ", ".join("?" * len(COLUMNS))
            db.executemany(
                f"INSERT INTO {self.table} ({', '.join(COLUMNS)}) VALUES ({marks})",
                [r.row() for r in records],
            )
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return records

    async def append(self, disclosures: Sequence[Disclosure]) -> list[Record]:
        result: list[Record] = await self._run(self._append, disclosures)
        return result

    def _select(self, where: str, args: tuple[Any, ...]) -> list[Record]:
        rows = self._connect().execute(f"SELECT {', '.join(COLUMNS)} FROM {self.table} {where}", args)
        return [Record.from_row(row) for row in rows.fetchall()]

    async def for_citizen(self, citizen: str, limit: int) -> list[Record]:
        where = "WHERE citizen = ? ORDER BY seq DESC LIMIT ?"
        found: list[Record] = await self._run(self._select, where, (citizen, limit))
        return found

    async def walk(self) -> AsyncIterator[Record]:
        after = 0
        while True:
            page = await self._run(self._select, "WHERE seq > ? ORDER BY seq LIMIT ?", (after, WALK_BATCH))
            for record in page:
                yield record
            if len(page) < WALK_BATCH:
                return
            after = page[-1].seq

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    async def close(self) -> None:
        await self._run(self._close)
        self._executor.shutdown(wait=True)

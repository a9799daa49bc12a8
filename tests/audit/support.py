"""What the audit tests share: a principal from a test header, the agencies and a gateway on
real ports, and the log's backend (SQLite file, or a PostgreSQL schema of its own per test)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from gateway.config import GatewayConfig
from gateway.hooks import Plugin, RequestContext
from gateway.http.app import create_app
from gateway.messages import GraphQLResult, Principal
from gateway.plugins import build_plugins
from gateway.plugins.audit import AuditConfig
from tests.audit.agencies import disclosing_app, people, supergraph, tax
from tests.support.servers import ServerThread, serving

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
PRINCIPAL_HEADER = "x-test-principal"


class HeaderPrincipal(Plugin):
    """Stands in for the identity plugin: `x-test-principal: kind;subject;citizen_id;client_id`."""

    name = "test-principal"

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        value = ctx.headers.get(PRINCIPAL_HEADER)
        if value:
            kind, subject, citizen, client = ([*value.split(";"), "", "", "", ""])[:4]
            ctx.principal = Principal(kind, subject or None, citizen or None, client_id=client or None)
        return None


def who(kind: str, subject: str, citizen: str = "", client: str = "") -> dict[str, str]:
    return {PRINCIPAL_HEADER: f"{kind};{subject};{citizen};{client}"}


def postgres_available() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    import asyncpg

    async def probe() -> None:
        connection = await asyncpg.connect(DATABASE_URL, timeout=3)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as error:
        return f"PostgreSQL at {DATABASE_URL} is not available: {error!r}"
    return None


@dataclass
class Backend:
    """Where one test's log lives, and raw SQL against it (to inspect and to tamper)."""

    kind: str  # sqlite | postgres
    config: AuditConfig
    cli: list[str] = field(default_factory=list)  # --file PATH | --database URL --table T

    def sql(self, statement: str, *args: Any) -> list[tuple[Any, ...]]:
        if self.kind == "sqlite":
            with contextlib.closing(sqlite3.connect(self.config.file, isolation_level=None)) as db:
                return [tuple(row) for row in db.execute(statement.replace("$", "?"), args).fetchall()]
        return asyncio.run(self._pg(statement, *args))

    async def _pg(self, statement: str, *args: Any) -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(DATABASE_URL)
        try:
            return [tuple(row) for row in await connection.fetch(_numbered(statement), *args)]
        finally:
            await connection.close()

    def rows(self) -> list[dict[str, Any]]:
        from gateway.plugins.audit.records import COLUMNS

        found = self.sql(f"SELECT {', '.join(COLUMNS)} FROM {self.config.table} ORDER BY seq")
        return [dict(zip(COLUMNS, row, strict=True)) for row in found]

    def govgraph(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "gateway", "audit", *args, *self.cli]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)


def _numbered(statement: str) -> str:
    """`$` placeholders as PostgreSQL's `$1, $2, ...`."""
    parts = statement.split("$")
    return parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], 1))


@contextlib.contextmanager
def backend(kind: str, tmp_path: Path) -> Iterator[Backend]:
    if kind == "sqlite":
        path = str(tmp_path / "audit.sqlite3")
        yield Backend(kind, AuditConfig(enabled=True, file=path), ["--file", path])
        return
    schema = f"audit_test_{uuid.uuid4().hex[:12]}"
    table = f"{schema}.audit_log"
    config = AuditConfig(enabled=True, database=DATABASE_URL, table=table)
    found = Backend(kind, config, ["--database", DATABASE_URL, "--table", table])
    try:
        yield found
    finally:
        found.sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@contextlib.contextmanager
def agencies() -> Iterator[dict[str, str]]:
    with serving({"people": disclosing_app(people()), "tax": disclosing_app(tax())}) as urls:
        yield urls


@contextlib.contextmanager
def gateway(audit: AuditConfig | None, urls: dict[str, str], extra: Sequence[Plugin] = ()) -> Iterator[str]:
    """A gateway (uvicorn on a real port, in a thread) with the test principal, the built-in
    plugins (`audit` as given; off when None) and `extra`; yields its /graphql URL."""
    sections = {"audit": audit} if audit is not None else {}
    plugins = [HeaderPrincipal(), *build_plugins(sections), *extra]
    app = create_app(GatewayConfig(supergraph_sdl=supergraph(urls)), plugins=plugins)
    server = ServerThread(app).start()
    try:
        yield server.url + "/graphql"
    finally:
        server.stop()


def post(url: str, query: str, headers: dict[str, str] | None = None, **body: Any) -> httpx.Response:
    return httpx.post(url, json={"query": query, **body}, headers=headers or {}, timeout=30)

"""The registry subgraph served on a 127.0.0.1 port over a seeded SQLite file or PostgreSQL schema.

PostgreSQL comes from DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test); each test
module gets its own schema (dropped afterwards), so parallel runs do not collide.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from subgraphs.datagen import generate_world
from subgraphs.datagen.world import World
from subgraphs.registry.app import create_app
from subgraphs.registry.db import async_url, make_engine
from subgraphs.registry.legacy.seed import seed
from tests.subgraphs.callers import PUBLIC_KEY
from tests.support.servers import ServerThread

PG_URL = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test"


def postgres_reachable(url: str = PG_URL) -> bool:
    parsed = make_url(url)
    try:
        socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), timeout=1).close()
    except OSError:
        return False
    return True


@dataclass
class RegistryServer:
    backend: str
    url: str  # the GraphQL endpoint
    engine: AsyncEngine
    statements: list[str] = field(default_factory=list)  # SQL the subgraph sent, recorded on the engine


def serve(app, backend: str) -> tuple[ServerThread, RegistryServer]:
    engine: AsyncEngine = app.state.engine
    server = RegistryServer(backend, "", engine)

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        server.statements.append(statement)

    thread = ServerThread(app, lifespan="on").start()
    server.url = thread.url + "/graphql"
    return thread, server


def drop_schema(schema: str) -> None:
    async def drop() -> None:
        engine = make_engine(async_url(PG_URL))
        async with engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await engine.dispose()

    asyncio.run(drop())


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(citizens=300, seed=11)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def registry(request: pytest.FixtureRequest, world: World, tmp_path_factory) -> Iterator[RegistryServer]:
    data_dir: Path = tmp_path_factory.mktemp("registry")
    schema = None
    if request.param == "postgresql":
        if not postgres_reachable():
            pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
        schema = f"test_registry_{uuid.uuid4().hex[:10]}"
        seed(world, data_dir, PG_URL, schema=schema)
        app = create_app(PG_URL, schema_name=schema, public_key=PUBLIC_KEY)
    else:
        seed(world, data_dir)
        app = create_app(data_dir=data_dir, public_key=PUBLIC_KEY)
    thread, server = serve(app, request.param)
    try:
        yield server
    finally:
        thread.stop()
        if schema:
            drop_schema(schema)

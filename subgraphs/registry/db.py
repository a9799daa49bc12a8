"""Connecting to the register's database: URLs, engines, the schema used by tests."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DB_FILE = "registry.sqlite"


def async_url(database_url: str | None, data_dir: Path | None = None) -> str:
    """Normalise a user-facing URL (or none: the SQLite file in `data_dir`) to an async driver URL."""
    if not database_url:
        if data_dir is None:
            raise ValueError("either a database URL or a data directory is needed")
        return f"sqlite+aiosqlite:///{Path(data_dir).resolve() / DB_FILE}"
    for plain, driver in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if database_url.startswith(plain):
            return driver + database_url[len(plain) :]
    return database_url


def default_database_url() -> str | None:
    return os.environ.get("DATABASE_URL") or None


def make_engine(url: str, *, schema: str | None = None) -> AsyncEngine:
    """An async engine; `schema` places the legacy tables in that PostgreSQL schema (tests use one each)."""
    kwargs: dict = {}
    if url.startswith("postgresql"):
        kwargs.update(pool_size=5, max_overflow=5, pool_pre_ping=False)
    engine = create_async_engine(url, **kwargs)
    if schema:
        engine = engine.execution_options(schema_translate_map={None: schema})
    return engine

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.audit.support import Backend, agencies, backend, postgres_available


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    with agencies() as found:
        yield found


@pytest.fixture(params=["sqlite", "postgres"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The audit log on SQLite, and on PostgreSQL when DATABASE_URL's server is up."""
    if request.param == "postgres":
        reason = postgres_available()
        if reason:
            pytest.skip(reason)
    with backend(request.param, tmp_path) as found:
        yield found

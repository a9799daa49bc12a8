"""Fail closed: when the log cannot be written, personal data is not served (AUDIT_UNAVAILABLE,
HTTP 503, data null) while requests without personal data keep working; once the store is back,
so is the data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gateway.plugins.audit import AuditConfig
from tests.audit.agencies import MARI
from tests.audit.support import Backend, gateway, post, who

PERSONAL = f'{{ citizen(id: "{MARI}") {{ name taxAccount {{ balance }} }} }}'


def assert_withheld(url: str, query: str = PERSONAL) -> None:
    response = post(url, query, who("official", "officer-1"))
    assert response.status_code == 503
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["AUDIT_UNAVAILABLE"]
    assert "Mari" not in response.text and "120.5" not in response.text
    assert post(url, "{ weather }").json() == {"data": {"weather": "sunny"}}


def test_sqlite_file_that_cannot_be_opened(urls: dict[str, str], tmp_path: Path) -> None:
    config = AuditConfig(enabled=True, file=str(tmp_path / "no-such-directory" / "audit.sqlite3"))
    with gateway(config, urls) as url:
        assert_withheld(url)


def test_postgresql_unreachable(urls: dict[str, str]) -> None:
    config = AuditConfig(enabled=True, database="postgresql://postgres@127.0.0.1:9/test", commit_timeout=10)
    with gateway(config, urls) as url:
        assert_withheld(url)


def test_the_store_failing_while_serving_and_coming_back(urls: dict[str, str], log: Backend) -> None:
    table = log.config.table
    renamed = table.rsplit(".", 1)[-1] + "_away"
    with gateway(log.config, urls) as url:
        assert post(url, PERSONAL, who("official", "officer-1")).status_code == 200
        log.sql(f"ALTER TABLE {table} RENAME TO {renamed}")
        assert_withheld(url)
        away = table.rsplit(".", 1)[0] + "." + renamed if "." in table else renamed
        log.sql(f"ALTER TABLE {away} RENAME TO {table.rsplit('.', 1)[-1]}")
        response = post(url, PERSONAL, who("official", "officer-1"))
        assert response.status_code == 200 and response.json()["data"]["citizen"]["name"] == "Mari Maasikas"
    assert [row["seq"] for row in log.rows()] == [1, 2]  # the withheld response left no record
    assert log.govgraph("verify").returncode == 0


def test_a_commit_that_takes_too_long_withholds_the_data(urls: dict[str, str], tmp_path: Path) -> None:
    """A response waits for its record at most `commit_timeout` seconds (here another process
    holds SQLite's write lock)."""
    config = AuditConfig(enabled=True, file=str(tmp_path / "audit.sqlite3"), commit_timeout=0.3)
    with gateway(config, urls) as url:
        assert post(url, PERSONAL, who("official", "officer-1")).status_code == 200
        blocker = sqlite3.connect(config.file, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
        try:
            assert_withheld(url)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()


def test_a_malformed_disclosure_withholds_the_data(urls: dict[str, str], log: Backend) -> None:
    with gateway(log.config, urls) as url:
        assert_withheld(url, "{ rumour }")
    assert log.rows() == []

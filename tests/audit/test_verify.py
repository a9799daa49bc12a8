"""`govgraph audit verify` walks the chain: exit 0 when intact, 1 naming the first bad record when
one was edited, removed, swapped or inserted (by SQL straight into the store)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.plugins.audit.records import COLUMNS, Disclosure, Record, record_hash
from tests.audit.agencies import JAAN, KATI, MARI
from tests.audit.support import Backend, gateway, post, who


@pytest.fixture()
def five(urls: dict[str, str], log: Backend) -> Iterator[Backend]:
    """A log of five records written by the gateway."""
    with gateway(log.config, urls) as url:
        for i, citizen in enumerate((MARI, JAAN, KATI, MARI, JAAN)):
            headers = {**who("official", f"officer-{i}"), "x-purpose": f"case {i}"}
            assert post(url, f'{{ citizen(id: "{citizen}") {{ name }} }}', headers).status_code == 200
    assert [row["seq"] for row in log.rows()] == [1, 2, 3, 4, 5]
    yield log


def broken_at(log: Backend) -> str:
    done = log.govgraph("verify")
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout


def test_an_intact_chain(five: Backend) -> None:
    done = five.govgraph("verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 records, chain intact" in done.stdout
    assert five.rows()[-1]["hash"] in done.stdout  # the head, to compare with a later run


def test_an_edited_record(five: Backend) -> None:
    five.sql(f"UPDATE {five.config.table} SET purpose = 'curiosity' WHERE seq = 3")
    out = broken_at(five)
    assert "BROKEN at record 3: record 3 was changed" in out and "(2 records before it are intact)" in out


def test_an_edited_reader_with_its_hash_recomputed_breaks_the_next_link(five: Backend) -> None:
    """Recomputing the edited record's own hash is not enough: the next record links to the old one."""
    row = five.rows()[1]
    forged = Record.from_row([row[c] for c in COLUMNS])
    disclosure = Disclosure(**{**_fields(forged.disclosure), "reader": "nobody"})
    new_hash = record_hash(2, disclosure, forged.prev_hash)
    five.sql(f"UPDATE {five.config.table} SET reader = 'nobody', hash = $ WHERE seq = 2", new_hash)
    assert "BROKEN at record 3: record 3 does not link to record 2" in broken_at(five)


def test_a_removed_record(five: Backend) -> None:
    five.sql(f"DELETE FROM {five.config.table} WHERE seq = 4")
    assert "BROKEN at record 4: record 4 is missing (the next one found is 5)" in broken_at(five)


def test_two_swapped_records(five: Backend) -> None:
    table = five.config.table
    five.sql(f"UPDATE {table} SET seq = -2 WHERE seq = 2")
    five.sql(f"UPDATE {table} SET seq = 2 WHERE seq = 4")
    five.sql(f"UPDATE {table} SET seq = 4 WHERE seq = -2")
    assert "BROKEN at record 2: record 2 does not link to record 1" in broken_at(five)


def test_a_record_appended_by_hand(five: Backend) -> None:
    row = five.rows()[-1]
    values = [6 if c == "seq" else ("0" * 64 if c == "hash" else row[c]) for c in COLUMNS]
    _insert(five, values)
    assert "BROKEN at record 6: record 6 does not link to record 5" in broken_at(five)


def test_a_record_inserted_in_the_middle_with_a_valid_hash(five: Backend) -> None:
    """Records 3.. renumbered to make room, and the new record 3 chained properly onto record 2:
    the record after it (the old 3) no longer links."""
    table = five.config.table
    rows = five.rows()
    five.sql(f"UPDATE {table} SET seq = -seq WHERE seq >= 3")
    five.sql(f"UPDATE {table} SET seq = 1 - seq WHERE seq < 0")
    old = Record.from_row([rows[0][c] for c in COLUMNS]).disclosure
    inserted = Disclosure(**{**_fields(old), "citizen": KATI, "purpose": "planted"})
    record = Record(3, inserted, str(rows[1]["hash"]), record_hash(3, inserted, str(rows[1]["hash"])))
    _insert(five, list(record.row()))
    assert "BROKEN at record 4: record 4 does not link to record 3" in broken_at(five)


def test_show_reads_one_citizens_records(five: Backend) -> None:
    done = five.govgraph("show", "--citizen", MARI, "--limit", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and '"seq": 4' in lines[0] and '"purpose": "case 3"' in lines[0]


def _fields(disclosure: Disclosure) -> dict[str, object]:
    return {name: getattr(disclosure, name) for name in disclosure.__slots__}


def _insert(log: Backend, values: list[object]) -> None:
    marks = ", ".join("$" for _ in COLUMNS)
    log.sql(f"INSERT INTO {log.config.table} ({', '.join(COLUMNS)}) VALUES ({marks})", *values)

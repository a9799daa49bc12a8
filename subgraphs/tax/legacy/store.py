"""The tax board's 2009-era store: an SQLite file with cryptic upper-case tables.

Money is kept in integer cents, dates as 'YYYYMMDD' text ('00000000' for none),
assessment statuses as one-letter codes. `TaxStore` answers the batch lookups the
SOAP operations need with one `IN (...)` query each.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

DDL = """
CREATE TABLE IF NOT EXISTS TXP_PERSON (TXP_ID CHAR(11) PRIMARY KEY);
CREATE TABLE IF NOT EXISTS TXP_ACCT (
    TXP_ID CHAR(11) PRIMARY KEY, BAL_CENTS INTEGER NOT NULL,
    DUE_DT CHAR(8) NOT NULL DEFAULT '00000000', CCY_CD CHAR(3) NOT NULL DEFAULT 'EUR');
CREATE TABLE IF NOT EXISTS TXP_ASSMT (
    TXP_ID CHAR(11) NOT NULL, TAX_YR INTEGER NOT NULL, ASSD_INC_CENTS INTEGER NOT NULL,
    TAX_DUE_CENTS INTEGER NOT NULL, STAT_CD CHAR(1) NOT NULL, PRIMARY KEY (TXP_ID, TAX_YR));
CREATE TABLE IF NOT EXISTS TXP_DECL (
    TXP_ID CHAR(11) NOT NULL, TAX_YR INTEGER NOT NULL, DECL_INC_CENTS INTEGER NOT NULL,
    PRIMARY KEY (TXP_ID, TAX_YR));
CREATE TABLE IF NOT EXISTS SYS_PARAM (PARAM_KEY VARCHAR(32) PRIMARY KEY, PARAM_VAL VARCHAR(64));
"""

NO_DATE = "00000000"


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / "tax" / "TAXDB.sqlite"


@dataclass(frozen=True, slots=True)
class AccountRow:
    code: str
    balance_cents: int
    due: str  # YYYYMMDD or NO_DATE
    currency: str


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    code: str
    year: int
    income_cents: int
    tax_due_cents: int
    status: str  # one-letter code


@dataclass(frozen=True, slots=True)
class DeclarationRow:
    code: str
    year: int
    income_cents: int


class TaxStore:
    """Read access to TAXDB for one server process (sqlite3, one connection)."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise FileNotFoundError(f"no tax database at {path}; run the seeder first")
        self._db = sqlite3.connect(path, check_same_thread=False)

    def close(self) -> None:
        self._db.close()

    def _select(self, sql: str, codes: list[str], *extra: object) -> list[tuple]:
        marks = ",".join("?" * len(codes))
        return self._db.execute(sql.format(marks=marks), [*codes, *extra]).fetchall()

    def known(self, codes: list[str]) -> set[str]:
        rows = self._select("SELECT TXP_ID FROM TXP_PERSON WHERE TXP_ID IN ({marks})", codes)
        return {row[0] for row in rows}

    def accounts(self, codes: list[str]) -> list[AccountRow]:
        sql = "SELECT TXP_ID, BAL_CENTS, DUE_DT, CCY_CD FROM TXP_ACCT WHERE TXP_ID IN ({marks})"
        return [AccountRow(*row) for row in self._select(sql, codes)]

    def assessments(self, codes: list[str], year: int | None) -> list[AssessmentRow]:
        sql = (
            "SELECT TXP_ID, TAX_YR, ASSD_INC_CENTS, TAX_DUE_CENTS, STAT_CD FROM TXP_ASSMT"
            " WHERE TXP_ID IN ({marks})"
        )
        if year is None:
            rows = self._select(sql + " ORDER BY TXP_ID, TAX_YR DESC", codes)
        else:
            rows = self._select(sql + " AND TAX_YR = ? ORDER BY TXP_ID", codes, year)
        return [AssessmentRow(*row) for row in rows]

    def declarations(self, codes: list[str], year: int) -> list[DeclarationRow]:
        sql = "SELECT TXP_ID, TAX_YR, DECL_INC_CENTS FROM TXP_DECL WHERE TXP_ID IN ({marks}) AND TAX_YR = ?"
        return [DeclarationRow(*row) for row in self._select(sql, codes, year)]

    def last_closed_year(self) -> int:
        sql = "SELECT PARAM_VAL FROM SYS_PARAM WHERE PARAM_KEY = 'LAST_CLOSED_YR'"
        row = self._db.execute(sql).fetchone()
        if row is None:
            raise LookupError("SYS_PARAM.LAST_CLOSED_YR missing")
        return int(row[0])

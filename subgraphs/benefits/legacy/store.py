"""The board's store: SQLite under data_dir/benefits/, cryptic tables, code letters, cents.

SB_PERSON lists every person the board knows; SB_CLAIM holds claims and applications
(new applications get CLAIM_NO 'A' + a sequence number); SB_HEALTH the insurance cover;
SB_IDEM_KEY the idempotency key an application came with (stored in the claim's own transaction, so
a retried application finds the claim it made; kept `KEY_DAYS` days); SB_DECISION when (UTC) a
caseworker decided a claim (added later: older databases get the table when the store opens).
Dates are 'YYYYMMDD' text, decision times 'YYYYMMDDHHMMSS'. Writes commit at once, so they survive a restart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

DDL = """
CREATE TABLE IF NOT EXISTS SB_PERSON (PERS_CODE CHAR(11) PRIMARY KEY);
CREATE TABLE IF NOT EXISTS SB_CLAIM (
    CLAIM_NO VARCHAR(16) PRIMARY KEY, PERS_CODE CHAR(11) NOT NULL, BEN_CD CHAR(2) NOT NULL,
    STAT_CD CHAR(1) NOT NULL, AMT_CENTS INTEGER NOT NULL, SUBM_DT CHAR(8) NOT NULL);
CREATE INDEX IF NOT EXISTS SB_CLAIM_PERS ON SB_CLAIM (PERS_CODE);
CREATE TABLE IF NOT EXISTS SB_HEALTH (
    PERS_CODE CHAR(11) PRIMARY KEY, INSURED_FL CHAR(1) NOT NULL, VALID_TO CHAR(8));
CREATE TABLE IF NOT EXISTS SB_APPL_SEQ (SEQ_NO INTEGER PRIMARY KEY AUTOINCREMENT, CREATED_TS TEXT);
CREATE TABLE IF NOT EXISTS SB_IDEM_KEY (
    IDEM_KEY VARCHAR(255) PRIMARY KEY, REQ_HASH CHAR(64) NOT NULL, CLAIM_NO VARCHAR(16) NOT NULL,
    CREATED_TS TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS SB_DECISION (CLAIM_NO VARCHAR(16) PRIMARY KEY, DECIDED_TS CHAR(14) NOT NULL);
"""
CLAIM_COLUMNS = (
    "C.CLAIM_NO, C.PERS_CODE, C.BEN_CD, C.STAT_CD, C.AMT_CENTS, C.SUBM_DT, D.DECIDED_TS"
    " FROM SB_CLAIM C LEFT JOIN SB_DECISION D ON D.CLAIM_NO = C.CLAIM_NO"
)

BENEFIT_CODES = {
    "CHILD_ALLOWANCE": "CA",
    "PARENTAL_BENEFIT": "PB",
    "UNEMPLOYMENT": "UB",
    "PENSION": "PN",
    "DISABILITY": "DB",
}
STATUS_CODES = {"SUBMITTED": "S", "IN_REVIEW": "R", "APPROVED": "A", "REJECTED": "X", "PAID": "P"}
OPEN_STATUSES = ("S", "R")
DECISIONS = ("A", "X")  # approved, rejected
KEY_DAYS = 1  # how long an idempotency key answers with its claim
DEFAULT_AMOUNT_CENTS = {"CA": 8000, "PB": 0, "UB": 0, "PN": 0, "DB": 0}  # decided later, except CA


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / "benefits" / "SOCINS.sqlite"


@dataclass(frozen=True, slots=True)
class ClaimRow:
    claim_no: str
    person: str
    benefit: str
    status: str
    amount_cents: int
    submitted: str  # YYYYMMDD
    decided: str | None = None  # YYYYMMDDHHMMSS, UTC


@dataclass(frozen=True, slots=True)
class HealthRow:
    person: str
    insured: str  # 'J' | 'N'
    valid_to: str | None  # YYYYMMDD


class BenefitsStore:
    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise FileNotFoundError(f"no benefits database at {path}; run the seeder first")
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(DDL)

    def close(self) -> None:
        self._db.close()

    def _in(self, sql: str, codes: list[str], *extra: object) -> list[tuple]:
        marks = ",".join("?" * len(codes))
        return self._db.execute(sql.format(marks=marks), [*codes, *extra]).fetchall()

    def count_claims(self, codes: list[str]) -> int:
        return self._in("SELECT COUNT(*) FROM SB_CLAIM WHERE PERS_CODE IN ({marks})", codes)[0][0]

    def claims(self, codes: list[str], limit: int, offset: int) -> list[ClaimRow]:
        sql = (
            f"SELECT {CLAIM_COLUMNS} WHERE C.PERS_CODE IN ({{marks}})"
            " ORDER BY C.PERS_CODE, C.SUBM_DT DESC, C.CLAIM_NO LIMIT ? OFFSET ?"
        )
        return [ClaimRow(*row) for row in self._in(sql, codes, limit, offset)]

    def count_health(self, codes: list[str]) -> int:
        return self._in("SELECT COUNT(*) FROM SB_HEALTH WHERE PERS_CODE IN ({marks})", codes)[0][0]

    def health(self, codes: list[str], limit: int, offset: int) -> list[HealthRow]:
        sql = (
            "SELECT PERS_CODE, INSURED_FL, VALID_TO FROM SB_HEALTH"
            " WHERE PERS_CODE IN ({marks}) ORDER BY PERS_CODE LIMIT ? OFFSET ?"
        )
        return [HealthRow(*row) for row in self._in(sql, codes, limit, offset)]

    def person_known(self, code: str) -> bool:
        return self._db.execute("SELECT 1 FROM SB_PERSON WHERE PERS_CODE = ?", (code,)).fetchone() is not None

    def has_open_claim(self, code: str, benefit: str) -> bool:
        sql = "SELECT 1 FROM SB_CLAIM WHERE PERS_CODE = ? AND BEN_CD = ? AND STAT_CD IN ('S', 'R')"
        return self._db.execute(sql, (code, benefit)).fetchone() is not None

    def add_application(
        self, code: str, benefit: str, submitted: str, key: tuple[str, str] | None = None
    ) -> ClaimRow:
        """`key`: (idempotency key, request hash), remembered with the claim in one transaction."""
        with self._db:  # one transaction, committed on exit
            seq = self._db.execute("INSERT INTO SB_APPL_SEQ (CREATED_TS) VALUES (datetime('now'))").lastrowid
            row = ClaimRow(f"A{seq:09d}", code, benefit, "S", DEFAULT_AMOUNT_CENTS[benefit], submitted)
            self._db.execute("INSERT INTO SB_CLAIM VALUES (?, ?, ?, ?, ?, ?)", vars_of(row))
            if key is not None:
                sql = "INSERT INTO SB_IDEM_KEY VALUES (?, ?, ?, datetime('now'))"
                self._db.execute(sql, (*key, row.claim_no))
        return row

    def keyed_claim(self, key: str) -> tuple[str, ClaimRow] | None:
        """(request hash, claim) made under an idempotency key of the last `KEY_DAYS` days."""
        with self._db:
            expired = f"-{KEY_DAYS} days"
            self._db.execute("DELETE FROM SB_IDEM_KEY WHERE CREATED_TS < datetime('now', ?)", (expired,))
        keyed = "JOIN SB_IDEM_KEY K ON K.CLAIM_NO = C.CLAIM_NO WHERE K.IDEM_KEY = ?"
        sql = f"SELECT K.REQ_HASH, {CLAIM_COLUMNS} {keyed}"
        found = self._db.execute(sql, (key,)).fetchone()
        return None if found is None else (found[0], ClaimRow(*found[1:]))

    def claim(self, claim_no: str) -> ClaimRow | None:
        found = self._db.execute(f"SELECT {CLAIM_COLUMNS} WHERE C.CLAIM_NO = ?", (claim_no,)).fetchone()
        return None if found is None else ClaimRow(*found)

    def decide(self, claim_no: str, status: str, amount_cents: int | None, decided: str) -> ClaimRow | None:
        """Approve ('A') or reject ('X') an open claim at `decided` (YYYYMMDDHHMMSS); None when the
        claim is not open (any more). The status and the decision commit in one transaction."""
        with self._db:
            sql = "UPDATE SB_CLAIM SET STAT_CD = ?, AMT_CENTS = COALESCE(?, AMT_CENTS) WHERE CLAIM_NO = ?"
            updated = self._db.execute(sql + " AND STAT_CD IN ('S', 'R')", (status, amount_cents, claim_no))
            if updated.rowcount != 1:
                return None
            self._db.execute("INSERT OR REPLACE INTO SB_DECISION VALUES (?, ?)", (claim_no, decided))
        return self.claim(claim_no)


def vars_of(row: ClaimRow) -> tuple:
    return (row.claim_no, row.person, row.benefit, row.status, row.amount_cents, row.submitted)

"""The audit record and its hash chain.

Each record is one request's disclosure of one citizen's personal data. Its `hash` is
sha256(canonical JSON of the record's fields, `seq` included + the previous record's hash), the
first record's previous hash being 64 zeros; `seq` counts from 1 without gaps. So editing a
record breaks its own hash, removing or reordering records breaks the next record's link or
the sequence, and inserting one breaks the link of the record after it.

    canonical JSON: keys sorted, no whitespace, UTF-8 (orjson OPT_SORT_KEYS), of
    {seq, at, request_id, reader, reader_kind, client_id, citizen, fields, purpose,
     operation_hash, operation_name}
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import orjson

GENESIS = "0" * 64
WALK_BATCH = 1000  # records read at once when walking the chain
COLUMNS = (
    "seq",
    "at",
    "request_id",
    "reader",
    "reader_kind",
    "client_id",
    "citizen",
    "fields",
    "purpose",
    "operation_hash",
    "operation_name",
    "prev_hash",
    "hash",
)
NULLABLE = frozenset({"reader", "client_id", "purpose", "operation_name"})


def table_definition(table: str, seq_type: str) -> list[str]:
    """The statements that create the log's table and its index (SQLite and PostgreSQL alike)."""
    columns = ", ".join(
        f"{name} TEXT" + ("" if name in NULLABLE else " NOT NULL") for name in COLUMNS if name != "seq"
    )
    index = table.replace(".", "_") + "_citizen"
    return [
        f"CREATE TABLE IF NOT EXISTS {table} (seq {seq_type} PRIMARY KEY, {columns})",
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} (citizen, seq)",
    ]


@dataclass(frozen=True, slots=True)
class Disclosure:
    """What a request disclosed of one citizen's data, before it has a place in the chain."""

    at: str  # ISO 8601, UTC, microseconds
    request_id: str
    reader: str | None  # the principal's subject
    reader_kind: str  # anonymous | citizen | official | service
    client_id: str | None
    citizen: str
    fields: tuple[str, ...]  # schema coordinates, sorted
    purpose: str | None
    operation_hash: str  # sha256 of the query text
    operation_name: str | None


@dataclass(frozen=True, slots=True)
class Record:
    """A disclosure in the chain."""

    seq: int
    disclosure: Disclosure
    prev_hash: str
    hash: str

    def row(self) -> tuple[object, ...]:
        """The values of `COLUMNS`, `fields` as JSON text."""
        d = self.disclosure
        return (
            self.seq,
            d.at,
            d.request_id,
            d.reader,
            d.reader_kind,
            d.client_id,
            d.citizen,
            orjson.dumps(list(d.fields)).decode(),
            d.purpose,
            d.operation_hash,
            d.operation_name,
            self.prev_hash,
            self.hash,
        )

    @classmethod
    def from_row(cls, row: Iterable[object]) -> Record:
        values = dict(zip(COLUMNS, row, strict=True))
        fields = orjson.loads(str(values["fields"]))
        disclosure = Disclosure(
            at=str(values["at"]),
            request_id=str(values["request_id"]),
            reader=_optional(values["reader"]),
            reader_kind=str(values["reader_kind"]),
            client_id=_optional(values["client_id"]),
            citizen=str(values["citizen"]),
            fields=tuple(str(f) for f in fields) if isinstance(fields, list) else (str(fields),),
            purpose=_optional(values["purpose"]),
            operation_hash=str(values["operation_hash"]),
            operation_name=_optional(values["operation_name"]),
        )
        seq = values["seq"]
        assert isinstance(seq, int)
        return cls(seq, disclosure, str(values["prev_hash"]), str(values["hash"]))


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def record_hash(seq: int, disclosure: Disclosure, prev_hash: str) -> str:
    body = {"seq": seq, **asdict(disclosure)}
    body["fields"] = list(disclosure.fields)
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical + prev_hash.encode()).hexdigest()


def chain(disclosures: Iterable[Disclosure], head_seq: int, head_hash: str) -> list[Record]:
    """The disclosures as records following the head (`seq`, `hash`) of the chain."""
    records = []
    seq, prev = head_seq, head_hash
    for disclosure in disclosures:
        seq += 1
        digest = record_hash(seq, disclosure, prev)
        records.append(Record(seq, disclosure, prev, digest))
        prev = digest
    return records


@dataclass(frozen=True)
class Verdict:
    """The outcome of walking the chain: intact, or the first bad record and what is wrong."""

    records: int
    head: str
    bad_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.bad_seq is None


class ChainCheck:
    """Walks the records in `seq` order, one at a time (a log of any size in constant memory)."""

    def __init__(self) -> None:
        self.expected_seq, self.prev, self.count = 1, GENESIS, 0
        self.failure: Verdict | None = None

    def step(self, record: Record) -> bool:
        """Check the next record; False (and `failure` set) at the first that does not fit."""
        problem = self._problem(record)
        if problem is not None:
            self.failure = Verdict(self.count, self.prev, *problem)
            return False
        self.prev, self.expected_seq, self.count = record.hash, self.expected_seq + 1, self.count + 1
        return True

    def _problem(self, record: Record) -> tuple[int, str] | None:
        expected = self.expected_seq
        if record.seq != expected:
            what = "missing" if record.seq > expected else "duplicated or out of order"
            return expected, f"record {expected} is {what} (the next one found is {record.seq})"
        if record.prev_hash != self.prev:
            return record.seq, (
                f"record {record.seq} does not link to record {record.seq - 1}: a record was "
                "inserted, removed or moved before it, or its previous-hash changed"
            )
        if record_hash(record.seq, record.disclosure, record.prev_hash) != record.hash:
            return record.seq, f"record {record.seq} was changed: its hash does not match its contents"
        return None

    def verdict(self) -> Verdict:
        return self.failure or Verdict(self.count, self.prev)


def verify(records: Iterable[Record]) -> Verdict:
    """Walk the records in storage order (by `seq`) and name the first that does not fit."""
    check = ChainCheck()
    for record in records:
        if not check.step(record):
            break
    return check.verdict()

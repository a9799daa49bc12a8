"""The transport administration's nightly export format (files, framing, record types).

An export is three record files written on the same night into one folder,
``VEHICLES.Dyyyymmdd.DAT``, ``OWNERS.Dyyyymmdd.DAT`` and ``LICENCES.Dyyyymmdd.DAT``,
each described by the copybook beside it (``VEHICLES.cpy`` …). Files are variable-length
record files as transferred from the mainframe with the RDW kept (RECFM=VB): every record
starts with a 4-byte record descriptor word (big-endian length including the RDW, then two
zero bytes). Record type byte: ``H`` header, ``D`` detail, ``T`` trailer; the trailer
carries the number of detail records, so a file is complete when the trailer is there and
its count matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from subgraphs.transport.codec import CODEPAGE, decode_record, encode_record
from subgraphs.transport.copybook import RecordLayout, load_copybook

KINDS = ("VEHICLES", "OWNERS", "LICENCES")
_FILE_RE = re.compile(r"^(VEHICLES|OWNERS|LICENCES)\.D(\d{8})\.DAT$")
RDW_SIZE = 4


class ExportFormatError(ValueError):
    """A file or copybook does not follow the export conventions (the whole file is unusable)."""


@dataclass(frozen=True)
class RecordSet:
    """The three 01 records of one copybook, told apart by the VALUE of their first byte."""

    header: RecordLayout
    detail: RecordLayout
    trailer: RecordLayout

    @classmethod
    def from_layouts(cls, layouts: list[RecordLayout]) -> RecordSet:
        by_type: dict[str, RecordLayout] = {}
        for layout in layouts:
            first = layout.root.children[0] if layout.root.children else None
            if first is None or first.field is None or first.field.size != 1 or not first.field.value:
                raise ExportFormatError(f"{layout.name}: first item must be a 1-byte record type with VALUE")
            by_type[first.field.value] = layout
        try:
            return cls(by_type["H"], by_type["D"], by_type["T"])
        except KeyError as exc:
            raise ExportFormatError(f"copybook lacks a record with type {exc.args[0]!r}") from exc

    @classmethod
    def load(cls, path: Path) -> RecordSet:
        return cls.from_layouts(load_copybook(path))

    @property
    def count_field(self) -> str:
        for child in self.trailer.root.children:
            if child.name.endswith("RECORD-COUNT"):
                return child.name
        raise ExportFormatError(f"{self.trailer.name} has no *-RECORD-COUNT item")

    def layout_for(self, record_type: str) -> RecordLayout | None:
        return {"H": self.header, "D": self.detail, "T": self.trailer}.get(record_type)


@dataclass(frozen=True)
class ExportFiles:
    """One night's export: the date and the path of each of the three files."""

    day: date
    paths: dict[str, Path]

    @property
    def tag(self) -> str:
        return f"D{self.day:%Y%m%d}"

    def signature(self) -> tuple[tuple[str, int, int], ...]:
        """Changes whenever any of the files is rewritten or grows."""
        stats = []
        for kind in KINDS:
            st = self.paths[kind].stat()
            stats.append((kind, st.st_size, st.st_mtime_ns))
        return tuple(stats)


def file_name(kind: str, day: date) -> str:
    return f"{kind}.D{day:%Y%m%d}.DAT"


def find_exports(folder: Path) -> list[ExportFiles]:
    """Every export in the folder that has all three files, newest first."""
    found: dict[str, dict[str, Path]] = {}
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    for entry in entries:
        match = _FILE_RE.match(entry.name)
        if match:
            found.setdefault(match.group(2), {})[match.group(1)] = entry
    exports = []
    for stamp, paths in found.items():
        if len(paths) != len(KINDS):
            continue
        try:
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        except ValueError:
            continue
        exports.append(ExportFiles(day, paths))
    return sorted(exports, key=lambda e: e.day, reverse=True)


def load_record_sets(folder: Path) -> dict[str, RecordSet]:
    """The copybook of each file kind, from the export folder."""
    sets = {}
    for kind in KINDS:
        path = folder / f"{kind}.cpy"
        if not path.exists():
            raise ExportFormatError(f"copybook {path} is missing")
        sets[kind] = RecordSet.load(path)
    return sets


def iter_frames(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(record number from 1, record bytes) for each RDW-framed record; raises on a cut-off frame."""
    position, number, end = 0, 0, len(data)
    while position < end:
        if position + RDW_SIZE > end:
            raise ExportFormatError("file ends inside a record descriptor word")
        length = int.from_bytes(data[position : position + 2], "big")
        if length < RDW_SIZE or position + length > end:
            raise ExportFormatError(f"record {number + 1}: descriptor length {length} runs past the end")
        number += 1
        yield number, data[position + RDW_SIZE : position + length]
        position += length


def trailer_count(path: Path, records: RecordSet) -> int | None:
    """The detail count of the file's trailer record, or None when the file has no trailer (yet)."""
    size = records.trailer.length + RDW_SIZE
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() < size:
            return None
        handle.seek(-size, 2)
        frame = handle.read(size)
    if int.from_bytes(frame[:2], "big") != size or frame[RDW_SIZE : RDW_SIZE + 1] != "T".encode(CODEPAGE):
        return None
    try:
        values = decode_record(records.trailer, frame[RDW_SIZE:])
    except ValueError:
        return None
    count = values[records.count_field]
    return int(count)


class RecordWriter:
    """Writes one export file: header, detail records, and the trailer with the detail count."""

    def __init__(self, handle: BinaryIO, records: RecordSet, day: date) -> None:
        self._handle = handle
        self._records = records
        self.count = 0
        header_date = next(c.name for c in records.header.root.children if c.name.endswith("EXPORT-DATE"))
        self._frame(encode_record(records.header, {header_date: int(f"{day:%Y%m%d}")}))

    def _frame(self, data: bytes) -> None:
        self._handle.write((len(data) + RDW_SIZE).to_bytes(2, "big") + b"\x00\x00" + data)

    def detail(self, values: dict[str, object]) -> None:
        self.write_raw(encode_record(self._records.detail, values))

    def write_raw(self, data: bytes) -> None:
        """A detail record as bytes (also how tests plant a damaged record)."""
        self._frame(data)
        self.count += 1

    def close(self) -> None:
        self._frame(encode_record(self._records.trailer, {self._records.count_field: self.count}))

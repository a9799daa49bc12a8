"""The transport subgraph's legacy client: watches the export folder and answers lookups.

The newest complete export wins: the folder is polled, and when an export newer than (or a
rewrite of) the one in memory has all three trailers with matching counts, it is decoded in a
worker thread and swapped in as a whole; requests already running keep the index they started
with. Every lookup is one pass over the in-memory index for a whole batch of keys and is
counted in ``lookups`` (the batching tests read the counts from ``/_stats``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from subgraphs.transport.export import (
    ExportFiles,
    ExportFormatError,
    RecordSet,
    find_exports,
    load_record_sets,
    trailer_count,
)
from subgraphs.transport.records import (
    CorruptRecord,
    LicenceRecord,
    OwnershipRecord,
    TransportIndex,
    VehicleRecord,
    build_index,
    read_file,
)

log = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


def _missing_trailer(export: ExportFiles, record_sets: dict[str, RecordSet]) -> str | None:
    """What is wrong with the first file of `export` without a trailer record (None: all have one)."""
    for kind, path in export.paths.items():
        if trailer_count(path, record_sets[kind]) is None:
            try:
                read_file(path, record_sets[kind], kind)
            except ExportFormatError as exc:
                return f"{exc} (cut off, or still being transferred)"
            return f"{path.name}: no trailer record (cut off, or still being transferred)"
    return None


@dataclass(frozen=True, slots=True)
class CitizenFacts:
    """What transport knows about one person: their vehicles (registration number and record)
    and their driving licence. ``vehicles`` is a CorruptRecord when their ownership rows are damaged."""

    vehicles: list[tuple[str, VehicleRecord | CorruptRecord | None]] | CorruptRecord
    licence: LicenceRecord | CorruptRecord | None


class TransportStore:
    def __init__(self, folder: Path, poll_interval: float = 2.0) -> None:
        self.folder = Path(folder)
        self.poll_interval = poll_interval
        self.index = TransportIndex()
        self.lookups: Counter[str] = Counter()
        self.loads = 0
        self.corrupt_records = 0  # damaged detail records in the exports loaded (each logged)
        self.rejected_files = 0  # exports refused: cut off, damaged framing, count mismatch (each logged)
        self._loaded: tuple[str, Signature] | None = None
        self._rejected: set[tuple[str, Signature]] = set()
        self._folder_signature: Signature | None = None

    # -- picking up exports ---------------------------------------------------------------
    def _scan_signature(self) -> Signature:
        try:
            entries = sorted(self.folder.iterdir())
        except FileNotFoundError:
            return ()
        stats = []
        for entry in entries:
            if entry.suffix in (".DAT", ".cpy"):
                with contextlib.suppress(FileNotFoundError):
                    st = entry.stat()
                    stats.append((entry.name, st.st_size, st.st_mtime_ns))
        return tuple(stats)

    def refresh(self) -> bool:
        """Load the newest complete export if it is not the one in memory; True when swapped."""
        signature = self._scan_signature()
        if signature == self._folder_signature:
            return False
        self._folder_signature = signature
        exports = find_exports(self.folder)
        if not exports:
            return False
        try:
            record_sets = load_record_sets(self.folder)
        except (ExportFormatError, OSError) as exc:
            log.error("transport copybooks unusable: %s", exc)
            return False
        for export in exports:
            try:
                key = (export.tag, export.signature())
            except FileNotFoundError:
                continue
            if key == self._loaded:
                return False
            if key in self._rejected:
                continue
            index = self._load(export, record_sets, key)
            if index is None:
                continue
            self.index, self._loaded = index, key
            self.loads += 1
            self.corrupt_records += len(index.corrupt)
            log.info("loaded transport export %s (%d corrupt records)", export.tag, len(index.corrupt))
            return True
        return False

    def _load(
        self, export: ExportFiles, record_sets: dict[str, RecordSet], key: tuple[str, Signature]
    ) -> TransportIndex | None:
        """The export's index, or None: then it is rejected until its files change, with one
        warning naming the file, the record and what is wrong (a newer export that is cut off or
        damaged; or one still being transferred, which its next size is tried again at)."""
        try:
            problem = _missing_trailer(export, record_sets)
            if problem is None:
                return build_index(export, record_sets)
        except (ExportFormatError, OSError, ValueError) as exc:
            problem = str(exc)
        self._rejected.add(key)
        self.rejected_files += 1
        log.warning("transport export %s not usable: %s", export.tag, problem)
        return None

    async def watch(self) -> None:
        """Poll the folder forever (run as a task; cancel to stop)."""
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                await asyncio.to_thread(self.refresh)
            except Exception:  # a bad export must never take the subgraph down
                log.exception("transport export refresh failed")

    def health(self) -> dict[str, object]:
        """What `/health` tells: the export in memory and the damage seen since the start."""
        return {
            "export": self.index.export.tag if self.index.export else None,
            "corruptRecords": self.corrupt_records,
            "rejectedExports": self.rejected_files,
        }

    # -- lookups: one pass per batch ------------------------------------------------------
    def vehicles(
        self, index: TransportIndex, registration_numbers: Sequence[str]
    ) -> list[VehicleRecord | CorruptRecord | None]:
        self.lookups["vehicles"] += 1
        table = index.vehicles
        return [table.get(reg) for reg in registration_numbers]

    def owners(
        self, index: TransportIndex, registration_numbers: Sequence[str]
    ) -> list[OwnershipRecord | CorruptRecord | None]:
        self.lookups["owners"] += 1
        table = index.owners
        return [table.get(reg) for reg in registration_numbers]

    def citizens(self, index: TransportIndex, citizen_ids: Sequence[str]) -> list[CitizenFacts]:
        self.lookups["citizens"] += 1
        facts = []
        for cid in citizen_ids:
            damaged = index.corrupt_owner_rows.get(cid)
            vehicles: list[tuple[str, VehicleRecord | CorruptRecord | None]] | CorruptRecord
            if damaged is not None:
                vehicles = damaged
            else:
                vehicles = [(reg, index.vehicles.get(reg)) for reg in index.vehicles_by_owner.get(cid, ())]
            facts.append(CitizenFacts(vehicles, index.licences.get(cid)))
        return facts

    def stats(self) -> dict[str, object]:
        index = self.index
        return {
            "export": index.export.tag if index.export else None,
            "loads": self.loads,
            "lookups": dict(self.lookups),
            "vehicles": len(index.vehicles),
            "licences": len(index.licences),
            "corruptRecords": [
                {"file": c.file, "record": c.record_number, "reason": c.reason, "key": c.key}
                for c in index.corrupt
            ],
        }

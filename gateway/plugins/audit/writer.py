"""Group commit: requests hand their disclosures to one writer task and await the commit of
the batch that holds them. While one batch is being committed the next one gathers, so under
load many requests share one transaction (one fsync) and an idle gateway commits at once.

    request ─► submit(disclosures) ─► queue ─► writer: take everything queued (up to `batch_max`)
       ▲                                                 └─► store.append() in one transaction
       └──────── future resolved (committed) or failed (store unavailable) ◄──┘
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Disclosure
from .store import AuditStore

log = logging.getLogger("govgraph.audit")


class AuditUnavailable(Exception):
    """The disclosures could not be recorded (the store failed, timed out, or is closed)."""


@dataclass(slots=True)
class _Pending:
    disclosures: Sequence[Disclosure]
    done: asyncio.Future[None]


class GroupCommitWriter:
    def __init__(self, store: AuditStore, batch_max: int = 1000) -> None:
        self.store = store
        self.batch_max = batch_max
        self._queue: asyncio.Queue[_Pending | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.batches = 0  # commits made (for tests and measurement)

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="audit-writer")

    async def record(self, disclosures: Sequence[Disclosure], timeout: float) -> None:
        """Return once the disclosures are durably committed; raise `AuditUnavailable` otherwise.
        A caller that gives up (timeout, cancellation) does not take the disclosures back."""
        if self._closed:
            raise AuditUnavailable("the audit log is closed")
        self._ensure_running()
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(disclosures, done))
        try:
            await asyncio.wait_for(asyncio.shield(done), timeout)
        except TimeoutError as error:
            raise AuditUnavailable(f"the audit store did not commit within {timeout} s") from error

    async def _run(self) -> None:
        while True:
            first = await self._queue.get()
            if first is None:
                return
            batch, stop = [first], False
            count = len(first.disclosures)
            while count < self.batch_max and not self._queue.empty():
                item = self._queue.get_nowait()
                if item is None:
                    stop = True
                    break
                batch.append(item)
                count += len(item.disclosures)
            await self._commit(batch)
            if stop:
                return

    async def _commit(self, batch: list[_Pending]) -> None:
        try:
            await self.store.append([d for pending in batch for d in pending.disclosures])
        except Exception as error:  # any failure of the store withholds the data, never crashes
            log.error(
                "audit store %s: cannot write %d records: %r", self.store.description, len(batch), error
            )
            failure = AuditUnavailable(f"the audit store cannot be written: {error}")
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(failure)
                    pending.done.exception()  # retrieved: a caller that timed out logs nothing
            return
        self.batches += 1
        for pending in batch:
            if not pending.done.done():
                pending.done.set_result(None)

    async def close(self) -> None:
        """Commit everything queued, then stop."""
        self._closed = True
        if self._task is not None and not self._task.done():
            self._queue.put_nowait(None)
            await self._task
        await self.store.close()

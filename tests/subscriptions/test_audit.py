"""Every event of a subscription that discloses personal data is audited before it is sent: the
audit plugin records each one (a real SQLite audit log), with the subscriber as the reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.audit import AuditConfig
from gateway.plugins.audit.store import open_store
from tests.subscriptions.client import WsClient
from tests.subscriptions.support import DISCLOSED_CITIZEN, Platform, platform


@pytest.fixture
def audited(tmp_path: Path) -> Iterator[tuple[Platform, Path]]:
    log = tmp_path / "audit.sqlite3"
    with platform(build_plugins({"audit": AuditConfig(enabled=True, file=str(log))})) as started:
        yield started, log


async def test_each_event_is_recorded_in_the_audit_log(audited: tuple[Platform, Path]) -> None:
    running, log = audited
    client = await WsClient.open(running.ws, {"x-purpose": "case handling"})
    await client.subscribe("s", "subscription Watch { claimChanged { id status } }")
    await running.wait_for_subscribers(1)
    running.emit(3)
    events = [await client.recv() for _ in range(3)]
    assert [e["type"] for e in events] == ["next"] * 3
    assert all("extensions" not in e["payload"] for e in events)  # the disclosures stay inside
    await client.close()
    records = await open_store(str(log), None, "audit_log").for_citizen(DISCLOSED_CITIZEN, 100)
    assert len(records) == 3
    assert {r.disclosure.fields for r in records} == {("Claim.status",)}
    assert {r.disclosure.operation_name for r in records} == {"Watch"}
    assert {r.disclosure.purpose for r in records} == {"case handling"}

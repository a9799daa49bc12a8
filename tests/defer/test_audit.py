"""Personal data in a deferred part is audited before that part is sent, and withheld (fail
closed) when its record cannot be written, though the first part already went out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.plugins.defer import DeferConfig, DeferPlugin
from tests.audit.agencies import MARI, disclosing_app, people, tax
from tests.audit.support import Backend, backend, gateway, who
from tests.defer.support import Gate, streamed
from tests.support.servers import serving

QUERY = f'{{ citizen(id: "{MARI}") {{ name ... @defer(label: "tax") {{ taxAccount {{ balance }} }} }} }}'
OFFICIAL = who("official", "officer-1")


TAX = Gate()  # the tax agency answers only while open: the test decides when the deferred part is made


def gated(app: ASGIApp, gate: Gate) -> ASGIApp:
    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await gate.wait()
        await app(scope, receive, send)

    return serve


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    with serving({"people": disclosing_app(people()), "tax": gated(disclosing_app(tax()), TAX)}) as found:
        yield found


@pytest.fixture
def log(tmp_path: Path) -> Iterator[Backend]:
    with backend("sqlite", tmp_path) as found:
        yield found


async def test_each_part_is_recorded_before_it_is_sent(urls: dict[str, str], log: Backend) -> None:
    with gateway(log.config, urls, [DeferPlugin(DeferConfig(enabled=True))]) as url:
        async with streamed(url, QUERY, headers=OFFICIAL) as parts:
            first = await parts.next()
            assert first["data"] == {"citizen": {"name": "Mari Maasikas"}}
            assert [row["fields"] for row in log.rows()] == ['["Citizen.name"]']  # before the rest
            rest = await parts.rest()
    assert rest[0]["incremental"][0]["data"] == {"taxAccount": {"balance": 120.5}}
    assert [row["fields"] for row in log.rows()] == ['["Citizen.name"]', '["TaxAccount.balance"]']


async def test_a_deferred_part_is_withheld_when_its_record_cannot_be_written(
    urls: dict[str, str], log: Backend
) -> None:
    TAX.open.clear()
    with gateway(log.config, urls, [DeferPlugin(DeferConfig(enabled=True))]) as url:
        async with streamed(url, QUERY, headers=OFFICIAL) as parts:
            first = await parts.next()
            assert first["data"] == {"citizen": {"name": "Mari Maasikas"}}
            log.sql(f"ALTER TABLE {log.config.table} RENAME TO away")  # the store fails now
            TAX.open.set()  # only now may the deferred part be made (and recorded)
            rest = await parts.rest()
    item = rest[0]["incremental"][0]
    assert item["data"] is None and item["path"] == ["citizen"]
    assert [e["extensions"]["code"] for e in item["errors"]] == ["AUDIT_UNAVAILABLE"]
    assert "120.5" not in str(rest)

"""Seeded from the shared generator: what the subgraph answers matches the world, in one call per op."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from subgraphs.datagen.generate import generate_world
from subgraphs.datagen.world import World
from subgraphs.tax.app import create_app
from subgraphs.tax.legacy.seed import seed
from tests.subgraphs.callers import PUBLIC_KEY, TAX_CREDENTIAL
from tests.subgraphs.tax.conftest import LegacyProcess, entities, start_legacy
from tests.support.servers import ServerThread


@pytest.fixture(scope="module")
def generated() -> World:
    return generate_world(citizens=300, seed=7)


@pytest.fixture(scope="module")
def generated_url(
    generated: World, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, LegacyProcess]]:
    data_dir: Path = tmp_path_factory.mktemp("generated")
    seed(generated, data_dir)
    proc, url = start_legacy("subgraphs.tax.legacy", ["--data-dir", str(data_dir)])
    server = ServerThread(
        create_app(url, public_key=PUBLIC_KEY, credential=TAX_CREDENTIAL), lifespan="on"
    ).start()
    try:
        yield server.url + "/graphql", LegacyProcess(proc, url)
    finally:
        server.stop()
        proc.terminate()
        proc.wait(timeout=10)


def test_every_citizen_matches_the_world(generated: World, generated_url: tuple[str, LegacyProcess]) -> None:
    url, legacy = generated_url
    legacy.reset()
    ids = [c.id for c in generated.citizens]
    result = entities(url, ids, "id taxAccount { balance dueDate } annualIncome")
    assert "errors" not in result
    last_year = generated.reference_date.year - 1
    incomes = {d.citizen_id: float(d.amount) for d in generated.declared_incomes if d.year == last_year}
    accounts = {a.citizen_id: a for a in generated.tax_accounts}
    assert incomes and accounts
    for citizen in result["data"]["_entities"]:
        assert citizen["annualIncome"] == incomes.get(citizen["id"])
        account = accounts.get(citizen["id"])
        if account is None:
            assert citizen["taxAccount"] is None
        else:
            assert citizen["taxAccount"]["balance"] == float(account.balance)
            assert citizen["taxAccount"]["dueDate"] == (
                account.due_date.isoformat() if account.due_date else None
            )
    stats = legacy.stats()
    assert (stats["GetTaxAccount"], stats["GetDeclaredIncome"]) == (1, 1)

"""The real legacy TaxService as a subprocess on a 127.0.0.1 port, seeded from a tiny world."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from subgraphs.datagen.world import Assessment, Citizen, DeclaredIncome, TaxAccount, World
from subgraphs.tax.app import create_app
from subgraphs.tax.legacy.seed import seed
from tests.subgraphs.callers import ADMIN, PUBLIC_KEY, TAX_CREDENTIAL, legacy_env, official
from tests.support.servers import ServerThread

ROOT = Path(__file__).resolve().parents[3]
ADULTS = ["38001010001", "48102020002", "37903030003", "49004040004", "36005050005"]
CHILD = "51501010006"


def tiny_world() -> World:
    citizens = [Citizen(code, "Given", "Family", date(1980, 1, 1), "M", "H1", (), ()) for code in ADULTS]
    citizens.append(Citizen(CHILD, "Kid", "Family", date(2015, 1, 1), "F", "H1", (ADULTS[0],), ()))
    due = date(2025, 7, 1)
    accounts = [TaxAccount(code, Decimal(100 * i) - Decimal("50.25"), due) for i, code in enumerate(ADULTS)]
    accounts[0] = TaxAccount(ADULTS[0], Decimal("0"), None)
    assessments = [
        Assessment(code, year, Decimal(20000 + i * 1000), Decimal(4000 + i * 200), status)
        for i, code in enumerate(ADULTS)
        for year, status in ((2023, "PAID"), (2024, "OVERDUE" if i == 1 else "ASSESSED"))
    ]
    incomes = [
        DeclaredIncome(code, year, Decimal(f"{20000 + i * 1000 + (year - 2023) * 500}.10"))
        for i, code in enumerate(ADULTS)
        for year in (2023, 2024)
    ]
    return World(
        seed=1,
        reference_date=date(2025, 6, 1),
        citizens=tuple(citizens),
        tax_accounts=tuple(accounts),
        assessments=tuple(assessments),
        declared_incomes=tuple(incomes),
    )


@dataclass
class LegacyProcess:
    process: subprocess.Popen[str]
    url: str  # the SOAP endpoint

    @property
    def base(self) -> str:
        return self.url.rsplit("/", 1)[0]

    def stats(self) -> dict[str, int]:
        return httpx.get(self.base + "/_stats", headers=ADMIN).json()

    def fault(self, **rule: object) -> None:
        httpx.post(self.base + "/_admin/fault", json=rule, headers=ADMIN).raise_for_status()

    def reset(self) -> None:
        httpx.delete(self.base + "/_admin/fault", headers=ADMIN).raise_for_status()
        httpx.delete(self.base + "/_stats", headers=ADMIN).raise_for_status()


def start_legacy(module: str, args: list[str]) -> tuple[subprocess.Popen[str], str]:
    """Run `python -m module ... --port 0`; return the process and the URL it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args, "--port", "0"],
        cwd=ROOT,
        env=legacy_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("LISTENING "):
        proc.kill()
        raise RuntimeError(f"{module} did not start: {line}{proc.stderr.read() if proc.stderr else ''}")
    return proc, line.split()[1]


@pytest.fixture(scope="module")
def world() -> World:
    return tiny_world()


@pytest.fixture(scope="module")
def legacy_process(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LegacyProcess]:
    data_dir = tmp_path_factory.mktemp("taxdata")
    seed(world, data_dir)
    proc, url = start_legacy("subgraphs.tax.legacy", ["--data-dir", str(data_dir)])
    try:
        yield LegacyProcess(proc, url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def legacy(legacy_process: LegacyProcess) -> LegacyProcess:
    legacy_process.reset()
    return legacy_process


@pytest.fixture(scope="module")
def subgraph_url(legacy_process: LegacyProcess) -> Iterator[str]:
    server = ServerThread(
        create_app(legacy_process.url, timeout=1.0, public_key=PUBLIC_KEY, credential=TAX_CREDENTIAL),
        lifespan="on",
    ).start()
    try:
        yield server.url + "/graphql"
    finally:
        server.stop()


def entities(url: str, ids: list[str], selection: str, headers: dict[str, str] | None = None) -> dict:
    """`_entities` for `ids`, by default as an official with tax:read and a purpose."""
    query = f"query($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on Citizen {{ {selection} }} }} }}"
    reps = [{"__typename": "Citizen", "id": i} for i in ids]
    body = {"query": query, "variables": {"r": reps}}
    response = httpx.post(url, json=body, headers=official("tax") if headers is None else headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()

"""The real legacy benefits API as a subprocess on a 127.0.0.1 port, seeded from a tiny world."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from subgraphs.benefits.app import create_app
from subgraphs.benefits.legacy.seed import seed
from subgraphs.datagen.world import BenefitClaim, Citizen, HealthInsurance, World
from tests.subgraphs.callers import ADMIN, BENEFITS_CREDENTIAL, PUBLIC_KEY, legacy_env, official
from tests.support.servers import ServerThread

ROOT = Path(__file__).resolve().parents[3]
MANY = "38001010001"  # seven claims: several pages at per_page=3
ONE = "48102020002"  # one claim, not insured
NONE = "37903030003"  # no claims, no health record
APPLICANT = "49004040004"  # used by the write tests
KINDS = ["CHILD_ALLOWANCE", "PARENTAL_BENEFIT", "UNEMPLOYMENT", "PENSION", "DISABILITY"]
STATUSES = ["SUBMITTED", "IN_REVIEW", "APPROVED", "REJECTED", "PAID"]
DEFAULTS = {
    "rate_limit": 0,
    "window": 1.0,
    "health_delay": 0,
    "throttle_next": 0,
    "retry_after": 1,
    "fail_next": 0,
    "application_delay": 0,
}


def tiny_world() -> World:
    codes = [MANY, ONE, NONE, APPLICANT]
    citizens = tuple(Citizen(c, "Given", "Family", date(1980, 1, 1), "F", "H1", (), ()) for c in codes)
    claims = [
        BenefitClaim(
            f"BC{i:07d}", MANY, KINDS[i % 5], STATUSES[i % 5], Decimal(f"{100 + i}.50"), date(2024, 1, 1 + i)
        )
        for i in range(7)
    ]
    claims.append(BenefitClaim("BC0000100", ONE, "PENSION", "PAID", Decimal("700.00"), date(2023, 5, 17)))
    health = (
        HealthInsurance(MANY, True, date(2026, 12, 31)),
        HealthInsurance(ONE, False, None),
        HealthInsurance(APPLICANT, True, None),
    )
    return World(
        seed=1,
        reference_date=date(2025, 6, 1),
        citizens=citizens,
        benefit_claims=tuple(claims),
        health_insurances=health,
    )


def start_legacy(data_dir: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """Run the legacy API on a port the OS picks; return the process and its base URL."""
    args = ["--data-dir", str(data_dir), "--port", "0", "--rate-limit", "0", "--health-delay", "0", *extra]
    proc = subprocess.Popen(
        [sys.executable, "-m", "subgraphs.benefits.legacy", *args],
        cwd=ROOT,
        env=legacy_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("LISTENING "):
        proc.kill()
        raise RuntimeError(
            f"legacy benefits API did not start: {line}{proc.stderr.read() if proc.stderr else ''}"
        )
    return proc, line.split()[1]


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


@dataclass
class LegacyApi:
    url: str

    def stats(self) -> dict[str, int]:
        return httpx.get(self.url + "/_stats", headers=ADMIN).json()

    def configure(self, **settings: Any) -> None:
        httpx.post(self.url + "/_admin/config", json=settings, headers=ADMIN).raise_for_status()

    def reset(self) -> None:
        self.configure(**DEFAULTS)
        httpx.delete(self.url + "/_stats", headers=ADMIN).raise_for_status()


@pytest.fixture(scope="module")
def legacy_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LegacyApi]:
    data_dir = tmp_path_factory.mktemp("benefitsdata")
    seed(tiny_world(), data_dir)
    proc, url = start_legacy(data_dir)
    try:
        yield LegacyApi(url)
    finally:
        stop(proc)


@pytest.fixture
def legacy(legacy_api: LegacyApi) -> LegacyApi:
    legacy_api.reset()
    return legacy_api


@contextlib.contextmanager
def subgraph(legacy_url: str, **options: Any) -> Iterator[str]:
    """The benefits subgraph over `legacy_url`; yields its /graphql URL."""
    app = create_app(legacy_url, PUBLIC_KEY, **{"credential": BENEFITS_CREDENTIAL, **options})
    server = ServerThread(app, lifespan="on").start()
    try:
        yield server.url + "/graphql"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def subgraph_url(legacy_api: LegacyApi) -> Iterator[str]:
    with subgraph(legacy_api.url, timeout=2.0, max_retries=3, max_retry_wait=2.0) as url:
        yield url


def graphql(url: str, query: str, variables: dict | None = None, headers: dict | None = None) -> dict:
    body = {"query": query, "variables": variables or {}}
    response = httpx.post(url, json=body, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def entities(url: str, ids: list[str], selection: str, headers: dict | None = None) -> dict:
    """`_entities` for `ids`, by default as an official with benefits:read and a purpose."""
    query = f"query($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on Citizen {{ {selection} }} }} }}"
    reps = {"r": [{"__typename": "Citizen", "id": i} for i in ids]}
    return graphql(url, query, reps, official("benefits") if headers is None else headers)

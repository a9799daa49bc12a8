"""The legacy API's caseworker decision and the claim events it publishes to NATS (a raw NATS
subscriber reads them); with the broker gone the writes still stand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import nats
import pytest

from subgraphs.benefits.legacy.seed import seed
from subgraphs.broker import free_port
from tests.subgraphs.benefits.conftest import ONE, LegacyApi, start_legacy, stop, tiny_world
from tests.subgraphs.benefits.transport_ws import HANG_GUARD
from tests.subgraphs.callers import ADMIN, BENEFITS_SERVICE, CASEWORKER
from tests.support.broker import nats_server

APPLICANT = "37903030003"  # in the tiny world, without claims


@pytest.fixture(scope="module")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from nats_server(tmp_path_factory.mktemp("nats"))


def running_legacy(data_dir: Path, nats_url: str) -> Iterator[LegacyApi]:
    seed(tiny_world(), data_dir)
    proc, url = start_legacy(data_dir, "--nats-url", nats_url)
    try:
        yield LegacyApi(url)
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def publishing(tmp_path_factory: pytest.TempPathFactory, nats_url: str) -> Iterator[LegacyApi]:
    yield from running_legacy(tmp_path_factory.mktemp("events"), nats_url)


def apply(legacy: LegacyApi, person: str, benefit: str) -> dict:
    response = httpx.post(
        legacy.url + "/api/v1/applications",
        json={"personCode": person, "benefitCode": benefit},
        headers=BENEFITS_SERVICE,
    )
    assert response.status_code == 201, response.text
    return response.json()["data"]


def decide(legacy: LegacyApi, claim_no: str, body: dict) -> httpx.Response:
    return httpx.post(f"{legacy.url}/api/v1/claims/{claim_no}/decision", json=body, headers=CASEWORKER)


async def test_changes_are_published_to_the_citizens_subject(publishing: LegacyApi, nats_url: str) -> None:
    nc = await nats.connect(nats_url)
    try:
        subscription = await nc.subscribe(f"benefits.claims.{APPLICANT}")
        await nc.flush()
        claim = apply(publishing, APPLICANT, "UB")
        decided = decide(publishing, claim["claimNo"], {"statusCode": "A", "amount": "455.10"})
        assert decided.status_code == 200, decided.text
        created = json.loads((await subscription.next_msg(timeout=HANG_GUARD)).data)
        changed = json.loads((await subscription.next_msg(timeout=HANG_GUARD)).data)
    finally:
        await nc.close()
    assert created["type"] == "claim.created" and created["claim"] == claim
    assert claim["statusCode"] == "S" and claim["decidedAt"] is None
    assert changed["type"] == "claim.decided" and changed["claim"] == decided.json()["data"]
    assert changed["claim"]["statusCode"] == "A" and changed["claim"]["amount"] == "455.10"
    year, month, day = changed["changedAt"][:10].split("-")
    assert changed["changedAt"].endswith("Z") and changed["claim"]["decidedAt"].startswith(
        f"{day}.{month}.{year} "
    )
    listed = httpx.get(
        publishing.url + "/api/v1/claims", params={"citizen_ids": APPLICANT}, headers=BENEFITS_SERVICE
    ).json()["data"]
    assert listed == [changed["claim"]]  # the REST API and the event agree


def test_a_decision_needs_an_open_claim_and_a_valid_body(publishing: LegacyApi) -> None:
    publishing.reset()
    claim = apply(publishing, APPLICANT, "PN")["claimNo"]
    cases = [
        ("A00000000999", {"statusCode": "A"}, 404, "CLAIM_NOT_FOUND"),
        (claim, {"statusCode": "P"}, 400, "VALIDATION_FAILED"),  # paid is not a decision
        (claim, {"statusCode": "A", "amount": 12}, 400, "VALIDATION_FAILED"),
        (claim, {"statusCode": "X"}, 200, None),
        (claim, {"statusCode": "A"}, 409, "CLAIM_NOT_OPEN"),  # decided already
        ("BC0000100", {"statusCode": "A"}, 409, "CLAIM_NOT_OPEN"),  # paid long ago
    ]
    for claim_no, body, status, code in cases:
        response = decide(publishing, claim_no, body)
        assert response.status_code == status, (claim_no, body, response.text)
        if code is not None:
            answer = response.json()
            assert answer["status"] == "ERROR" and answer["error"]["code"] == code, answer
    assert httpx.get(publishing.url + "/_stats", headers=ADMIN).json()["decisions"] == len(cases)


def test_without_the_broker_the_write_still_stands(tmp_path: Path) -> None:
    closed = f"nats://127.0.0.1:{free_port()}"  # nothing listens there once the probe socket closed
    legacy = running_legacy(tmp_path, closed)
    api = next(legacy)
    try:
        claim = apply(api, APPLICANT, "DB")
        decided = decide(api, claim["claimNo"], {"statusCode": "A", "amount": "99.00"})
        assert decided.status_code == 200 and decided.json()["data"]["statusCode"] == "A"
        listed = httpx.get(
            api.url + "/api/v1/claims", params={"citizen_ids": APPLICANT}, headers=BENEFITS_SERVICE
        ).json()["data"]
        assert [(c["statusCode"], c["amount"]) for c in listed] == [("A", "99.00")]
        stats = httpx.get(api.url + "/_stats", headers=ADMIN).json()
        assert stats["events_lost"] == 2 and "events_published" not in stats
        assert (
            httpx.get(
                api.url + "/api/v1/claims", params={"citizen_ids": ONE}, headers=BENEFITS_SERVICE
            ).status_code
            == 200
        )
    finally:
        next(legacy, None)

"""applyForBenefit writes through to the legacy API; the next query sees the claim."""

from __future__ import annotations

from pathlib import Path

import httpx

from subgraphs.benefits.idempotency import BUCKET_SECONDS, application_key
from subgraphs.benefits.legacy.seed import seed
from tests.subgraphs.benefits.conftest import (
    APPLICANT,
    MANY,
    ONE,
    LegacyApi,
    entities,
    graphql,
    start_legacy,
    stop,
    subgraph,
    tiny_world,
)
from tests.subgraphs.callers import BENEFITS_SERVICE, citizen, identity, official

APPLY = """
mutation($input: BenefitApplicationInput!) {
  applyForBenefit(input: $input) {
    success claim { id kind status amount } citizen { id } errors { code message }
  }
}
"""


def apply(url: str, citizen_id: str, kind: str, headers: dict | None = None, key: str | None = None) -> dict:
    """Apply for `citizen_id`, by default signed in as that citizen; `key`: the client's Idempotency-Key."""
    caller = citizen("benefits", citizen_id) if headers is None else headers
    caller = caller if key is None else {**caller, "idempotency-key": key}
    return graphql(url, APPLY, {"input": {"citizenId": citizen_id, "kind": kind}}, caller)


def test_application_is_visible_to_the_next_query(subgraph_url: str, legacy: LegacyApi) -> None:
    result = apply(subgraph_url, APPLICANT, "UNEMPLOYMENT")["data"]["applyForBenefit"]
    assert result["success"] is True and result["errors"] == []
    assert result["claim"]["kind"] == "UNEMPLOYMENT"
    assert result["claim"]["status"] == "SUBMITTED"
    assert result["citizen"] == {"id": APPLICANT}
    claims = entities(subgraph_url, [APPLICANT], "benefitClaims { id status }")["data"]["_entities"][0]
    assert {"id": result["claim"]["id"], "status": "SUBMITTED"} in claims["benefitClaims"]
    assert legacy.stats()["applications"] == 1


def test_rejections_are_user_errors(subgraph_url: str, legacy: LegacyApi) -> None:
    first = apply(subgraph_url, APPLICANT, "CHILD_ALLOWANCE")["data"]["applyForBenefit"]
    assert first["success"] and first["claim"]["amount"] == 80.0
    again = apply(subgraph_url, APPLICANT, "CHILD_ALLOWANCE", key="a new application")
    again = again["data"]["applyForBenefit"]
    assert again["success"] is False and again["claim"] is None
    assert [e["code"] for e in again["errors"]] == ["DUPLICATE_APPLICATION"]
    stranger = apply(subgraph_url, "39912319999", "PENSION")["data"]["applyForBenefit"]
    assert [e["code"] for e in stranger["errors"]] == ["PERSON_NOT_FOUND"]
    # the board's own text ("person 39912319999 is not known to the board") is logged, not sent
    assert stranger["errors"][0]["message"] == "The benefits board does not know this person."


def test_only_the_signed_in_citizen_may_apply(subgraph_url: str, legacy: LegacyApi) -> None:
    refused = [
        citizen("benefits", ONE),  # another citizen
        {},  # anonymous
        {"x-citizen-id": APPLICANT},  # a client header asserting the applicant: not an identity
        official("benefits"),  # an official files for nobody
        identity("benefits", kind="service", scopes=["benefits:read", "benefits:write"], purpose="batch"),
    ]
    for headers in refused:
        result = apply(subgraph_url, APPLICANT, "PENSION", headers=headers)["data"]["applyForBenefit"]
        assert result["success"] is False and result["claim"] is None, headers
        assert [e["code"] for e in result["errors"]] == ["NOT_ALLOWED"], headers
    forged = apply(subgraph_url, APPLICANT, "PENSION", headers={"x-govgraph-identity": "e30.e30.AAAA"})
    assert forged["data"] is None and forged["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert legacy.stats().get("applications", 0) == 0


def test_rate_limited_write_is_an_error_with_code(subgraph_url: str, legacy: LegacyApi) -> None:
    legacy.configure(throttle_next=100, retry_after=0)
    result = apply(subgraph_url, APPLICANT, "DISABILITY")
    assert result["data"] is None
    assert result["errors"][0]["path"] == ["applyForBenefit"]
    assert result["errors"][0]["extensions"]["code"] == "LEGACY_RATE_LIMITED"


def test_applications_survive_a_restart(tmp_path: Path) -> None:
    seed(tiny_world(), tmp_path)
    proc, url = start_legacy(tmp_path)
    try:
        body = {"personCode": ONE, "benefitCode": "UB"}
        created = httpx.post(url + "/api/v1/applications", json=body, headers=BENEFITS_SERVICE)
        assert created.status_code == 201
        claim_no = created.json()["data"]["claimNo"]
    finally:
        stop(proc)
    proc, url = start_legacy(tmp_path)
    try:
        listed = httpx.get(
            url + "/api/v1/claims", params={"citizen_ids": ONE}, headers=BENEFITS_SERVICE
        ).json()
    finally:
        stop(proc)
    assert claim_no in [c["claimNo"] for c in listed["data"]]


def test_a_retry_after_a_lost_answer_gets_the_original_claim(legacy: LegacyApi) -> None:
    """The board stores the application but confirms it after the subgraph gave up: the client's retry
    with the same Idempotency-Key gets that claim, and no second one is filed."""
    legacy.configure(application_delay=3)  # longer than the subgraph's timeout below
    with subgraph(legacy.url, timeout=1.0, max_retries=0) as url:
        lost = apply(url, APPLICANT, "PARENTAL_BENEFIT", key="form-7f3a")
        assert lost["data"] is None and lost["errors"][0]["extensions"]["code"] == "LEGACY_TIMEOUT", lost
        retry = apply(url, APPLICANT, "PARENTAL_BENEFIT", key="form-7f3a")["data"]["applyForBenefit"]
        other = apply(url, APPLICANT, "PENSION", key="form-7f3a")["data"]["applyForBenefit"]
    assert retry["success"] is True and retry["errors"] == [] and retry["claim"]["kind"] == "PARENTAL_BENEFIT"
    assert [e["code"] for e in other["errors"]] == ["IDEMPOTENCY_KEY_REUSED"]  # same key, other input
    assert _claims_of(legacy, APPLICANT, "PB") == [retry["claim"]["id"]]
    assert legacy.stats()["applications"] == 3


def test_a_double_submit_without_a_key_files_once(subgraph_url: str, legacy: LegacyApi) -> None:
    first = apply(subgraph_url, ONE, "UNEMPLOYMENT")["data"]["applyForBenefit"]
    second = apply(subgraph_url, ONE, "UNEMPLOYMENT")["data"]["applyForBenefit"]
    assert first["success"] and second == first  # the original answer, not DUPLICATE_APPLICATION
    assert _claims_of(legacy, ONE, "UB") == [first["claim"]["id"]]


def test_the_board_answers_a_repeated_key_with_the_first_claim(legacy: LegacyApi) -> None:
    url, body = legacy.url + "/api/v1/applications", {"personCode": MANY, "benefitCode": "DB"}
    first = httpx.post(url, json=body, headers={**BENEFITS_SERVICE, "Idempotency-Key": "k-1"})
    again = httpx.post(url, json=body, headers={**BENEFITS_SERVICE, "Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    other = httpx.post(
        url, json={**body, "benefitCode": "UB"}, headers={**BENEFITS_SERVICE, "Idempotency-Key": "k-1"}
    )
    assert other.status_code == 422 and other.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    fresh = httpx.post(url, json=body, headers={**BENEFITS_SERVICE, "Idempotency-Key": "k-2"})
    assert fresh.status_code == 409 and fresh.json()["error"]["code"] == "DUPLICATE_APPLICATION"
    too_long = httpx.post(url, json=body, headers={**BENEFITS_SERVICE, "Idempotency-Key": "k" * 256})
    assert too_long.status_code == 400


def test_keys_are_bound_to_the_caller_and_a_short_window() -> None:
    now = 1_700_000_000.0
    derived = application_key({}, APPLICANT, APPLICANT, "PENSION", now)
    assert derived == application_key({}, APPLICANT, APPLICANT, "PENSION", now + 1)
    assert derived != application_key({}, APPLICANT, APPLICANT, "PENSION", now + BUCKET_SECONDS)
    assert derived != application_key({}, APPLICANT, APPLICANT, "UNEMPLOYMENT", now)
    given = {"idempotency-key": "k"}
    mine = application_key(given, APPLICANT, APPLICANT, "PENSION")
    assert mine != application_key(given, ONE, ONE, "PENSION")  # one citizen's key never finds another's
    assert application_key(given, APPLICANT, APPLICANT, "PENSION", now) == application_key(
        {"x-idempotency-key": "k"}, APPLICANT, APPLICANT, "PENSION", now + BUCKET_SECONDS
    )


def _claims_of(legacy: LegacyApi, person: str, benefit: str) -> list[str]:
    """The board's claim numbers for one person and benefit code, straight from its API."""
    params = {"citizen_ids": person, "per_page": "100"}
    listed = httpx.get(legacy.url + "/api/v1/claims", params=params, headers=BENEFITS_SERVICE).json()
    return [c["claimNo"] for c in listed["data"] if c["benefitCode"] == benefit]

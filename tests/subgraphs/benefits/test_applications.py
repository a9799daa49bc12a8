"""applyForBenefit writes through to the legacy API; the next query sees the claim."""

from __future__ import annotations

from pathlib import Path

import httpx

from subgraphs.benefits.legacy.seed import seed
from tests.subgraphs.benefits.conftest import (
    APPLICANT,
    ONE,
    LegacyApi,
    entities,
    graphql,
    start_legacy,
    stop,
    tiny_world,
)

APPLY = """
mutation($input: BenefitApplicationInput!) {
  applyForBenefit(input: $input) {
    success claim { id kind status amount } citizen { id } errors { code message }
  }
}
"""


def apply(url: str, citizen: str, kind: str, headers: dict | None = None) -> dict:
    return graphql(url, APPLY, {"input": {"citizenId": citizen, "kind": kind}}, headers)


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
    again = apply(subgraph_url, APPLICANT, "CHILD_ALLOWANCE")["data"]["applyForBenefit"]
    assert again["success"] is False and again["claim"] is None
    assert [e["code"] for e in again["errors"]] == ["DUPLICATE_APPLICATION"]
    stranger = apply(subgraph_url, "39912319999", "PENSION")["data"]["applyForBenefit"]
    assert [e["code"] for e in stranger["errors"]] == ["PERSON_NOT_FOUND"]


def test_only_the_signed_in_citizen_may_apply(subgraph_url: str, legacy: LegacyApi) -> None:
    result = apply(subgraph_url, APPLICANT, "PENSION", headers={"x-citizen-id": ONE})
    assert result["data"]["applyForBenefit"]["errors"][0]["code"] == "NOT_ALLOWED"
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
        created = httpx.post(url + "/api/v1/applications", json=body)
        assert created.status_code == 201
        claim_no = created.json()["data"]["claimNo"]
    finally:
        stop(proc)
    proc, url = start_legacy(tmp_path)
    try:
        listed = httpx.get(url + "/api/v1/claims", params={"citizen_ids": ONE}).json()
    finally:
        stop(proc)
    assert claim_no in [c["claimNo"] for c in listed["data"]]

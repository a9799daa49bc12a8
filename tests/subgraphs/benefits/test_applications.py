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
from tests.subgraphs.callers import citizen, identity, official

APPLY = """
mutation($input: BenefitApplicationInput!) {
  applyForBenefit(input: $input) {
    success claim { id kind status amount } citizen { id } errors { code message }
  }
}
"""


def apply(url: str, citizen_id: str, kind: str, headers: dict | None = None) -> dict:
    """Apply for `citizen_id`, by default signed in as that citizen."""
    caller = citizen("benefits", citizen_id) if headers is None else headers
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
    again = apply(subgraph_url, APPLICANT, "CHILD_ALLOWANCE")["data"]["applyForBenefit"]
    assert again["success"] is False and again["claim"] is None
    assert [e["code"] for e in again["errors"]] == ["DUPLICATE_APPLICATION"]
    stranger = apply(subgraph_url, "39912319999", "PENSION")["data"]["applyForBenefit"]
    assert [e["code"] for e in stranger["errors"]] == ["PERSON_NOT_FOUND"]


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

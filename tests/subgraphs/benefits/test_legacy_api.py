"""The legacy benefits API itself: its envelope, paging and error conventions."""

from __future__ import annotations

import httpx

from tests.subgraphs.benefits.conftest import MANY, ONE, LegacyApi
from tests.subgraphs.callers import ADMIN, BENEFITS_SERVICE, CASEWORKER


def test_pages_carry_totals_in_body_and_headers(legacy: LegacyApi) -> None:
    params = {"citizen_ids": f"{MANY},{ONE}", "per_page": "3", "page": "3"}
    response = httpx.get(legacy.url + "/api/v1/claims", params=params, headers=BENEFITS_SERVICE)
    body = response.json()
    assert body["status"] == "OK"
    assert body["paging"] == {"page": 3, "perPage": 3, "totalPages": 3, "totalRecords": 8}
    assert (response.headers["X-Total-Pages"], response.headers["X-Total-Count"]) == ("3", "8")
    assert [c["claimNo"] for c in body["data"]] == ["BC0000000", "BC0000100"]
    assert body["data"][1] == {
        "claimNo": "BC0000100",
        "personCode": ONE,
        "benefitCode": "PN",
        "statusCode": "P",
        "amount": "700.00",
        "submittedOn": "17.05.2023",
        "decidedAt": None,  # seeded claims carry no decision time
    }


def test_errors_use_the_legacy_envelope(legacy: LegacyApi) -> None:
    missing = httpx.get(legacy.url + "/api/v1/claims", headers=BENEFITS_SERVICE)
    assert missing.status_code == 400
    assert missing.json() == {
        "status": "ERROR",
        "error": {"code": "INVALID_PARAMETER", "message": "citizen_ids is required"},
    }
    bad = httpx.get(legacy.url + "/api/v1/claims", params={"citizen_ids": "12x"}, headers=BENEFITS_SERVICE)
    assert bad.json()["error"]["code"] == "INVALID_PERSON_CODE"


def test_rate_limit_answers_429_with_retry_after(legacy: LegacyApi) -> None:
    legacy.configure(rate_limit=1, window=5.0)
    first = httpx.get(legacy.url + "/api/v1/claims", params={"citizen_ids": ONE}, headers=BENEFITS_SERVICE)
    second = httpx.get(legacy.url + "/api/v1/claims", params={"citizen_ids": ONE}, headers=BENEFITS_SERVICE)
    assert first.status_code == 200
    assert second.status_code == 429
    assert 1 <= int(second.headers["Retry-After"]) <= 5
    assert second.json()["error"]["code"] == "RATE_LIMITED"


def test_admin_hooks_refuse_callers_without_the_admin_token(legacy: LegacyApi) -> None:
    for headers, status in (
        ({}, 401),
        ({"authorization": "Bearer wrong"}, 403),
        ({"authorization": "x"}, 403),
    ):
        response = httpx.post(legacy.url + "/_admin/config", json={"fail_next": 100}, headers=headers)
        assert response.status_code == status
        assert httpx.get(legacy.url + "/_stats", headers=headers).status_code == status
    assert (
        httpx.get(
            legacy.url + "/api/v1/claims", params={"citizen_ids": ONE}, headers=BENEFITS_SERVICE
        ).status_code
        == 200
    )  # unchanged
    assert httpx.get(legacy.url + "/_admin/config", headers=ADMIN).json()["fail_next"] == 0


def test_calls_without_the_service_credential_are_refused(legacy: LegacyApi) -> None:
    """An attacker at the port: no credential, a wrong one, the admin token, Basic, the caseworker's
    for reading; reads and writes."""
    claims = legacy.url + "/api/v1/claims"
    strangers = ({}, {"authorization": "Bearer guess"}, ADMIN, {"authorization": "Basic Z3Vlc3M6"})
    for headers in strangers:
        response = httpx.get(claims, params={"citizen_ids": MANY}, headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="benefits"'
        assert response.json() == {
            "status": "ERROR",
            "error": {"code": "UNAUTHORIZED", "message": "a valid service credential is required"},
        }
        applied = httpx.post(
            legacy.url + "/api/v1/applications",
            json={"personCode": ONE, "benefitCode": "UB"},
            headers=headers,
        )
        assert applied.status_code == 401
        decided = httpx.post(claims + "/BC0000001/decision", json={"statusCode": "A"}, headers=headers)
        assert decided.status_code == 401 and MANY not in decided.text
    subgraph = httpx.post(claims + "/BC0000001/decision", json={"statusCode": "A"}, headers=BENEFITS_SERVICE)
    assert subgraph.status_code == 401  # the subgraph reads and files, only the caseworkers' system decides
    caseworker = httpx.get(claims, params={"citizen_ids": MANY}, headers=CASEWORKER)
    assert caseworker.status_code == 401  # and the caseworkers' system decides, nothing else
    assert legacy.stats() == {"requests": 14, "refused": 14}  # nothing read, filed or decided
    listed = httpx.get(claims, params={"citizen_ids": MANY, "per_page": "100"}, headers=BENEFITS_SERVICE)
    assert listed.status_code == 200
    assert {c["claimNo"]: c["statusCode"] for c in listed.json()["data"]}["BC0000001"] == "R"  # undecided
    assert httpx.get(legacy.url + "/health").status_code == 200  # open: no data

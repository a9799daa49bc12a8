"""The benefits subgraph against the real legacy REST API process: reads, batching, failures."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from tests.subgraphs.benefits.conftest import MANY, NONE, ONE, LegacyApi, entities, subgraph

SELECTION = "id benefitClaims { id kind status amount submitted } healthInsurance { insured validUntil }"


def test_entities_translate_the_legacy_records(subgraph_url: str, legacy: LegacyApi) -> None:
    result = entities(subgraph_url, [ONE, MANY, NONE], SELECTION)
    assert "errors" not in result
    one, many, none = result["data"]["_entities"]
    assert one["benefitClaims"] == [
        {"id": "BC0000100", "kind": "PENSION", "status": "PAID", "amount": 700.0, "submitted": "2023-05-17"}
    ]
    assert one["healthInsurance"] == {"insured": False, "validUntil": None}
    assert [c["id"] for c in many["benefitClaims"]] == [f"BC{i:07d}" for i in range(6, -1, -1)]
    assert many["benefitClaims"][-1] == {
        "id": "BC0000000",
        "kind": "CHILD_ALLOWANCE",
        "status": "SUBMITTED",
        "amount": 100.5,
        "submitted": "2024-01-01",
    }
    assert many["healthInsurance"] == {"insured": True, "validUntil": "2026-12-31"}
    assert none == {"id": NONE, "benefitClaims": [], "healthInsurance": None}


def test_n_representations_cost_one_call_per_endpoint(subgraph_url: str, legacy: LegacyApi) -> None:
    result = entities(subgraph_url, [MANY, ONE, NONE], SELECTION)
    assert len(result["data"]["_entities"]) == 3
    stats = legacy.stats()
    assert (stats["claims"], stats["health"], stats["requests"]) == (1, 1, 2)


def test_pagination_is_followed_to_the_last_page(legacy: LegacyApi) -> None:
    with subgraph(legacy.url, per_page=3) as url:
        result = entities(url, [MANY, ONE], "benefitClaims { id }")
    many, one = result["data"]["_entities"]
    assert len(many["benefitClaims"]) == 7  # 8 claims in total: pages of 3, 3 and 2
    assert one["benefitClaims"] == [{"id": "BC0000100"}]
    assert legacy.stats()["claims"] == 3


def test_rate_limited_call_is_retried_then_succeeds(subgraph_url: str, legacy: LegacyApi) -> None:
    legacy.configure(throttle_next=2, retry_after=0)
    result = entities(subgraph_url, [ONE], "benefitClaims { id }")
    assert result["data"] == {"_entities": [{"benefitClaims": [{"id": "BC0000100"}]}]}
    assert "errors" not in result
    assert legacy.stats() == {"requests": 3, "claims": 3, "throttled": 2}


def test_retry_waits_for_retry_after(subgraph_url: str, legacy: LegacyApi) -> None:
    legacy.configure(throttle_next=1, retry_after=1)
    started = time.monotonic()
    result = entities(subgraph_url, [ONE], "benefitClaims { id }")
    assert time.monotonic() - started >= 1.0
    assert "errors" not in result


def test_exhausted_retries_are_legacy_rate_limited_on_that_field(legacy: LegacyApi) -> None:
    legacy.configure(throttle_next=100, retry_after=0)
    with subgraph(legacy.url, max_retries=2) as url:
        result = entities(url, [ONE, MANY], "id benefitClaims { id }")
    assert result["data"]["_entities"] == [
        {"id": ONE, "benefitClaims": None},
        {"id": MANY, "benefitClaims": None},
    ]
    assert sorted(e["path"][1] for e in result["errors"]) == [0, 1]
    error = result["errors"][0]
    assert error["path"][2] == "benefitClaims"
    assert error["extensions"]["code"] == "LEGACY_RATE_LIMITED"
    assert error["extensions"]["attempts"] == 3
    assert legacy.stats()["claims"] == 3  # one batched call, retried twice


def test_retry_after_beyond_the_bound_gives_up_at_once(subgraph_url: str, legacy: LegacyApi) -> None:
    legacy.configure(throttle_next=5, retry_after=30)
    result = entities(subgraph_url, [ONE], "benefitClaims { id }")
    assert result["errors"][0]["extensions"]["code"] == "LEGACY_RATE_LIMITED"
    assert legacy.stats()["claims"] == 1


def test_real_rate_limit_window_is_absorbed_by_retries(subgraph_url: str, legacy: LegacyApi) -> None:
    legacy.configure(rate_limit=2, window=1.0)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: entities(subgraph_url, [ONE], "benefitClaims { id }"), range(4)))
    assert all("errors" not in r for r in results)
    stats = legacy.stats()
    assert stats["throttled"] >= 1
    assert stats["claims"] == 4 + stats["throttled"]


def test_slow_health_lookup_times_out_on_that_field_only(legacy: LegacyApi) -> None:
    legacy.configure(health_delay=1.5)
    with subgraph(legacy.url, timeout=0.5) as url:
        result = entities(url, [MANY], "id benefitClaims { id } healthInsurance { insured }")
    citizen = result["data"]["_entities"][0]
    assert citizen["healthInsurance"] is None
    assert len(citizen["benefitClaims"]) == 7
    (error,) = result["errors"]
    assert error["path"] == ["_entities", 0, "healthInsurance"]
    assert error["extensions"]["code"] == "LEGACY_TIMEOUT"


def test_maintenance_is_legacy_unavailable(subgraph_url: str, legacy: LegacyApi) -> None:
    legacy.configure(fail_next=1)
    result = entities(subgraph_url, [ONE], "benefitClaims { id }")
    error = result["errors"][0]
    assert error["extensions"]["code"] == "LEGACY_UNAVAILABLE"
    assert error["extensions"]["legacyCode"] == "SERVICE_UNAVAILABLE"
    assert error["message"] == "The benefits system is unavailable; try again later."  # the text is logged


def test_unreachable_api_is_legacy_unavailable() -> None:
    with subgraph("http://127.0.0.1:9", timeout=1.0) as url:
        result = entities(url, [ONE], "id benefitClaims { id } healthInsurance { insured }")
    assert result["data"]["_entities"] == [{"id": ONE, "benefitClaims": None, "healthInsurance": None}]
    assert {e["extensions"]["code"] for e in result["errors"]} == {"LEGACY_UNAVAILABLE"}

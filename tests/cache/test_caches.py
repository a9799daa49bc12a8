"""The response and entity caches against real subgraphs, memory and Redis backends alike:
subgraph requests counted, private entries never crossing, partial entity hits, invalidation by
mutations and the admin endpoint, stale entities when a subgraph is stopped."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.cache.support import Platform, platform

HEADERS_RULES = """\
headers:
  all:
    request:
      - propagate: { named: x-citizen-id }
"""
TOKEN = "s3cret-token"
SERVICES = {"query": "{ services { name } }"}
ME = {"query": "{ me { id name claims { kind } } }"}
CITIZENS = "query Citizens($ids: [ID!]!) { citizens(ids: $ids) { id claims { kind status } } }"


def config(backend: str, response: bool = True, ttl: float = 60, stale: float = 0) -> str:
    return HEADERS_RULES + (
        "cache:\n"
        + backend
        + f"  response: {{enabled: {str(response).lower()}}}\n"
        + f"  entities: {{subgraphs: {{claims: {{ttl: {ttl}}}}}, stale_if_error: {stale}}}\n"
        + "  invalidation: {token_env: GOVGRAPH_TEST_CACHE_TOKEN}\n"
    )


def citizens(p: Platform, ids: list[str], which: int = 0) -> dict[str, Any]:
    response = p.post({"query": CITIZENS, "variables": {"ids": ids}}, which=which)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def timing(response: Any) -> str:
    return str(response.headers.get("server-timing", ""))


def test_a_repeated_public_query_makes_no_subgraph_request(backend: str) -> None:
    with platform(config(backend)) as p:
        first = p.post(SERVICES)
        assert first.json() == {"data": {"services": [{"name": "Passport"}, {"name": "Parking permit"}]}}
        assert first.headers["cache-control"] == "public, max-age=3600"
        assert "cache;desc=miss" in timing(first)
        p.clear()
        second = p.post(SERVICES)
        assert second.json() == first.json()
        assert p.count("people") == 0 and p.count("claims") == 0
        assert "cache;desc=hit" in timing(second)
        assert second.headers["cache-control"].startswith("public, max-age=")


def test_private_entries_are_served_to_their_citizen_only(backend: str) -> None:
    with platform(config(backend)) as p:

        def ask(cid: str) -> tuple[str, Any]:
            return cid, p.post(ME, headers={"x-citizen-id": cid})

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, ["a", "b"] * 20))
        names = {"a": "Anna", "b": "Bruno"}
        for cid, response in answers:
            assert response.json()["data"]["me"]["id"] == cid
            assert response.json()["data"]["me"]["name"] == names[cid]
            assert response.headers["cache-control"].startswith("private, max-age=")
            assert "x-citizen-id" in response.headers["vary"]
        p.clear()
        again = p.post(ME, headers={"x-citizen-id": "b"})
        assert again.json()["data"]["me"]["name"] == "Bruno"
        assert p.count("people") == 0 and "cache;desc=hit" in timing(again)
        anonymous = p.post(ME)
        assert anonymous.json() == {"data": {"me": None}}  # never someone's cached answer


def test_a_partly_cached_entities_call_fetches_only_the_missing_keys(backend: str) -> None:
    with platform(config(backend, response=False)) as p:
        first = citizens(p, ["a", "b"])
        p.clear()
        response = p.post({"query": CITIZENS, "variables": {"ids": ["a", "b", "c"]}})
        assert [c["id"] for c in response.json()["data"]["citizens"]] == ["a", "b", "c"]
        assert response.json()["data"]["citizens"][:2] == first["data"]["citizens"]
        sent = p.recorders["claims"].requests
        assert len(sent) == 1
        assert sent[0]["variables"]["representations"] == [{"__typename": "Citizen", "id": "c"}]
        assert "cache;desc=partial" in timing(response)
        p.clear()
        citizens(p, ["c", "a"])
        assert p.count("claims") == 0


def test_after_a_mutation_the_next_read_shows_the_new_data(backend: str) -> None:
    with platform(config(backend)) as p:
        before = citizens(p, ["a"])
        assert before["data"]["citizens"][0]["claims"] == [{"kind": "child", "status": "paid"}]
        p.clear()
        assert citizens(p, ["a"]) == before and p.count("claims") == 0  # cached
        mutation = 'mutation { apply(citizenId: "a", kind: "housing") { success citizen { id } } }'
        applied = p.post({"query": mutation})
        assert applied.json() == {"data": {"apply": {"success": True, "citizen": {"id": "a"}}}}
        assert applied.headers["cache-control"] == "no-store"
        after = citizens(p, ["a"])
        assert after["data"]["citizens"][0]["claims"][-1] == {"kind": "housing", "status": "received"}


def test_the_admin_endpoint_invalidates_by_type_and_key(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVGRAPH_TEST_CACHE_TOKEN", TOKEN)
    with platform(config(backend)) as p:
        citizens(p, ["a"])
        p.world.claims["a"] = [{"kind": "pension", "status": "paid"}]
        url = p.gateways[0].removesuffix("/graphql") + "/_govgraph/cache/invalidate"
        body = {"type": "Citizen", "key": {"id": "a"}}
        assert p.client.post(url, json=body).status_code == 401
        assert p.client.post(url, json=body, headers={"authorization": "Bearer wrong"}).status_code == 401
        done = p.client.post(url, json=body, headers={"authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 200 and done.json()["invalidated"] >= 2  # the response and the entity
        assert citizens(p, ["a"])["data"]["citizens"][0]["claims"] == [{"kind": "pension", "status": "paid"}]


def test_stale_entities_are_served_when_the_subgraph_is_stopped(backend: str) -> None:
    with platform(config(backend, response=False, ttl=0.5, stale=300)) as p:
        fresh = citizens(p, ["a", "b"])
        time.sleep(0.7)
        p.stop("claims")
        response = p.post({"query": CITIZENS, "variables": {"ids": ["a", "b"]}})
        body = response.json()
        assert body["data"] == fresh["data"]
        assert [w["code"] for w in body["extensions"]["warnings"]] == ["STALE_ENTITIES"]
        assert body["extensions"]["warnings"][0]["serviceName"] == "claims"
        assert "cache;desc=stale" in timing(response)
        assert response.headers["cache-control"] == "no-store"


def test_without_stale_if_error_the_field_errors(backend: str) -> None:
    with platform(config(backend, response=False, ttl=0.5, stale=0)) as p:
        citizens(p, ["a"])
        time.sleep(0.7)
        p.stop("claims")
        body = citizens(p, ["a"])
        assert body["data"] is None or body["data"]["citizens"] in (None, [None])
        assert body["errors"][0]["extensions"]["serviceName"] == "claims"
        assert "extensions" not in body or "warnings" not in body["extensions"]

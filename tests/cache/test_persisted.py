"""Persisted documents against real subgraphs: APQ (register, hit, not found, wrong hash; POST and
GET) in the memory and Redis backends, trusted documents from Apollo and Relay manifests, and
trusted-only mode."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.cache.support import platform

QUERY = "{ services { name } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()
SERVICES = {"data": {"services": [{"name": "Passport"}, {"name": "Parking permit"}]}}
PREFLIGHT = {"graphql-preflight": "1"}
GRAPHQL_RESPONSE = {"accept": "application/graphql-response+json"}  # request errors are 4xx


def apq(sha: str = HASH) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def code(body: dict[str, object]) -> str:
    return body["errors"][0]["extensions"]["code"]  # type: ignore[index,no-any-return]


def test_apq_register_hit_not_found_and_wrong_hash(backend: str) -> None:
    with platform("cache:\n" + backend + "  response: {enabled: false}\n") as p:
        missing = p.post({"extensions": apq()})
        assert missing.status_code == 200 and code(missing.json()) == "PERSISTED_QUERY_NOT_FOUND"
        wrong = p.post({"query": QUERY, "extensions": apq("0" * 64)}, headers=GRAPHQL_RESPONSE)
        assert wrong.status_code == 400 and code(wrong.json()) == "PERSISTED_QUERY_HASH_MISMATCH"
        registered = p.post({"query": QUERY, "extensions": apq()})
        assert registered.json() == SERVICES
        hit = p.post({"extensions": apq()})
        assert hit.json() == SERVICES


def test_apq_over_get_is_a_plain_url(backend: str) -> None:
    with platform("cache:\n" + backend + "  response: {enabled: false}\n") as p:
        params = {"extensions": json.dumps(apq())}
        missing = p.get(params, headers=PREFLIGHT)
        assert code(missing.json()) == "PERSISTED_QUERY_NOT_FOUND"
        assert p.get({**params, "query": QUERY}, headers=PREFLIGHT).json() == SERVICES
        assert p.get(params, headers=PREFLIGHT).json() == SERVICES
        wrong = p.get({"query": QUERY, "extensions": json.dumps(apq("1" * 64))}, headers=PREFLIGHT)
        assert code(wrong.json()) == "PERSISTED_QUERY_HASH_MISMATCH"


def test_without_apq_a_hash_alone_is_not_supported() -> None:
    with platform("persisted_queries: {apq: false}\n") as p:
        refused = p.post({"extensions": apq()}, headers=GRAPHQL_RESPONSE)
        assert refused.status_code == 400 and code(refused.json()) == "PERSISTED_QUERY_NOT_SUPPORTED"


@pytest.fixture
def manifests(tmp_path: Path) -> tuple[Path, Path]:
    apollo = tmp_path / "persisted-query-manifest.json"
    operations = [{"id": "services-1", "name": "Services", "type": "query", "body": QUERY}]
    apollo.write_text(
        json.dumps({"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations})
    )
    relay = tmp_path / "relay.json"
    relay.write_text(json.dumps({"c0ffee": '{ citizens(ids: ["a"]) { id } }'}))
    return apollo, relay


def test_trusted_only_mode_runs_listed_documents_and_refuses_the_rest(manifests: tuple[Path, Path]) -> None:
    apollo, relay = manifests
    yaml = f"persisted_queries: {{require_trusted: true, trusted_documents: [{apollo}, {relay}]}}\n"
    with platform(yaml) as p:
        assert p.post({"documentId": "services-1"}).json() == SERVICES
        assert p.post({"documentId": f"sha256:{HASH}"}).json() == SERVICES
        assert p.post({"extensions": apq()}).json() == SERVICES
        assert p.post({"documentId": "c0ffee"}).json() == {"data": {"citizens": [{"id": "a"}]}}
        assert p.post({"query": QUERY}).json() == SERVICES  # its text is listed
        unknown = p.post({"query": "{ services { __typename } }"}, headers=GRAPHQL_RESPONSE)
        assert unknown.status_code == 400 and code(unknown.json()) == "QUERY_NOT_IN_SAFELIST"
        not_listed = p.post({"documentId": "nope"}, headers=GRAPHQL_RESPONSE)
        assert not_listed.status_code == 400 and code(not_listed.json()) == "PERSISTED_QUERY_NOT_IN_LIST"
        registering = p.post(
            {
                "query": "{ services { __typename } }",
                "extensions": apq(hashlib.sha256(b"{ services { __typename } }").hexdigest()),
            }
        )
        assert code(registering.json()) == "QUERY_NOT_IN_SAFELIST"

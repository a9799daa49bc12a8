"""`@defer` over HTTP against real subgraphs: the first part before the slow agency answers,
the parts merged equal to the ordinary response, null propagation stopping at the fragment."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.defer.support import GATE, MULTIPART_ACCEPT, agencies_gateway, merge, streamed

DASHBOARD = """query Dashboard { me { givenName taxAccount { balance }
  ... @defer(label: "slow") { benefitClaims { kind status } } } }"""


def undeferred(query: str) -> str:
    return re.sub(r"@defer(\([^)]*\))?", "", query)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with agencies_gateway() as found:
        yield found


async def ordinary(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(url, json={"query": query, "variables": variables or {}})
    assert response.headers["content-type"].startswith("application/json")
    return dict(response.json())


async def test_the_first_part_arrives_before_the_slow_agency_answers(url: str) -> None:
    GATE.open.clear()
    GATE.entered.clear()
    try:
        async with streamed(url, DASHBOARD) as parts:
            first = await parts.next()
            assert not GATE.open.is_set()  # benefits has not answered: it cannot have
            assert first == {
                "data": {"me": {"givenName": "Ada", "taxAccount": {"balance": 102}}},
                "hasNext": True,
            }
            assert await asyncio.to_thread(GATE.entered.wait, 30)  # the deferred call is waiting
            GATE.open.set()
            rest = await parts.rest()
    finally:
        GATE.open.set()
    assert rest == [
        {
            "incremental": [
                {
                    "data": {
                        "benefitClaims": [
                            {"kind": "child", "status": "paid"},
                            {"kind": "housing", "status": "open"},
                        ]
                    },
                    "path": ["me"],
                    "label": "slow",
                }
            ],
            "hasNext": False,
        }
    ]
    assert merge(first, rest) == await ordinary(url, DASHBOARD)


async def collect(url: str, query: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    async with streamed(url, query, variables) as parts:
        return await parts.rest()


async def test_if_false_is_one_ordinary_response(url: str) -> None:
    query = """query ($d: Boolean!) {
      me { givenName ... @defer(if: $d, label: "b") { benefitClaims { kind } } } }"""
    async with httpx.AsyncClient(timeout=30) as client:
        body = {"query": query, "variables": {"d": False}}
        response = await client.post(url, json=body, headers={"accept": MULTIPART_ACCEPT})
    assert response.headers["content-type"].startswith("application/json")
    expected = {
        "data": {"me": {"givenName": "Ada", "benefitClaims": [{"kind": "child"}, {"kind": "housing"}]}}
    }
    assert response.json() == expected
    parts = await collect(url, query, {"d": True})  # the same operation deferred when asked
    assert [p["hasNext"] for p in parts] == [True, False]
    assert merge(parts[0], parts[1:]) == expected


async def test_without_multipart_in_accept_the_whole_result_at_once(url: str) -> None:
    found = await ordinary(url, DASHBOARD)
    assert found == {
        "data": {
            "me": {
                "givenName": "Ada",
                "taxAccount": {"balance": 102},
                "benefitClaims": [{"kind": "child", "status": "paid"}, {"kind": "housing", "status": "open"}],
            }
        }
    }
    assert found == await ordinary(url, undeferred(DASHBOARD))


async def test_a_list_of_entities_gets_one_item_per_object_with_indexes(url: str) -> None:
    query = '{ people { givenName ... @defer(label: "claims") { benefitClaims { kind } } } }'
    parts = await collect(url, query)
    assert parts[0]["data"] == {"people": [{"givenName": "Ada"}, {"givenName": "Bo"}, {"givenName": "Cy"}]}
    items = parts[1]["incremental"]
    assert [item["path"] for item in items] == [["people", 0], ["people", 1], ["people", 2]]
    assert [item["data"] for item in items] == [
        {"benefitClaims": [{"kind": "child"}, {"kind": "housing"}]},
        {"benefitClaims": []},
        {"benefitClaims": None},
    ]
    assert merge(parts[0], parts[1:]) == await ordinary(url, undeferred(query))


async def test_a_non_null_failure_inside_the_fragment_nulls_only_the_fragment(url: str) -> None:
    query = "{ people { id givenName ... @defer { pension } } }"
    parts = await collect(url, query)
    assert "errors" not in parts[0]
    assert parts[0]["data"]["people"][1] == {"id": "p2", "givenName": "Bo"}  # the primary is whole
    items = {tuple(item["path"]): item for item in parts[1]["incremental"]}
    assert items[("people", 0)] == {"data": {"pension": 42}, "path": ["people", 0]}
    failed = items[("people", 1)]
    assert failed["data"] is None
    assert [e["path"] for e in failed["errors"]] == [["people", 1, "pension"]]
    assert failed["errors"][0]["extensions"]["serviceName"] == "benefits"
    ordinary_body = await ordinary(url, undeferred(query))
    assert ordinary_body["data"]["people"][1] is None  # without @defer the null reaches the person


async def test_nested_defers_arrive_in_order_each_at_its_path(url: str) -> None:
    query = """{ me { givenName ... @defer(label: "outer") { taxAccount { balance }
        address { street ... @defer(label: "inner") { city } } } } }"""
    parts = await collect(url, query)
    assert parts[0]["data"] == {"me": {"givenName": "Ada"}}
    labels = [item["label"] for part in parts[1:] for item in part["incremental"]]
    assert labels == ["outer", "inner"]
    assert parts[1]["incremental"][0] == {
        "data": {"taxAccount": {"balance": 102}, "address": {"street": "1 Main St"}},
        "path": ["me"],
        "label": "outer",
    }
    assert parts[2]["incremental"] == [
        {"data": {"city": "Leeds"}, "path": ["me", "address"], "label": "inner"}
    ]
    assert merge(parts[0], parts[1:]) == await ordinary(url, undeferred(query))


async def test_a_null_parent_gets_no_item(url: str) -> None:
    query = '{ people { id address { ... @defer(label: "where") { city } } } }'
    parts = await collect(url, query)
    paths = [item["path"] for item in parts[1]["incremental"]]
    assert paths == [["people", 0, "address"], ["people", 1, "address"]]  # p3 has no address
    assert merge(parts[0], parts[1:]) == await ordinary(url, undeferred(query))


async def test_defer_at_the_root_and_label_rules(url: str) -> None:
    query = '{ me { givenName } ... @defer(label: "more") { people { id } } }'
    parts = await collect(url, query)
    assert parts[0]["data"] == {"me": {"givenName": "Ada"}}
    assert parts[1]["incremental"] == [
        {"data": {"people": [{"id": "p1"}, {"id": "p2"}, {"id": "p3"}]}, "path": [], "label": "more"}
    ]
    twice = '{ me { ... @defer(label: "a") { id } ... @defer(label: "a") { givenName } } }'
    refused = await ordinary(url, twice)
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "used more than once" in refused["errors"][0]["message"]
    variable = "query ($l: String) { me { ... @defer(label: $l) { id } } }"
    refused = await ordinary(url, variable)
    assert "static string" in refused["errors"][0]["message"]


async def test_a_fast_fragment_is_not_held_back_by_a_slow_one_before_it(url: str) -> None:
    query = """{ me { givenName ... @defer(label: "slow") { benefitClaims { kind } }
        ... @defer(label: "fast") { taxAccount { balance } } } }"""
    GATE.open.clear()
    try:
        async with streamed(url, query) as parts:
            first = await parts.next()
            fast = await parts.next()
            assert not GATE.open.is_set()  # benefits has not answered yet
            assert fast == {
                "incremental": [{"data": {"taxAccount": {"balance": 102}}, "path": ["me"], "label": "fast"}],
                "hasNext": True,
            }
            GATE.open.set()
            slow = await parts.rest()
    finally:
        GATE.open.set()
    assert [item["label"] for item in slow[0]["incremental"]] == ["slow"]
    assert merge(first, [fast, *slow]) == await ordinary(url, undeferred(query))


async def test_a_fragment_on_another_type_gets_no_item_for_that_object(url: str) -> None:
    query = """{ parties { ... on Office { name }
        ... on Person @defer(label: "who") { givenName taxAccount { balance } } } }"""
    parts = await collect(url, query)
    assert parts[0]["data"] == {"parties": [{"name": "Tax office"}, {}]}
    assert parts[1]["incremental"] == [
        {"data": {"givenName": "Bo", "taxAccount": {"balance": 102}}, "path": ["parties", 1], "label": "who"}
    ]
    assert merge(parts[0], parts[1:]) == await ordinary(url, undeferred(query))


async def test_a_deferred_fragment_left_out_by_include_is_not_delivered(url: str) -> None:
    query = """query ($x: Boolean!) { me { givenName
        ... @defer(label: "x") @include(if: $x) { taxAccount { balance } } } }"""
    async with httpx.AsyncClient(timeout=30) as client:
        body = {"query": query, "variables": {"x": False}}
        response = await client.post(url, json=body, headers={"accept": MULTIPART_ACCEPT})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"data": {"me": {"givenName": "Ada"}}}
    parts = await collect(url, query, {"x": True})
    assert merge(parts[0], parts[1:]) == {
        "data": {"me": {"givenName": "Ada", "taxAccount": {"balance": 102}}}
    }


async def test_introspection_lists_defer_and_ignores_it(url: str) -> None:
    """graphql-core's `execute` refuses a schema declaring `@defer`: introspection (GraphiQL's
    first request) must still work, list the directive, and answer a deferred part whole."""
    query = """{ __schema { directives { name } } __type(name: "Person") {
        name ... @defer(label: "f") { fields { name } } } }"""
    for accept in ("application/json", MULTIPART_ACCEPT):
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(url, json={"query": query}, headers={"accept": accept})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        data = response.json()["data"]
        assert "defer" in [d["name"] for d in data["__schema"]["directives"]]
        assert data["__type"]["name"] == "Person"
        assert "benefitClaims" in [f["name"] for f in data["__type"]["fields"]]

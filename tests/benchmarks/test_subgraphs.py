"""The benchmark subgraphs: composition, reference answer, quirks, cache, routes."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.benchmarks.subgraphs import NAMES, create_app, create_subgraph_app
from tests.benchmarks.subgraphs.check_supergraph import REPO, compose, differences
from tests.benchmarks.subgraphs.subgraphs import sdl_of
from tests.benchmarks.workload import QUERY, SUPERGRAPH, expected_response, ordered
from tests.support.servers import ServerThread

TOOLS = REPO / "tests" / "tools"
needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not (TOOLS / "node_modules").is_dir(),
    reason="node tools not installed (make node-tools)",
)
needs_oracle = pytest.mark.skipif(
    shutil.which("node") is None or not (TOOLS / "oracle" / "node_modules").is_dir(),
    reason="oracle not installed",
)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    running = ServerThread(create_app()).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def gql(client: httpx.Client, url: str, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post(url, json={"query": query, "variables": variables})
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


@needs_node
def test_sdls_compose_to_the_shared_supergraph() -> None:
    assert differences(compose(), SUPERGRAPH.read_text()) == []


@needs_node
def test_the_supergraph_check_notices_a_changed_requires() -> None:
    changed = SUPERGRAPH.read_text().replace('requires: "price weight"', 'requires: "price"')
    assert differences(compose(), changed) != []


@needs_oracle
def test_reference_gateway_over_our_subgraphs_gives_the_expected_response(server: ServerThread) -> None:
    urls = [f"{name}={server.url}/{name}" for name in NAMES]
    out = subprocess.run(
        ["node", str(TOOLS / "oracle" / "query.mjs"), str(SUPERGRAPH), *urls],
        input=QUERY.read_text(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result == expected_response()
    assert ordered(result) == ordered(expected_response())


def test_accounts_me_and_user_are_always_user_one(server: ServerThread, client: httpx.Client) -> None:
    result = gql(client, f"{server.url}/accounts", '{ me { id } user(id: "3") { id username } users { id } }')
    assert result["data"]["me"] == {"id": "1"}
    assert result["data"]["user"] == {"id": "1", "username": "urigo"}
    assert [u["id"] for u in result["data"]["users"]] == ["1", "2", "3", "4", "5", "6"]


def test_products_top_products_takes_first(server: ServerThread, client: httpx.Client) -> None:
    result = gql(
        client, f"{server.url}/products", "{ a: topProducts { upc } b: topProducts(first: 2) { name } }"
    )
    assert [p["upc"] for p in result["data"]["a"]] == ["1", "2", "3", "4", "5"]
    assert result["data"]["b"] == [{"name": "Table"}, {"name": "Couch"}]


ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { %s } }"


def test_inventory_shipping_estimate_is_always_null(server: ServerThread, client: httpx.Client) -> None:
    query = ENTITIES % "... on Product { upc inStock shippingEstimate }"
    reps = [{"__typename": "Product", "upc": "1", "price": 899, "weight": 100}]
    result = gql(client, f"{server.url}/inventory", query, r=reps)
    assert result == {"data": {"_entities": [{"upc": "1", "inStock": True, "shippingEstimate": None}]}}


def test_reviews_quirks(server: ServerThread, client: httpx.Client) -> None:
    query = ENTITIES % (
        "... on User { reviews { id author { id username } product { upc } } } "
        "... on Product { reviews { id } }"
    )
    reps = [
        {"__typename": "User", "id": "5"},
        {"__typename": "Product", "upc": "4"},
        {"__typename": "Product", "upc": "9"},
    ]
    entities = gql(client, f"{server.url}/reviews", query, r=reps)["data"]["_entities"]
    author = {"id": "1", "username": "urigo"}
    assert entities[0]["reviews"] == [
        {"id": "1", "author": author, "product": {"upc": "1"}},
        {"id": "2", "author": author, "product": {"upc": "1"}},
    ]
    assert entities[1] == {"reviews": [{"id": "10"}, {"id": "11"}]}
    assert entities[2] == {"reviews": []}


def test_service_sdl_is_the_checked_in_sdl(server: ServerThread, client: httpx.Client) -> None:
    for name in NAMES:
        result = gql(client, f"{server.url}/{name}", "{ _service { sdl } }")
        assert result["data"]["_service"]["sdl"] == sdl_of(name)


def test_repeated_body_is_served_from_cache(client: httpx.Client) -> None:
    app = create_app(cache_size=2)
    bench = ServerThread(app).start()
    try:
        url = f"{bench.url}/accounts"
        bodies = [{"query": f"{{ u{i}: users {{ id }} }}"} for i in range(3)]
        first = client.post(url, json=bodies[0])
        again = client.post(url, json=bodies[0])
        assert (first.headers["x-bench-cache"], again.headers["x-bench-cache"]) == ("miss", "hit")
        assert again.content == first.content
        same_body_other_path = client.post(f"{bench.url}/products", json=bodies[0])
        assert same_body_other_path.headers["x-bench-cache"] == "miss"
        assert "errors" in same_body_other_path.json()
        client.post(url, json=bodies[1])
        client.post(url, json=bodies[2])
        assert len(app.cache) == 2
        assert client.post(url, json=bodies[0]).headers["x-bench-cache"] == "miss"
    finally:
        bench.stop()


def test_http_edges(server: ServerThread, client: httpx.Client) -> None:
    assert client.get(f"{server.url}/health").status_code == 200
    assert client.post(f"{server.url}/nowhere", json={"query": "{ me { id } }"}).status_code == 404
    assert client.get(f"{server.url}/accounts").status_code == 405
    bad = client.post(f"{server.url}/accounts", content=b"{not json")
    assert bad.status_code == 400
    assert "errors" in bad.json()


def test_single_subgraph_app_answers_at_graphql(client: httpx.Client) -> None:
    bench = ServerThread(create_subgraph_app("products")).start()
    try:
        result = gql(client, f"{bench.url}/graphql", "{ topProducts(first: 1) { upc price } }")
        assert result == {"data": {"topProducts": [{"upc": "1", "price": 899}]}}
    finally:
        bench.stop()


def test_unknown_entity_type_is_a_graphql_error(server: ServerThread, client: httpx.Client) -> None:
    query = ENTITIES % "... on Product { upc }"
    result = gql(client, f"{server.url}/products", query, r=[{"__typename": "Review", "id": "1"}])
    assert result["data"] is None
    assert "no entity resolver" in result["errors"][0]["message"]


def test_stats_count_every_post_per_path_cached_or_not(client: httpx.Client) -> None:
    app = create_app()
    bench = ServerThread(app).start()
    try:
        body = {"query": "{ users { id } }"}
        for _ in range(3):
            client.post(f"{bench.url}/accounts", json=body)
        client.post(f"{bench.url}/products", json={"query": "{ topProducts { upc } }"})
        client.post(f"{bench.url}/nowhere", json=body)
        stats = client.get(f"{bench.url}/_stats").json()
        expected = {"/accounts": 3, "/inventory": 0, "/products": 1, "/reviews": 0}
        assert stats["requests"]["by_path"] == expected
        assert stats["requests"]["total"] == 4
        assert (stats["cache"]["hits"], stats["cache"]["misses"]) == (2, 2)
    finally:
        bench.stop()

"""Subgraph failures are partial data, not HTTP errors: status 200 (as either media type),
`data` with nulls where the failed subgraph's fields were, and errors with a code and the
subgraph's `serviceName`. Also `/health`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.http.harness import GarbageSubgraph, closed_url, gateway
from tests.support.servers import serving

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
NAMES = ["Table", "Couch", "Glass", "Chair", "TV"]


@pytest.fixture(scope="module")
def down_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    """The gateway with `inventory` pointing at a port nothing listens on."""
    with closed_url() as nowhere, gateway({**subgraph_urls, "inventory": nowhere}) as url:
        yield url


@pytest.fixture(scope="module")
def garbage_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    """The gateway with three subgraphs answering garbage of different kinds."""
    garbage = {
        "inventory": GarbageSubgraph(b"<html>502 Bad Gateway</html>", 502, b"text/html"),
        "reviews": GarbageSubgraph(b'{"data": 42}'),
        "accounts": GarbageSubgraph(b"[1, 2, 3]"),
    }
    with serving(garbage) as bad, gateway({**subgraph_urls, **bad}) as url:
        yield url


def run(client: httpx.Client, url: str, query: str, accept: str) -> dict[str, Any]:
    response = client.post(url, json={"query": query}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == f"{accept}; charset=utf-8"
    assert "Traceback" not in response.text
    result: dict[str, Any] = response.json()
    return result


def the_error(result: dict[str, Any], service: str) -> dict[str, Any]:
    errors: list[dict[str, Any]] = [
        e for e in result.get("errors", []) if e.get("extensions", {}).get("serviceName") == service
    ]
    assert errors, result
    return errors[0]


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
def test_a_down_subgraph_gives_partial_data(client: httpx.Client, down_url: str, accept: str) -> None:
    result = run(client, down_url, "{ topProducts { name inStock } }", accept)
    assert result["data"] == {"topProducts": [{"name": name, "inStock": None} for name in NAMES]}
    error = the_error(result, "inventory")
    assert error["extensions"]["code"] == "SUBGRAPH_REQUEST_FAILED"
    assert "inventory" in error["message"]
    assert error["path"][0] == "topProducts"


def test_the_other_subgraphs_still_answer(client: httpx.Client, down_url: str) -> None:
    result = run(client, down_url, "{ topProducts(first: 1) { name reviews { body } } }", JSON)
    assert "errors" not in result
    assert result["data"]["topProducts"][0]["name"] == "Table"
    assert result["data"]["topProducts"][0]["reviews"]


def test_a_subgraph_answering_html_is_a_request_failure(client: httpx.Client, garbage_url: str) -> None:
    result = run(client, garbage_url, "{ topProducts { name inStock } }", GRAPHQL_RESPONSE)
    assert [p["name"] for p in result["data"]["topProducts"]] == NAMES
    assert all(p["inStock"] is None for p in result["data"]["topProducts"])
    error = the_error(result, "inventory")
    assert error["extensions"]["code"] == "SUBGRAPH_REQUEST_FAILED"
    assert "502" in error["message"]


def test_a_subgraph_answering_the_wrong_shape_is_an_invalid_response(
    client: httpx.Client, garbage_url: str
) -> None:
    result = run(client, garbage_url, "{ topProducts(first: 2) { name reviews { body } } }", GRAPHQL_RESPONSE)
    assert result["data"] == {
        "topProducts": [{"name": "Table", "reviews": None}, {"name": "Couch", "reviews": None}]
    }
    assert the_error(result, "reviews")["extensions"]["code"] == "SUBGRAPH_INVALID_RESPONSE"


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
def test_a_failed_root_field_is_null_data_with_200(
    client: httpx.Client, garbage_url: str, accept: str
) -> None:
    result = run(client, garbage_url, "{ me { name } }", accept)
    assert result["data"] == {"me": None}
    assert the_error(result, "accounts")["extensions"]["code"] == "SUBGRAPH_INVALID_RESPONSE"


def test_health_is_200_once_the_supergraph_is_loaded(client: httpx.Client, down_url: str) -> None:
    health = down_url.replace("/graphql", "/health")
    response = client.get(health)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"status": "ok", "subgraphs": ["accounts", "inventory", "products", "reviews"]}
    assert client.head(health).status_code == 200


def test_health_refuses_other_methods_with_a_graphql_error(client: httpx.Client, gateway_url: str) -> None:
    response = client.post(gateway_url.replace("/graphql", "/health"))
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"

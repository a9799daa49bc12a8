"""GET /graphql: queries from URL parameters; mutations (and subscriptions) are refused
with 405 and `Allow: POST` before anything runs, even when the document is invalid.
Every GET here carries `graphql-preflight: 1`, as CSRF prevention (on by default) requires
(`tests/plugins/test_csrf.py`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conformance.mutations.subgraphs import APPS, STATE, reset
from tests.support.scenario import Scenario

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
MUTATIONS = Path(__file__).resolve().parents[1] / "conformance" / "mutations"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """A client that sends the CSRF preflight header, as a browser client of this gateway must."""
    with httpx.Client(timeout=30, headers={"graphql-preflight": "1"}) as http:
        yield http


def test_a_query_over_get_runs_through_the_subgraphs(client: httpx.Client, gateway_url: str) -> None:
    params = {"query": "query Top($n: Int) { topProducts(first: $n) { upc name } }", "variables": '{"n": 2}'}
    response = client.get(gateway_url, params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "data": {"topProducts": [{"upc": "1", "name": "Table"}, {"upc": "2", "name": "Couch"}]}
    }


def test_get_takes_operation_name_and_extensions(client: httpx.Client, gateway_url: str) -> None:
    params = {
        "query": "query A { a: __typename } query B { b: __typename }",
        "operationName": "B",
        "extensions": json.dumps({"some": "value"}),
    }
    response = client.get(gateway_url, params=params, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json() == {"data": {"b": "Query"}}


@pytest.mark.parametrize(
    "query",
    [
        "mutation { __typename }",
        "mutation Change { nothing(x: 1) }",
        "subscription { topProducts { upc } }",
    ],
)
@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
def test_a_mutation_over_get_is_405(client: httpx.Client, gateway_url: str, query: str, accept: str) -> None:
    response = client.get(gateway_url, params={"query": query}, headers={"accept": accept})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.headers["content-type"] == f"{accept}; charset=utf-8"
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert "POST" in body["errors"][0]["message"]


def test_the_operation_name_decides_what_a_get_runs(client: httpx.Client, gateway_url: str) -> None:
    document = "query Q { __typename } mutation M { __typename }"
    refused = client.get(gateway_url, params={"query": document, "operationName": "M"})
    assert refused.status_code == 405
    # Choosing the query is not refused over GET; the document is still invalid as a whole
    # (this supergraph has no Mutation type), which is a validation error, not a 405.
    served = client.get(gateway_url, params={"query": document, "operationName": "Q"})
    assert served.status_code == 200
    assert served.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_the_same_mutation_over_post_is_not_a_405(client: httpx.Client, gateway_url: str) -> None:
    # The benchmark supergraph has no Mutation type: over POST this is a validation error.
    response = client.post(gateway_url, json={"query": "mutation { __typename }"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({}, "no `query`"),
        ({"query": ""}, "`query` is empty"),
        (
            {"query": "{ __typename }", "variables": "{not json"},
            "`variables` query parameter is not valid JSON",
        ),
        ({"query": "{ __typename }", "variables": "[1, 2]"}, "`variables` must be a JSON object"),
        ({"query": "{ __typename }", "extensions": "7"}, "`extensions` must be a JSON object"),
    ],
)
def test_bad_get_parameters_are_400(
    client: httpx.Client, gateway_url: str, params: dict[str, str], mentions: str
) -> None:
    response = client.get(gateway_url, params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert mentions in body["errors"][0]["message"]


@pytest.fixture(scope="module")
def mutations_url() -> Iterator[str]:
    """The conformance `mutations` scenario: subgraphs whose mutations change a shared total."""
    with Scenario.start(MUTATIONS / "supergraph.graphql", APPS) as scenario:
        yield scenario.gateway_url


def test_a_valid_mutation_over_get_is_refused_before_anything_runs(
    client: httpx.Client, mutations_url: str
) -> None:
    reset()
    mutation = "mutation { add(n: 2) { value } }"
    response = client.get(mutations_url, params={"query": mutation}, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert STATE.log == []
    assert client.get(mutations_url, params={"query": "{ total }"}).json() == {"data": {"total": 0}}
    # The same mutation over POST runs.
    posted = client.post(mutations_url, json={"query": mutation})
    assert posted.json() == {"data": {"add": {"value": 2}}}
    assert client.get(mutations_url, params={"query": "{ total }"}).json() == {"data": {"total": 2}}

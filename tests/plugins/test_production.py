"""`mode: production` from a config file, served for real: a subgraph's internal error text and
a failed subgraph's address never reach the client (code kept, an incident id to find them in
the log), introspection is off, and the client's own mistakes keep their messages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from gateway.serve.assemble import build_app, load_config
from tests.benchmarks.workload import SUPERGRAPH
from tests.http.harness import GarbageSubgraph, Uvicorn, benchmark_subgraphs, closed_url
from tests.support.servers import serving

LEAK = "ORA-00942: table or view does not exist (db-internal-7.agency.local)"
SUBGRAPH_ERROR = orjson.dumps(
    {
        "data": None,
        "errors": [{"message": LEAK, "extensions": {"code": "DB_FAILURE", "stacktrace": ["x.py:1"]}}],
    }
)


def served(tmp_path: Path, mode: str, urls: dict[str, str]) -> Uvicorn:
    subgraphs = "".join(f"  {name}:\n    url: {url}\n" for name, url in urls.items())
    path = tmp_path / f"{mode}.yaml"
    path.write_text(f"mode: {mode}\nsupergraph:\n  file: {SUPERGRAPH}\nsubgraphs:\n{subgraphs}")
    app, _, _ = build_app(load_config(path))
    return Uvicorn(app).start()


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Production and development gateways: `products` answers an internal error,
    `inventory` is down."""
    tmp = tmp_path_factory.mktemp("modes")
    garbage = {"products": GarbageSubgraph(SUBGRAPH_ERROR)}
    with benchmark_subgraphs() as real, serving(garbage) as broken, closed_url() as nowhere:
        subgraphs = {**real, "products": broken["products"], "inventory": nowhere}
        servers = {mode: served(tmp, mode, subgraphs) for mode in ("production", "development")}
        try:
            yield {mode: server.url + "/graphql" for mode, server in servers.items()}
        finally:
            for server in servers.values():
                server.stop()


def post(url: str, query: str) -> httpx.Response:
    return httpx.post(url, json={"query": query})


def test_a_subgraph_error_is_masked_with_its_code_and_an_incident(
    urls: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="govgraph.masking"):
        response = post(urls["production"], "{ topProducts { upc } }")
    assert response.status_code == 200
    body = response.json()
    assert (
        LEAK not in response.text and "stacktrace" not in response.text and "serviceName" not in response.text
    )
    (error,) = body["errors"]
    incident, request_id = error["extensions"]["incident"], error["extensions"]["requestId"]
    assert error == {
        "message": f"An internal error occurred (incident {incident}).",
        "extensions": {"code": "DB_FAILURE", "incident": incident, "requestId": request_id},
    }
    assert body["data"] == {"topProducts": None}
    logged = [r.getMessage() for r in caplog.records if r.name == "govgraph.masking"]
    assert any(incident in line and request_id in line and LEAK in line for line in logged)


def test_development_shows_the_same_error(urls: dict[str, str]) -> None:
    error = post(urls["development"], "{ topProducts { upc } }").json()["errors"][0]
    assert error["message"] == LEAK
    assert error["extensions"]["serviceName"] == "products"


def test_a_failed_subgraph_is_masked_where_it_failed(urls: dict[str, str]) -> None:
    query = "{ users { reviews { product { ... on Product { inStock } } } } }"
    development = post(urls["development"], query).json()
    assert "'inventory' failed: could not connect" in development["errors"][0]["message"]
    production = post(urls["production"], query).json()
    assert "inventory" not in orjson.dumps(production["errors"]).decode()
    assert [e["path"] for e in production["errors"]] == [e["path"] for e in development["errors"]]
    assert {e["extensions"]["code"] for e in production["errors"]} == {"SUBGRAPH_REQUEST_FAILED"}
    assert production["data"] == development["data"]


def test_introspection_is_off(urls: dict[str, str]) -> None:
    assert "errors" not in post(urls["development"], "{ __schema { queryType { name } } }").json()
    error = post(urls["production"], "{ __schema { queryType { name } } }").json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == "Introspection is disabled on this gateway."


@pytest.mark.parametrize(
    ("query", "code", "says"),
    [
        ("{ topProducts { nope } }", "GRAPHQL_VALIDATION_FAILED", "Cannot query field 'nope'"),
        ("{ topProducts(", "GRAPHQL_PARSE_FAILED", "Syntax Error"),
    ],
)
def test_the_clients_own_mistakes_keep_their_messages(
    urls: dict[str, str], query: str, code: str, says: str
) -> None:
    error = post(urls["production"], query).json()["errors"][0]
    assert error["extensions"]["code"] == code
    assert says in error["message"]

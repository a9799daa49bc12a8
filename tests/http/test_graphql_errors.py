"""GraphQL request errors (well-formed HTTP, refused before execution): 200 as
application/json, 400 without `data` as application/graphql-response+json; each error in
the spec's shape with `extensions.code` (and locations where the document has them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.limits import LimitsConfig
from tests.http.harness import gateway

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
STATUS = {JSON: 200, GRAPHQL_RESPONSE: 400}


def refused(client: httpx.Client, url: str, body: dict[str, Any], accept: str) -> dict[str, Any]:
    response = client.post(url, json=body, headers={"accept": accept})
    assert response.status_code == STATUS[accept], response.text
    assert response.headers["content-type"] == f"{accept}; charset=utf-8"
    result: dict[str, Any] = response.json()
    assert "data" not in result
    assert result["errors"], result
    for error in result["errors"]:
        assert isinstance(error["message"], str) and error["message"]
    return result


@pytest.fixture(params=[JSON, GRAPHQL_RESPONSE])
def accept(request: pytest.FixtureRequest) -> str:
    media: str = request.param
    return media


def test_a_parse_error_has_its_location(client: httpx.Client, gateway_url: str, accept: str) -> None:
    result = refused(client, gateway_url, {"query": "{\n  topProducts {\n    upc\n"}, accept)
    [error] = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["message"].startswith("Syntax Error")
    assert error["locations"] == [{"line": 4, "column": 1}]


def test_a_validation_error_names_the_field(client: httpx.Client, gateway_url: str, accept: str) -> None:
    result = refused(client, gateway_url, {"query": "{ topProducts { upc colour } }"}, accept)
    [error] = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "colour" in error["message"]
    assert error["locations"] == [{"line": 1, "column": 21}]


def test_every_validation_error_is_reported(client: httpx.Client, gateway_url: str, accept: str) -> None:
    result = refused(client, gateway_url, {"query": "{ nope1 topProducts { nope2 } }"}, accept)
    codes = [e["extensions"]["code"] for e in result["errors"]]
    assert codes == ["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"]


@pytest.mark.parametrize(
    ("variables", "mentions"),
    [({}, "$id"), ({"id": None}, "$id"), ({"id": {"an": "object"}}, "$id"), ({"id": "1", "n": "x"}, "$n")],
)
def test_variables_that_do_not_fit_are_bad_user_input(
    client: httpx.Client, gateway_url: str, accept: str, variables: dict[str, Any], mentions: str
) -> None:
    body = {"query": "query($id: ID!, $n: Int) { user(id: $id) { name } topProducts(first: $n) { upc } }"}
    result = refused(client, gateway_url, {**body, "variables": variables}, accept)
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert mentions in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("operation_name", "mentions"),
    [("Missing", 'Unknown operation named "Missing"'), (None, "operation name")],
)
def test_an_operation_that_cannot_be_chosen_is_refused(
    client: httpx.Client, gateway_url: str, accept: str, operation_name: str | None, mentions: str
) -> None:
    body = {"query": "query A { __typename } query B { __typename }", "operationName": operation_name}
    result = refused(client, gateway_url, body, accept)
    assert result["errors"][0]["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"
    assert mentions in result["errors"][0]["message"]


def test_a_document_over_the_token_limit_is_a_parse_error(
    client: httpx.Client, gateway_url: str, accept: str
) -> None:
    query = "{ " + "__typename " * 25_000 + "}"
    result = refused(client, gateway_url, {"query": query}, accept)
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "tokens" in result["errors"][0]["message"]


def test_absurd_nesting_is_a_parse_error_not_a_crash(
    client: httpx.Client, gateway_url: str, accept: str
) -> None:
    query = "{ users " + "{ reviews " * 3000 + "{ id }" + " }" * 3000 + " }"
    result = refused(client, gateway_url, {"query": query}, accept)
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


@pytest.fixture(scope="module")
def strict_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    limits = LimitsConfig(max_depth=3, max_aliases=2, max_root_fields=2)
    with gateway(subgraph_urls, plugins=build_plugins({"limits": limits})) as url:
        yield url


def test_an_operation_deeper_than_the_limit_is_refused(
    client: httpx.Client, strict_url: str, accept: str
) -> None:
    deep = "{ users { reviews { product { upc } } } }"
    result = refused(client, strict_url, {"query": deep}, accept)
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "4 levels deep; the limit is 3" in result["errors"][0]["message"]


def test_depth_through_fragments_counts(client: httpx.Client, strict_url: str, accept: str) -> None:
    query = "{ users { ...R } } fragment R on User { reviews { product { upc } } }"
    result = refused(client, strict_url, {"query": query}, accept)
    assert "levels deep" in result["errors"][0]["message"]


def test_too_many_aliases_are_refused(client: httpx.Client, strict_url: str, accept: str) -> None:
    query = "{ a: topProducts { upc } b: topProducts { upc } c: topProducts { upc } }"
    result = refused(client, strict_url, {"query": query}, accept)
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "3 aliases; the limit is 2" in result["errors"][0]["message"]


def test_too_many_root_fields_are_refused_through_fragments(
    client: httpx.Client, strict_url: str, accept: str
) -> None:
    query = "{ users { id } ...Q } fragment Q on Query { ... { topProducts { upc } } __typename }"
    result = refused(client, strict_url, {"query": query}, accept)
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "3 root fields; the limit is 2" in result["errors"][0]["message"]


def test_within_the_limits_the_operation_runs(client: httpx.Client, strict_url: str) -> None:
    query = "{ a: topProducts(first: 1) { upc } b: users { reviews { id } } }"
    response = client.post(strict_url, json={"query": query}, headers={"accept": GRAPHQL_RESPONSE})
    assert response.status_code == 200
    assert response.json()["data"]["a"] == [{"upc": "1"}]

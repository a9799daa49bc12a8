"""Requests that are not well-formed GraphQL-over-HTTP requests: each gets its own HTTP
status whatever media type the client accepts, a JSON body in the GraphQL response shape
with `errors[0].extensions.code`, and never `data`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.http.harness import gateway

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"
TYPENAME = {"query": "{ __typename }"}


def post_raw(
    client: httpx.Client, url: str, content: bytes | str, content_type: str | None = JSON, **headers: str
) -> httpx.Response:
    if content_type is not None:
        headers["content-type"] = content_type
    return client.post(url, content=content, headers=headers)


def assert_refused(response: httpx.Response, status: int, code: str, media: str = JSON) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    body: dict[str, Any] = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == code
    assert body["errors"][0]["message"]
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
@pytest.mark.parametrize(
    "content",
    ['{ "not a JSON', "", "   ", "null", '"a string"', "42", "{'query': '{ __typename }'}"],
    ids=["truncated", "empty", "blank", "null", "string", "number", "single-quotes"],
)
def test_a_body_that_is_not_a_json_object_is_400(
    client: httpx.Client, gateway_url: str, content: str, accept: str
) -> None:
    response = post_raw(client, gateway_url, content, accept=accept)
    assert_refused(response, 400, "BAD_REQUEST", accept)


def test_invalid_utf8_in_the_body_is_400(client: httpx.Client, gateway_url: str) -> None:
    response = post_raw(client, gateway_url, b'{"query": "{ __typename \xff }"}')
    body = assert_refused(response, 400, "BAD_REQUEST")
    assert "UTF-8" in body["errors"][0]["message"]


def test_a_utf8_byte_order_mark_is_ignored(client: httpx.Client, gateway_url: str) -> None:
    response = post_raw(client, gateway_url, b"\xef\xbb\xbf" + json.dumps(TYPENAME).encode())
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"notquery": "{ __typename }"}, "no `query`"),
        ({"query": None}, "no `query`"),
        ({"query": 42}, "`query` must be a string, not a number"),
        ({"query": ["{ __typename }"]}, "`query` must be a string, not an array"),
        ({"query": ""}, "`query` is empty"),
        ({"query": "{ __typename }", "variables": "{}"}, "`variables` must be a JSON object"),
        ({"query": "{ __typename }", "variables": [1]}, "`variables` must be a JSON object"),
        ({"query": "{ __typename }", "operationName": 1}, "`operationName` must be a string"),
        ({"query": "{ __typename }", "operationName": {}}, "`operationName` must be a string"),
        ({"query": "{ __typename }", "extensions": "x"}, "`extensions` must be a JSON object"),
        ({"query": "{ __typename }", "extensions": False}, "`extensions` must be a JSON object"),
    ],
)
def test_parameters_of_the_wrong_type_are_400(
    client: httpx.Client, gateway_url: str, body: dict[str, Any], mentions: str
) -> None:
    for accept in (JSON, GRAPHQL_RESPONSE):
        response = client.post(gateway_url, json=body, headers={"accept": accept})
        refused = assert_refused(response, 400, "BAD_REQUEST", accept)
        assert mentions in refused["errors"][0]["message"]


def test_null_optional_parameters_are_accepted(client: httpx.Client, gateway_url: str) -> None:
    body = {**TYPENAME, "variables": None, "operationName": None, "extensions": None}
    response = client.post(gateway_url, json=body)
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_a_batch_is_refused_with_a_clear_error(client: httpx.Client, gateway_url: str) -> None:
    response = client.post(gateway_url, json=[TYPENAME, TYPENAME])
    body = assert_refused(response, 400, "BATCHING_NOT_SUPPORTED")
    assert "one operation per request" in body["errors"][0]["message"]


def test_an_unknown_persisted_query_is_asked_for_again(client: httpx.Client, gateway_url: str) -> None:
    """APQ is on by default: an unknown hash is PERSISTED_QUERY_NOT_FOUND (200, as Apollo's protocol
    has it), and the client sends the text with it (tests/cache/test_persisted.py)."""
    body = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab" * 32}}}
    response = client.post(gateway_url, json=body)
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/graphql",
        "application/json; charset=latin1",
    ],
)
def test_unsupported_content_types_are_415(
    client: httpx.Client, gateway_url: str, content_type: str | None
) -> None:
    response = post_raw(client, gateway_url, json.dumps(TYPENAME), content_type)
    assert_refused(response, 415, "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "Application/JSON;charset=UTF-8", 'application/json; charset="utf8"'],
)
def test_json_with_a_utf8_charset_is_accepted(
    client: httpx.Client, gateway_url: str, content_type: str
) -> None:
    response = post_raw(
        client, gateway_url, json.dumps({"query": '{ __type(name: "Run🏃") { name } }'}), content_type
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"__type": None}}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
def test_other_methods_are_405_with_allow(client: httpx.Client, gateway_url: str, method: str) -> None:
    response = client.request(method, gateway_url)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    if method != "HEAD":
        assert_refused(response, 405, "METHOD_NOT_ALLOWED")


def test_an_unknown_path_is_a_json_404(client: httpx.Client, gateway_url: str) -> None:
    response = client.get(gateway_url.replace("/graphql", "/nothing-here"))
    assert_refused(response, 404, "NOT_FOUND")


@pytest.fixture(scope="module")
def small_body_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    with gateway(subgraph_urls, max_body_bytes=200) as url:
        yield url


def test_a_body_over_the_limit_is_413(client: httpx.Client, small_body_url: str) -> None:
    big = {"query": "{ __typename }", "extensions": {"padding": "x" * 300}}
    body = assert_refused(client.post(small_body_url, json=big), 413, "PAYLOAD_TOO_LARGE")
    assert "200 bytes" in body["errors"][0]["message"]
    # The connection stays usable and a body within the limit still works.
    assert client.post(small_body_url, json=TYPENAME).json() == {"data": {"__typename": "Query"}}


def test_a_chunked_body_over_the_limit_is_413(client: httpx.Client, small_body_url: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "extensions": {"padding": "'
        for _ in range(10):
            yield b"x" * 50
        yield b'"}}'

    response = client.post(small_body_url, content=chunks(), headers={"content-type": JSON})
    assert "content-length" not in response.request.headers
    assert_refused(response, 413, "PAYLOAD_TOO_LARGE")


def test_a_chunked_body_within_the_limit_is_served(client: httpx.Client, small_body_url: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": '
        yield b'"{ __typename }"}'

    response = client.post(small_body_url, content=chunks(), headers={"content-type": JSON})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_a_get_query_string_over_the_limit_is_414(client: httpx.Client, small_body_url: str) -> None:
    query = "{ " + "__typename " * 30 + "}"
    assert_refused(client.get(small_body_url, params={"query": query}), 414, "URI_TOO_LONG")
    served = client.get(
        small_body_url, params={"query": "{ __typename }"}, headers={"graphql-preflight": "1"}
    )
    assert served.json() == {"data": {"__typename": "Query"}}

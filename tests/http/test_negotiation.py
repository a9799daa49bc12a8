"""Content negotiation: which media type a response gets for an Accept header, and that
the body is UTF-8 JSON of that type (checked on the real gateway)."""

from __future__ import annotations

import httpx
import pytest

from gateway.http.media import negotiate

JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, JSON),
        ("", JSON),
        ("   ", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        ("Application/GraphQL-Response+JSON", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),  # both named, same weight
        (f"{JSON};q=0.5, {GRAPHQL_RESPONSE};q=0.4", JSON),
        (f"{GRAPHQL_RESPONSE};q=0.9, */*", JSON),  # weight beats being named
        (f"{GRAPHQL_RESPONSE}, */*", GRAPHQL_RESPONSE),
        (f"{JSON};q=0, */*", GRAPHQL_RESPONSE),  # the exact range refuses json
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),  # a browser
        (f"{JSON}; charset=utf-8", JSON),
        (f"{JSON}; q=abc", JSON),  # a malformed weight is read as absent
        (f"{JSON};q=7", JSON),
        ("text/html", None),
        ("text/*", None),
        (f"{JSON};q=0", None),
        (f"{JSON};q=0, {GRAPHQL_RESPONSE};q=0.0", None),
        (f"{JSON}; charset=iso-8859-1", None),
        ("garbage", None),
        (",,;;,", None),
    ],
)
def test_negotiate(accept: str | None, media: str | None) -> None:
    assert negotiate(accept) == media


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, JSON),
        ("*/*", JSON),
        (JSON, JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, {JSON};q=0.9", GRAPHQL_RESPONSE),
    ],
)
def test_the_response_has_the_negotiated_type(
    client: httpx.Client, gateway_url: str, accept: str | None, media: str
) -> None:
    headers = {"accept": accept} if accept is not None else {}
    request = client.build_request("POST", gateway_url, json={"query": "{ __typename }"}, headers=headers)
    if accept is None:
        del request.headers["accept"]
    response = client.send(request)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


def test_several_accept_headers_are_read_together(client: httpx.Client, gateway_url: str) -> None:
    headers = [("accept", "text/html"), ("accept", GRAPHQL_RESPONSE)]
    response = client.post(gateway_url, json={"query": "{ __typename }"}, headers=headers)
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"


@pytest.mark.parametrize("accept", ["text/html", f"{JSON};q=0", "image/png, text/*"])
def test_nothing_acceptable_is_406(client: httpx.Client, gateway_url: str, accept: str) -> None:
    response = client.post(gateway_url, json={"query": "{ __typename }"}, headers={"accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"
    assert GRAPHQL_RESPONSE in body["errors"][0]["message"]


def test_non_ascii_text_is_sent_as_utf8(client: httpx.Client, gateway_url: str) -> None:
    query = '{ __type(name: "Run🏃Swim🏊") { name } }'
    response = client.post(gateway_url, json={"query": query, "operationName": None})
    assert response.status_code == 200
    assert response.json() == {"data": {"__type": None}}
    # An error message that quotes the client's value: raw UTF-8 in the body, not escapes.
    body = {"query": "query($n: Int) { topProducts(first: $n) { upc } }", "variables": {"n": "é🏃"}}
    refused = client.post(gateway_url, json=body)
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "é🏃".encode() in refused.content

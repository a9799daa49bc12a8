"""The playground over HTTP: who gets the page (browsers), who gets GraphQL (everyone else, as
without the plugin), the page's CSP and assets, and query plans only when the gateway allows."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.playground import PlaygroundConfig
from gateway.plugins.playground.page import CSP, manifest, prefers_html
from tests.http.harness import gateway

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
QUERY = "{ topProducts { name reviews { author { name } } } }"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def page_config(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="govgraph-playground-config">(.*?)</script>', html)
    assert found is not None
    loaded: dict[str, Any] = json.loads(found.group(1))
    return loaded


@pytest.mark.parametrize("path", ["/graphql", "/"])
def test_a_browser_gets_the_page_with_a_strict_csp(
    client: httpx.Client, playground_url: str, path: str
) -> None:
    response = client.get(playground_url.removesuffix("/graphql") + path, headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["vary"] == "accept"
    assert "default-src 'self'" in CSP and "worker-src 'self'" in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self';" in CSP  # no inline script, no eval
    assert 'src="/playground/assets/playground.js?v=' in response.text
    assert "http://" not in response.text and "https://" not in response.text  # nothing from elsewhere
    config = page_config(response.text)
    assert config["exposePlan"] is True and config["endpoint"] == "/graphql"
    assert config["headers"] == {"x-demo": "yes"}  # empty values left out
    assert [e["name"] for e in config["examples"]] == ["TestQuery"]


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        (None, "application/json"),
        ("application/graphql-response+json", "application/graphql-response+json"),
        ("application/graphql-response+json, text/html;q=0.5", "application/graphql-response+json"),
    ],
)
def test_graphql_clients_get_graphql_as_before(
    client: httpx.Client, playground_url: str, accept: str | None, media: str
) -> None:
    headers = {"accept": accept} if accept else {}
    headers["graphql-preflight"] = "1"  # a GraphQL client's GET passes CSRF prevention so
    response = client.get(playground_url, params={"query": QUERY}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert response.json()["data"]["topProducts"][0]["name"]


def test_posts_are_never_the_page(client: httpx.Client, playground_url: str) -> None:
    response = client.post(playground_url, json={"query": QUERY}, headers={"accept": BROWSER})
    assert response.json()["data"]["topProducts"]


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("text/*", False),
        ("*/*", False),
        ("text/html;q=0.5, application/json", False),
        ("text/html, application/json", False),
        ("text/html;q=0", False),
        (None, False),
    ],
)
def test_who_prefers_html(accept: str | None, html: bool) -> None:
    assert prefers_html(accept) is html


def test_the_assets_are_served_from_the_package(client: httpx.Client, playground_url: str) -> None:
    base = playground_url.removesuffix("/graphql") + "/playground/assets/"
    for name in manifest()["outputs"]:
        response = client.get(base + name)
        assert response.status_code == 200, name
    assert client.get(base + "playground.js").headers["content-type"].startswith("text/javascript")


def test_without_the_playground_a_browser_gets_406_as_before(
    client: httpx.Client, subgraph_urls: dict[str, str]
) -> None:
    with gateway(subgraph_urls) as url:
        assert client.get(url, headers={"accept": "text/html"}).status_code == 406
        assert (
            client.get(url.removesuffix("/graphql") + "/playground/assets/playground.js").status_code == 404
        )


def ask_plan(client: httpx.Client, url: str, value: str, query: str = QUERY) -> dict[str, Any]:
    response = client.post(url, json={"query": query}, headers={"apollo-expose-query-plan": value})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_a_request_gets_its_plan_and_the_time_of_each_fetch(
    client: httpx.Client, playground_url: str
) -> None:
    body = ask_plan(client, playground_url, "true")
    assert body["data"]["topProducts"]
    plan = body["extensions"]["apolloQueryPlan"]
    assert plan["text"].startswith("QueryPlan {")
    assert plan["object"]["kind"] == "QueryPlan"
    assert plan["object"]["node"]["kind"] == "Sequence"
    fetches = plan["timings"]["fetches"]
    assert [f["serviceName"] for f in fetches] == ["products", "reviews", "accounts"]
    assert len({f["id"] for f in fetches}) == 3 and None not in {f["id"] for f in fetches}
    for before, after in itertools.pairwise(fetches):  # in sequence: each after the last
        assert after["startMs"] >= before["startMs"] + before["durationMs"]
    assert all(f["durationMs"] > 0 for f in fetches)


def test_a_dry_run_plans_without_executing(client: httpx.Client, playground_url: str) -> None:
    body = ask_plan(client, playground_url, "dry-run")
    assert "data" not in body and "errors" not in body
    assert "timings" not in body["extensions"]["apolloQueryPlan"]
    assert body["extensions"]["apolloQueryPlan"]["object"]["node"]["kind"] == "Sequence"


def test_no_plan_unless_asked(client: httpx.Client, playground_url: str) -> None:
    body = client.post(playground_url, json={"query": QUERY}).json()
    assert "extensions" not in body


def test_no_plan_unless_the_gateway_allows_it(client: httpx.Client, subgraph_urls: dict[str, str]) -> None:
    page_only = build_plugins({"playground": PlaygroundConfig(enabled=True)})
    for plugins in (None, page_only):
        with gateway(subgraph_urls, plugins=plugins) as url:
            body = ask_plan(client, url, "true")
            assert body["data"]["topProducts"] and "extensions" not in body
            assert "data" in ask_plan(client, url, "dry-run")  # ignored: executed as usual

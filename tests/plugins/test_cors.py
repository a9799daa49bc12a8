"""CORS through a real gateway: preflights answered for allowed origins only, and responses
carry CORS headers only for them (a browser then blocks the rest)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gateway.plugins import build_plugins
from gateway.plugins.cors import CorsConfig
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.support.scenario import Scenario

ALLOWED = "http://localhost:5173"
CONFIG = CorsConfig(origins=(ALLOWED,), match_origins=(r"http://127\.0\.0\.1:\d+",), allow_credentials=True)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps, plugins=build_plugins({"cors": CONFIG})) as sc:
        yield sc.gateway_url


def preflight(url: str, origin: str) -> httpx.Response:
    headers = {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, authorization, apollographql-client-name",
    }
    return httpx.options(url, headers=headers)


@pytest.mark.parametrize("origin", [ALLOWED, "http://127.0.0.1:8123"])
def test_a_preflight_from_an_allowed_origin_is_answered(url: str, origin: str) -> None:
    response = preflight(url, origin)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert response.headers["access-control-allow-credentials"] == "true"
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "apollographql-client-name" in allowed
    assert response.headers["access-control-max-age"] == "600"


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1.evil.example:80", "null"])
def test_a_preflight_from_another_origin_is_refused(url: str, origin: str) -> None:
    response = preflight(url, origin)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_responses_name_only_allowed_origins(url: str) -> None:
    body = {"query": "{ topProducts { name } }"}
    allowed = httpx.post(url, json=body, headers={"origin": ALLOWED})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "server-timing" in allowed.headers["access-control-expose-headers"].lower()
    other = httpx.post(url, json=body, headers={"origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    assert other.json()["data"]["topProducts"]  # the server answers; the browser withholds it


def test_without_origins_there_are_no_cors_headers_and_options_is_405() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps) as sc:
        response = preflight(sc.gateway_url, ALLOWED)
    assert response.status_code == 405 and "access-control-allow-origin" not in response.headers


def test_credentials_with_any_origin_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="allow_credentials"):
        CorsConfig(allow_any_origin=True, allow_credentials=True)

"""Fixtures: the benchmark subgraphs (once per session) and gateways over them."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.http.harness import benchmark_subgraphs, gateway


@pytest.fixture(scope="session")
def subgraph_urls() -> Iterator[dict[str, str]]:
    with benchmark_subgraphs() as urls:
        yield urls


@pytest.fixture(scope="module")
def gateway_url(subgraph_urls: dict[str, str]) -> Iterator[str]:
    """The gateway with its default settings, on the production stack."""
    with gateway(subgraph_urls) as url:
        yield url


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http

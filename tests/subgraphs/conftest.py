"""Shared by the agency tests: a GraphQL POST helper for subgraphs served on 127.0.0.1 ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx
import pytest

GraphQLPost = Callable[..., dict[str, Any]]


@pytest.fixture
def gql() -> Iterator[GraphQLPost]:
    """`gql(url, query, variables=None, headers=None)` -> the JSON body (asserting HTTP 200)."""
    client = httpx.Client(timeout=15)

    def post(
        url: str,
        query: str,
        variables: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        body = {"query": query, "variables": dict(variables or {})}
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    yield post
    client.close()

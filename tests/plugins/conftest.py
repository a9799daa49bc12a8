"""Fixtures: the four benchmark subgraphs, once per session (as for the HTTP tests)."""

from tests.http.conftest import subgraph_urls

__all__ = ["subgraph_urls"]

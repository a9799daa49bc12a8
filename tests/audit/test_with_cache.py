"""Caches never serve personal data around the audit trail: an answer a subgraph reports as a
disclosure is not kept (neither the response nor its entities), so every response that carries
personal data has its own record, and a partly cached entity call keeps the subgraph's report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.config import GatewayConfig
from gateway.http.app import create_app
from gateway.plugins import build_plugins
from gateway.plugins.cache.config import (
    CacheConfig,
    EntityCacheConfig,
    EntitySubgraph,
    ResponseCacheConfig,
)
from tests.audit.agencies import MARI, disclosing_app, people, supergraph, tax
from tests.audit.support import Backend, HeaderPrincipal, post, who
from tests.support.recording import RecordingApp
from tests.support.servers import ServerThread, serving

QUERY = "query($id: ID!) { citizen(id: $id) { name address taxAccount { balance } } }"
CACHE = CacheConfig(
    response=ResponseCacheConfig(enabled=True, default_ttl=60),
    entities=EntityCacheConfig(subgraphs={"tax": EntitySubgraph(ttl=60), "people": EntitySubgraph(ttl=60)}),
)


@pytest.fixture
def recorded() -> Iterator[tuple[dict[str, str], dict[str, RecordingApp]]]:
    apps = {"people": RecordingApp(disclosing_app(people())), "tax": RecordingApp(disclosing_app(tax()))}
    with serving(apps) as urls:
        yield urls, apps


def test_a_repeated_personal_read_is_fetched_and_recorded_each_time(
    recorded: tuple[dict[str, str], dict[str, RecordingApp]], log: Backend
) -> None:
    urls, apps = recorded
    plugins = [HeaderPrincipal(), *build_plugins({"audit": log.config, "cache": CACHE})]
    server = ServerThread(create_app(GatewayConfig(supergraph_sdl=supergraph(urls)), plugins=plugins)).start()
    try:
        mari = who("citizen", "sub-mari", MARI)
        first = post(server.url + "/graphql", QUERY, mari, variables={"id": MARI})
        second = post(server.url + "/graphql", QUERY, mari, variables={"id": MARI})
    finally:
        server.stop()
    assert first.json() == second.json() and first.json()["data"]["citizen"]["taxAccount"]
    assert second.headers["cache-control"] == "no-store"
    assert apps["tax"].count == 2  # not served from the entity cache either
    assert len(log.rows()) == 2  # each response with personal data has its record

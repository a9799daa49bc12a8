"""Different callers never share a de-duplicated execution; one caller's identical requests still do."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.hooks import RequestContext
from gateway.messages import ANONYMOUS, GraphQLRequest, Principal
from gateway.plugins import DedupPlugin, IdentityPlugin, build_plugins
from subgraphs.common.identity import IdentityVerifier
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.plugins.identity.support import Provider, gateway_keypair, identity_config, serving_jwks
from tests.support.scenario import Scenario

QUERY = "{ topProducts { name reviews { body } } }"


class Slow:
    """A subgraph that takes its time, so that concurrent requests overlap."""

    def __init__(self, app: Any, delay: float) -> None:
        self.app, self.delay = app, delay

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            await asyncio.sleep(self.delay)
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Scenario, Provider, Path]]:
    provider = Provider.standard()
    private, public = gateway_keypair(tmp_path_factory.mktemp("key"))
    with serving_jwks(provider) as url:
        plugins = build_plugins({"identity": identity_config(url, signing_key_file=str(private))})
        assert any(isinstance(p, DedupPlugin) for p in plugins)
        apps = {name: Slow(create_subgraph_app(name), 0.4 if name == "products" else 0) for name in NAMES}
        with Scenario.start(SUPERGRAPH, apps, plugins=plugins) as scenario:
            yield scenario, provider, public


def _concurrently(url: str, tokens: list[str]) -> list[httpx.Response]:
    def one(token: str) -> httpx.Response:
        return httpx.post(
            url, json={"query": QUERY}, headers={"authorization": f"Bearer {token}"}, timeout=30
        )

    with ThreadPoolExecutor(len(tokens)) as pool:
        return list(pool.map(one, tokens))


def test_two_callers_identical_concurrent_queries_run_apart(running: tuple[Scenario, Provider, Path]) -> None:
    scenario, provider, public = running
    alice = provider.token(citizen_id="39001010001", sub="alice")
    bob = provider.token(citizen_id="48002020002", sub="bob")
    for recorder in scenario.subgraphs.values():
        recorder.clear()
    responses = _concurrently(scenario.gateway_url, [alice, bob, alice, bob, alice, bob])
    assert all(r.status_code == 200 and "errors" not in r.json() for r in responses)
    products = scenario.subgraphs["products"]
    verifier = IdentityVerifier("products", public)
    callers = sorted(str(verifier.caller(headers).citizen_id) for headers in products.headers)  # type: ignore[union-attr]
    # one execution per caller: each of the two asked the subgraph once, as itself
    assert callers == ["39001010001", "48002020002"], callers


def test_one_callers_identical_concurrent_queries_still_share(
    running: tuple[Scenario, Provider, Path],
) -> None:
    scenario, provider, _ = running
    alice = provider.token(citizen_id="39001010001", sub="alice")
    for recorder in scenario.subgraphs.values():
        recorder.clear()
    responses = _concurrently(scenario.gateway_url, [alice] * 4)
    assert all(r.status_code == 200 for r in responses)
    assert scenario.subgraphs["products"].count == 1


def test_the_request_key_is_the_callers_identity(tmp_path: Path) -> None:
    (tmp_path / "jwks.json").write_text('{"keys": []}')
    plugin = IdentityPlugin(identity_config(jwks_file=str(tmp_path / "jwks.json")))

    def key(principal: Principal, purpose: str | None = None) -> object:
        ctx = RequestContext(GraphQLRequest(QUERY), {})
        ctx.principal = principal
        if purpose is not None:
            ctx.state["identity.purpose"] = purpose
        return plugin.request_key(ctx)

    citizen = Principal(kind="citizen", subject="s", citizen_id="1", scopes=frozenset({"a"}), token="t1")
    same_with_another_token = Principal(
        kind="citizen", subject="s", citizen_id="1", scopes=frozenset({"a"}), token="t2"
    )
    assert key(citizen) == key(same_with_another_token)
    assert key(citizen) != key(
        Principal(kind="citizen", subject="s", citizen_id="2", scopes=frozenset({"a"}))
    )
    assert key(citizen) != key(
        Principal(kind="citizen", subject="t", citizen_id="1", scopes=frozenset({"a"}))
    )
    assert key(citizen) != key(
        Principal(kind="citizen", subject="s", citizen_id="1", scopes=frozenset({"b"}))
    )
    assert key(citizen) != key(
        Principal(kind="official", subject="s", citizen_id="1", scopes=frozenset({"a"}))
    )
    assert key(citizen) != key(citizen, purpose="audit")
    assert key(ANONYMOUS) is None and key(ANONYMOUS) != key(citizen)

"""Header rules, through a real gateway to real subgraphs that record what they receive."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gateway.errors import GovgraphError
from gateway.hooks import RequestContext
from gateway.messages import GraphQLRequest
from gateway.plugins import build_plugins
from gateway.plugins.headers import (
    HeaderRule,
    HeaderRules,
    HeadersConfig,
    HeadersPlugin,
    Insert,
    Propagate,
    Remove,
)
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.support.scenario import Scenario

QUERY = "{ topProducts { name reviews { body } } }"  # products, then reviews


def rules(*items: HeaderRule) -> HeaderRules:
    return HeaderRules(request=items)


CONFIG = HeadersConfig(
    all=rules(
        HeaderRule(propagate=Propagate(named="x-request-id")),
        HeaderRule(propagate=Propagate(named="x-client", rename="x-consumer", default="unknown")),
        HeaderRule(propagate=Propagate(matching="^x-trace-")),
        HeaderRule(insert=Insert(name="x-gateway", value="govgraph")),
        HeaderRule(insert=Insert(name="x-api-key", from_env="GOVGRAPH_TEST_KEY")),
        HeaderRule(remove=Remove(matching="^x-trace-secret")),
    ),
    subgraphs={
        "reviews": rules(
            HeaderRule(propagate=Propagate(named="x-role")),
            HeaderRule(remove=Remove(named="x-api-key")),
        )
    },
)


@pytest.fixture(scope="module")
def scenario() -> Iterator[Scenario]:
    mp = pytest.MonkeyPatch()
    mp.setenv("GOVGRAPH_TEST_KEY", "s3cret")
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps, plugins=build_plugins({"headers": CONFIG})) as running:
        yield running
    mp.undo()


def sent(sc: Scenario, subgraph: str) -> dict[str, str]:
    recorded = sc.subgraphs[subgraph].headers
    assert len(recorded) == 1, recorded
    return recorded[0]


CLIENT = {
    "x-request-id": "r-1",
    "x-role": "official",
    "x-trace-span": "abc",
    "x-trace-secret-token": "t",
    "cookie": "session=1",
    "authorization": "Bearer x",
}


def test_rules_for_every_subgraph_and_per_subgraph(scenario: Scenario) -> None:
    response = scenario.post({"query": QUERY}, headers=CLIENT)
    assert response.status_code == 200 and "errors" not in response.json()
    products = sent(scenario, "products")
    assert products["x-request-id"] == "r-1"
    assert products["x-consumer"] == "unknown"  # the default of a renamed header the client did not send
    assert products["x-trace-span"] == "abc"
    assert "x-trace-secret-token" not in products  # removed after the pattern propagated it
    assert products["x-gateway"] == "govgraph" and products["x-api-key"] == "s3cret"
    assert "x-role" not in products  # only the reviews subgraph gets it
    assert "cookie" not in products and "authorization" not in products  # never named by a rule
    reviews = sent(scenario, "reviews")
    assert reviews["x-role"] == "official" and "x-api-key" not in reviews


def test_a_renamed_header_carries_the_clients_value(scenario: Scenario) -> None:
    scenario.post({"query": QUERY}, headers={"x-client": "web-app"})
    assert sent(scenario, "products")["x-consumer"] == "web-app"


def test_no_rules_means_no_client_header_reaches_a_subgraph() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps) as sc:
        sc.post({"query": QUERY}, headers=CLIENT)
        products = sent(sc, "products")
    assert set(CLIENT) & set(products) == {"x-request-id"}  # the gateway's request id (telemetry) ...
    assert products["x-request-id"] == CLIENT["x-request-id"]  # ... taken from the client's: plausible


def test_an_implausible_client_request_id_is_replaced_by_the_gateways() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(SUPERGRAPH, apps) as sc:
        sc.post({"query": QUERY}, headers={"x-request-id": "two words, not an id"})
        products, reviews = sent(sc, "products"), sent(sc, "reviews")
    assert products["x-request-id"] == reviews["x-request-id"]  # one id for the whole request
    assert len(products["x-request-id"]) == 32 and products["x-request-id"].isalnum()


def test_requests_that_differ_in_a_forwarded_header_do_not_share_an_execution() -> None:
    plugin = HeadersPlugin(CONFIG, environ={"GOVGRAPH_TEST_KEY": "k"})

    def key(headers: dict[str, str]) -> object:
        return plugin.request_key(RequestContext(GraphQLRequest(QUERY), headers))

    assert key({"x-role": "a"}) != key({"x-role": "b"})
    assert key({"x-trace-a": "1"}) != key({"x-trace-a": "2"})
    assert key({"cookie": "1"}) == key({"cookie": "2"})  # not forwarded: may share


def test_misconfigured_rules_fail_at_start() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Propagate(named="a", matching="b")
    with pytest.raises(ValueError, match="exactly one"):
        HeaderRule(insert=Insert(name="a", value="b"), remove=Remove(named="a"))
    with pytest.raises(GovgraphError, match="NOT_SET_ANYWHERE"):
        HeadersPlugin(
            HeadersConfig(all=rules(HeaderRule(insert=Insert(name="a", from_env="NOT_SET_ANYWHERE"))))
        )
    with pytest.raises(GovgraphError, match="never propagated"):
        HeadersPlugin(HeadersConfig(all=rules(HeaderRule(propagate=Propagate(named="Content-Length")))))

"""Supergraph loading: Federation 2 and 1 forms, the API schema, and clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import print_schema

from gateway.errors import SupergraphError
from gateway.supergraph import load_supergraph
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH, expected_response, query_body
from tests.support.scenario import Scenario

HERE = Path(__file__).parent
FED1 = HERE / "fixtures" / "bench_fed1_join_v01.graphql"
INACCESSIBLE = HERE.parent / "conformance" / "inaccessible" / "supergraph.graphql"


def test_api_schema_has_no_federation_machinery() -> None:
    supergraph = load_supergraph(SUPERGRAPH.read_text())
    printed = print_schema(supergraph.api_schema)
    assert "join__" not in printed and "link__" not in printed and "@link" not in printed
    assert set(supergraph.subgraphs) == {"accounts", "inventory", "products", "reviews"}
    assert supergraph.subgraphs["reviews"].url == "http://127.0.0.1:4200/reviews"
    assert supergraph.federation_version == 2


def test_field_ownership_keys_requires_and_provides() -> None:
    supergraph = load_supergraph(SUPERGRAPH.read_text())
    assert supergraph.resolving_graphs("Product", "name") == ["products"]
    assert supergraph.resolving_graphs("Product", "price") == ["products"]  # external in inventory
    assert sorted(supergraph.resolving_graphs("Product", "upc")) == ["inventory", "products", "reviews"]
    decl = supergraph.declaration("inventory", "Product", "shippingEstimate")
    assert decl is not None and decl.requires is not None
    assert [k.fields for k in supergraph.types["User"].keys] == ["id", "id"]
    review_author = supergraph.declaration("reviews", "Review", "author")
    assert review_author is not None and review_author.provides is not None


def test_inaccessible_elements_are_kept_for_planning_but_hidden_from_clients() -> None:
    sdl = INACCESSIBLE.read_text()
    supergraph = load_supergraph(sdl)
    api = print_schema(supergraph.api_schema)
    assert "@inaccessible" in sdl
    assert "inaccessible" not in api
    hidden = [name for name, meta in supergraph.types.items() if supergraph.api_schema.get_type(name) is None]
    assert hidden, "the fixture hides at least one type"
    for name in hidden:
        assert name in supergraph.types  # the planner still knows it


def test_federation_1_supergraph_loads_with_owners() -> None:
    supergraph = load_supergraph(FED1.read_text())
    assert supergraph.federation_version == 1
    assert supergraph.resolving_graphs("Product", "name") == ["products"]
    assert sorted(supergraph.resolving_graphs("Product", "upc")) == ["inventory", "products", "reviews"]
    assert supergraph.resolving_graphs("Product", "price") == ["products"]
    assert supergraph.resolving_graphs("Query", "topProducts") == ["products"]


def test_federation_1_supergraph_serves_the_benchmark_query() -> None:
    apps = {name: create_subgraph_app(name) for name in NAMES}
    with Scenario.start(FED1, apps) as scenario:
        response = scenario.post(query_body())
        assert response.status_code == 200
        assert response.json() == expected_response()
        assert scenario.total_subgraph_requests() <= 7


@pytest.mark.parametrize(
    ("sdl", "message"),
    [
        ("type Query { a: Int", "does not parse"),
        ("type Query { a: Int }", "no @link"),
        (
            'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query } type Query { a: Int }',
            "no @link to https://specs.apollo.dev/join",
        ),
        (
            'schema @link(url: "https://specs.apollo.dev/link/v1.0") '
            '@link(url: "https://specs.apollo.dev/join/v0.9", for: EXECUTION) { query: Query } '
            "type Query { a: Int }",
            "unsupported join spec version v0.9",
        ),
        (
            'schema @link(url: "https://specs.apollo.dev/link/v1.0") '
            '@link(url: "https://example.com/magic/v1.0", for: EXECUTION) { query: Query } '
            "type Query { a: Int }",
            "unsupported feature for EXECUTION",
        ),
    ],
)
def test_bad_supergraphs_fail_with_a_message(sdl: str, message: str) -> None:
    with pytest.raises(SupergraphError, match=message):
        load_supergraph(sdl)


def test_unknown_graph_is_named_with_its_type() -> None:
    sdl = SUPERGRAPH.read_text().replace(
        '@join__type(graph: REVIEWS, key: "id")', '@join__type(graph: NOPE, key: "id")'
    )
    with pytest.raises(SupergraphError, match="unknown graph 'NOPE'"):
        load_supergraph(sdl)


def test_key_naming_a_missing_field_is_refused() -> None:
    sdl = SUPERGRAPH.read_text().replace(
        '@join__type(graph: REVIEWS, key: "id")', '@join__type(graph: REVIEWS, key: "uid")'
    )
    with pytest.raises(SupergraphError, match="has no field 'uid'"):
        load_supergraph(sdl)

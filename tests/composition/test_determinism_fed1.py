"""Same input, same bytes (whatever the order subgraphs are given in); Federation 1 semantics."""

from __future__ import annotations

from gateway.composition import SubgraphSource, compose
from gateway.supergraph import load_supergraph

from .cases import fed2
from .corpus import agencies_case, conformance_cases


def _sdl(sources: list[SubgraphSource]) -> str:
    result = compose(sources)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.supergraph_sdl is not None
    return result.supergraph_sdl


def test_same_input_gives_the_same_bytes() -> None:
    sources = agencies_case().sources()
    assert _sdl(sources) == _sdl(list(sources))


def test_input_order_does_not_matter() -> None:
    for case in [*conformance_cases()[:6], agencies_case()]:
        sources = case.sources()
        assert _sdl(sources) == _sdl(list(reversed(sources))), case.name


def test_errors_are_ordered_whatever_the_input_order() -> None:
    sdls = {
        "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int y: String }'),
        "b": fed2("key", 'type T @key(fields: "id") { id: ID! x: Int y: Int }'),
        "c": fed2("key", 'type T @key(fields: "nope") { id: ID! }'),
    }
    sources = [SubgraphSource(n, f"http://x/{n}", s) for n, s in sdls.items()]
    forward, backward = compose(sources).errors, compose(list(reversed(sources))).errors
    assert forward == backward and len(forward) >= 1


FED1_A = (
    "type Query { a: Point }\ntype Point { x: Int y: Int }\n"
    'type User @key(fields: "id") { id: ID! name: String }'
)
FED1_B = (
    "extend type Query { b: Point }\ntype Point { x: Int y: Int }\n"
    'type User @extends @key(fields: "id") { id: ID! @external name: String @external '
    'greeting: String @requires(fields: "name") unused: Int @external }'
)


def _fed1() -> str:
    return _sdl([SubgraphSource("a", "http://a", FED1_A), SubgraphSource("b", "http://b", FED1_B)])


def test_fed1_value_types_and_root_fields_are_implicitly_shareable() -> None:
    sdl = _fed1()
    assert "type Point @join__type(graph: A) @join__type(graph: B) {\n  x: Int\n  y: Int\n}" in sdl
    # the same two subgraphs written as Federation 2 without @shareable do not compose
    strict = [
        SubgraphSource("a", "http://a", fed2("key", "type Query { a: Point }\ntype Point { x: Int y: Int }")),
        SubgraphSource("b", "http://b", fed2("key", "type Query { b: Point }\ntype Point { x: Int y: Int }")),
    ]
    assert {e.code for e in compose(strict).errors} == {"INVALID_FIELD_SHARING"}


def test_fed1_extends_is_an_extension_and_externals_are_recorded_only_when_used() -> None:
    sdl = _fed1()
    assert '@join__type(graph: B, key: "id", extension: true)' in sdl
    assert "name: String @join__field(graph: A) @join__field(graph: B, external: true)" in sdl
    assert 'greeting: String @join__field(graph: B, requires: "name")' in sdl
    assert "unused" not in sdl  # an unused Federation 1 @external field is dropped
    assert "join/v0.3" in sdl
    load_supergraph(sdl)


def test_fed1_extend_type_without_extends_is_not_an_extension() -> None:
    graphs = [
        SubgraphSource("a", "http://a", FED1_A),
        SubgraphSource("c", "http://c", 'extend type User @key(fields: "id") { id: ID! @external age: Int }'),
    ]
    sdl = _sdl(graphs)
    assert '@join__type(graph: C, key: "id")' in sdl and "extension: true" not in sdl


def test_graph_enum_values_follow_the_reference_naming_and_order() -> None:
    sdl = fed2("shareable", "type Query { a: Int @shareable }")
    names = {
        "a-b": "http://1",
        "a_b": "http://2",
        "ab": "http://3",
        "a1": "http://4",
        "billingV2": "http://5",
    }
    out = _sdl([SubgraphSource(n, u, sdl) for n, u in names.items()])
    graph_enum = out[out.index("enum join__Graph") :].split("}")[0]
    assert [line.split()[0] for line in graph_enum.splitlines()[1:]] == [
        "A_B_1",
        "A_B_2",
        "A1",
        "AB",
        "BILLING_V2",
    ]
    assert 'A_B_1 @join__graph(name: "a-b", url: "http://1")' in graph_enum

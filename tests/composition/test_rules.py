"""Each composition rule: its error code, the subgraphs and the schema coordinate it names."""

from __future__ import annotations

import pytest

from gateway.composition import CompositionError, SubgraphSource, compose

from .cases import BROKEN, fed2

# case -> (subgraphs named, coordinate) of the error with the case's code
EXPECTED: dict[str, tuple[tuple[str, ...], str]] = {
    "field_sharing": (("a", "b"), "T.name"),
    "kind_mismatch": (("a", "b"), "T"),
    "field_type_mismatch": (("a", "b"), "T.v"),
    "key_unknown_field": (("a",), "T"),
    "key_interface_field": (("a",), "T.i"),
    "key_field_with_args": (("a",), "T.id"),
    "requires_unknown_field": (("b",), "T.x"),
    "requires_not_external": (("b",), "T.x"),
    "provides_unknown_field": (("a",), "Query.t"),
    "provides_not_external": (("a",), "Query.t"),
    "provides_on_scalar": (("a",), "Query.t"),
    "external_everywhere": (("b",), "T.w"),
    "external_unused": (("b",), "T.w"),
    "override_from_self": (("a",), "T.x"),
    "override_on_external": (("b",), "T.x"),
    "override_chain": (("a", "b"), "T.x"),
    "enum_both_ways_mismatch": (("a", "b"), "Mode.AUTO"),
    "enum_input_empty": (("a", "b"), "Mode"),
    "argument_type_mismatch": (("a", "b"), "Query.f(x:)"),
    "required_argument_missing": (("a", "b"), "Query.f(x:)"),
    "input_field_type_mismatch": (("a", "b"), "In.v"),
    "required_input_field_missing": (("a", "b"), "In.w"),
    "value_type_field_unreachable": (("a", "b"), "V.y"),
    "entity_not_resolvable": (("a", "b"), "T.more"),
    "interface_field_missing": (("a",), "T.z"),
    "no_queries": ((), ""),
    "invalid_graphql": (("a",), ""),
    "unknown_directive": (("a",), ""),
    "unknown_type": (("a",), "Query.a"),
    "extension_without_base": (("b",), "T"),
    "interface_object_everywhere": (("a",), "A"),
    "only_inaccessible_children": (("a",), "Query"),
    "authorization_on_interface": (("a",), "Node"),
    "authorization_on_interface_field": (("a",), "Node.id"),
    "list_size_slicing_argument_not_an_int": (("a",), "Query.people"),
    "list_size_slicing_argument_missing": (("a",), "Query.people"),
    "list_size_on_a_single_value": (("a",), "Query.one"),
    "list_size_negative_assumed_size": (("a",), "Query.many"),
    "list_size_sized_field_not_a_list": (("a",), "Query.p"),
    "cost_on_an_interface_field": (("a",), "Node.id"),
    "list_size_slicing_arguments_all_disregarded": (("a", "b"), "Query.l"),
}


def _errors(sdls: dict[str, str]) -> list[CompositionError]:
    result = compose([SubgraphSource(name, f"http://x/{name}", sdl) for name, sdl in sdls.items()])
    assert result.supergraph_sdl is None
    return result.errors


def test_every_broken_case_has_an_expectation() -> None:
    assert set(EXPECTED) == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_rule_reports_code_subgraphs_and_coordinate(name: str) -> None:
    code, sdls = BROKEN[name]
    found = [e for e in _errors(sdls) if e.code == code]
    assert found, f"no {code} in {_errors(sdls)}"
    subgraphs, coordinate = EXPECTED[name]
    assert (found[0].subgraphs, found[0].coordinate) == (subgraphs, coordinate)
    assert found[0].message
    if coordinate:
        assert coordinate.split("(")[0].split(".")[0] in found[0].message


def test_field_sharing_message_names_field_and_subgraphs() -> None:
    (error,) = _errors(BROKEN["field_sharing"][1])
    assert 'Non-shareable field "T.name"' in error.message
    assert '"a", "b"' in error.message


def test_shareable_field_in_two_subgraphs_composes() -> None:
    sdls = {
        "a": fed2(
            "key shareable",
            'type Query { t: T }\ntype T @key(fields: "id") { id: ID! name: String @shareable }',
        ),
        "b": fed2("key shareable", 'type T @key(fields: "id") { id: ID! name: String @shareable }'),
    }
    result = compose([SubgraphSource(n, f"http://x/{n}", s) for n, s in sdls.items()])
    assert result.errors == [] and result.supergraph_sdl is not None
    assert "name: String\n" in result.supergraph_sdl  # resolved alike in both: no @join__field


def test_output_types_merge_to_the_most_general_and_record_each_subgraphs_type() -> None:
    sdls = {
        "a": fed2("shareable", "type Query { v: V @shareable }\ntype V @shareable { n: Int! }"),
        "b": fed2("shareable", "type Query { v: V @shareable }\ntype V @shareable { n: Int }"),
    }
    sdl = compose([SubgraphSource(n, f"http://x/{n}", s) for n, s in sdls.items()]).supergraph_sdl
    assert sdl is not None
    assert 'n: Int @join__field(graph: A, type: "Int!") @join__field(graph: B, type: "Int")' in sdl


def test_input_types_merge_to_the_intersection() -> None:
    sdls = {
        "a": fed2("shareable", "type Query { f(i: In): Int }\ninput In { v: Int! only: Int }"),
        "b": fed2("shareable", "type Query { g(i: In): Int }\ninput In { v: Int }"),
    }
    sdl = compose([SubgraphSource(n, f"http://x/{n}", s) for n, s in sdls.items()]).supergraph_sdl
    assert sdl is not None
    block = sdl[sdl.index("input In") :]
    assert "v: Int! @join__field" in block and "only" not in block


def test_enum_values_merge_by_use() -> None:
    sdls = {
        "a": fed2("shareable", "type Query { o: Out f(i: In): Int }\nenum Out { X Y }\nenum In { X Y }"),
        "b": fed2("shareable", "type Query { p: Out g(i: In): Int }\nenum Out { Y Z }\nenum In { Y Z }"),
    }
    sdl = compose([SubgraphSource(n, f"http://x/{n}", s) for n, s in sdls.items()]).supergraph_sdl
    assert sdl is not None
    out_block = sdl[sdl.index("enum Out") :].split("}")[0]
    in_block = sdl[sdl.index("enum In ") :].split("}")[0]
    assert all(v in out_block for v in ("  X ", "  Y ", "  Z "))  # output only: union
    assert (
        "  Y " in in_block and "  X " not in in_block and "  Z " not in in_block
    )  # input only: intersection


def test_duplicate_subgraph_names_and_nothing_to_compose() -> None:
    sdl = fed2("key", "type Query { a: Int }")
    twice = compose([SubgraphSource("a", "http://x", sdl), SubgraphSource("a", "http://y", sdl)])
    assert [e.code for e in twice.errors] == ["DUPLICATE_SUBGRAPH_NAME"]
    assert [e.code for e in compose([]).errors] == ["NO_SUBGRAPHS"]


def test_federation_directives_not_composed_yet_are_refused_not_dropped() -> None:
    sdl = fed2("context", 'type Query { a: A }\ntype A @context(name: "c") { id: ID }', "v2.8")
    errors = _errors({"a": sdl})
    assert [(e.code, e.subgraphs) for e in errors] == [("UNSUPPORTED_FEATURE", ("a",))]
    assert "@context" in errors[0].message

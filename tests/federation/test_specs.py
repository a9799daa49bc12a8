"""The spec table: what it says about the specs, and that the gateway reads by it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from graphql import parse
from graphql.language import DirectiveDefinitionNode, DirectiveNode, Visitor, visit

from gateway.composition import SubgraphSource, compose
from gateway.composition.directives import EXECUTABLE_LOCATIONS
from gateway.federation.lookup import (
    DIRECTIVES,
    LINKED_SPECS,
    api_schema_stripped_names,
    builtin_directive_names,
    directives_of,
    federation1_directive_names,
    find_directive,
    find_spec,
    is_federation_directive,
    join_version_for,
    unsupported_directive_names,
)
from gateway.federation.specs import Composed, format_version, parse_spec_url, parse_version
from gateway.federation.supergraph_specs import JOIN, JOIN_FIELD, JOIN_TYPE, SUPERGRAPH_LIST_SIZE
from gateway.federation.table import FEDERATION, OVERRIDE
from gateway.supergraph import load_supergraph
from tests.composition.corpus import all_cases

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("supergraph", "plan", "execute", "engine", "http", "live", "shape", "operation")


class _Directives(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.applied: set[str] = set()
        self.defined: dict[str, DirectiveDefinitionNode] = {}

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        self.applied.add(node.name.value)

    def enter_directive_definition(self, node: DirectiveDefinitionNode, *_: object) -> None:
        self.defined[node.name.value] = node


def _composed_supergraphs() -> list[str]:
    found = []
    for case in all_cases():
        result = compose(case.sources())
        assert result.supergraph_sdl is not None, case.name
        found.append(result.supergraph_sdl)
    return found


def test_every_directive_composition_emits_is_in_the_table() -> None:
    emitted = {d.default_name: d for d in DIRECTIVES if d.composed in (Composed.EMITTED, Composed.COPIED)}
    emitted[SUPERGRAPH_LIST_SIZE.name] = SUPERGRAPH_LIST_SIZE  # composition imports it: `@listSize`
    for sdl in _composed_supergraphs():
        found = _Directives()
        visit(parse(sdl), found)
        own = {name for name in found.defined if name not in emitted}
        # All composition defines of its own accord is the subgraphs' executable directives.
        assert all({loc.value for loc in found.defined[n].locations} <= EXECUTABLE_LOCATIONS for n in own)
        assert found.applied - own <= set(emitted), found.applied - set(emitted)
        for name, node in found.defined.items():
            if name in emitted:
                assert [loc.value for loc in node.locations] == list(emitted[name].locations), name
                assert node.repeatable == emitted[name].repeatable, name


def test_the_api_schema_leaves_out_every_spec_directive_and_keeps_graphql_ones() -> None:
    stripped = api_schema_stripped_names()
    assert {"link", "core", "tag", "inaccessible", "authenticated", "requiresScopes", "policy"} <= stripped
    join = {"graph", "type", "field", "implements", "unionMember", "enumValue", "directive", "owner"}
    assert {f"join__{name}" for name in join} <= stripped
    assert {"federation__key", "federation__override", "cost", "cost__listSize", "context"} <= stripped
    assert not stripped & builtin_directive_names()
    assert builtin_directive_names() == {"deprecated", "specifiedBy", "skip", "include", "oneOf"}
    for sdl in _composed_supergraphs()[:3]:
        api = load_supergraph(sdl).api_schema
        assert not {d.name for d in api.directives} & stripped


def test_override_gains_label_in_federation_2_7() -> None:
    assert not OVERRIDE.has_argument("label", (2, 6))
    assert OVERRIDE.has_argument("label", (2, 7))
    assert OVERRIDE.has_argument("from", (1, 0))


def test_join_versions_follow_federation_versions() -> None:
    assert JOIN.versions == ((0, 1), (0, 2), (0, 3), (0, 4), (0, 5))
    expected = {
        (1, 0): (0, 3),
        (2, 0): (0, 3),
        (2, 6): (0, 3),
        (2, 7): (0, 4),
        (2, 8): (0, 5),
        (2, 11): (0, 5),
    }
    assert {f: join_version_for(f) for f in expected} == expected
    field_args = {v: [a.name for a in JOIN_FIELD.arguments_in(v)] for v in ((0, 3), (0, 4), (0, 5))}
    assert "overrideLabel" not in field_args[(0, 3)]
    assert field_args[(0, 4)][-1] == "overrideLabel"
    assert field_args[(0, 5)][-2:] == ["overrideLabel", "contextArguments"]
    assert find_directive(JOIN, "directive", (0, 3)) is None
    assert find_directive(JOIN, "directive", (0, 4)) is not None
    assert find_directive(JOIN, "owner", (0, 1)) is not None
    assert find_directive(JOIN, "owner", (0, 2)) is None
    assert find_directive(JOIN, "implements", (0, 1)) is None
    assert find_directive(JOIN, "unionMember", (0, 2)) is None
    assert [a.name for a in JOIN_TYPE.arguments_in((0, 2))] == ["graph", "key", "extension", "resolvable"]
    assert JOIN_TYPE.has_argument("isInterfaceObject", (0, 3))


def test_each_version_of_a_spec_has_one_definition_per_directive() -> None:
    for spec in LINKED_SPECS:
        for version in spec.versions:
            names = [d.name for d in directives_of(spec, version)]
            assert len(names) == len(set(names)), (spec.name, version)


def test_federation_directive_sets() -> None:
    assert federation1_directive_names() == {
        "key",
        "external",
        "requires",
        "provides",
        "extends",
        "tag",
        "inaccessible",
        "override",
    }
    assert unsupported_directive_names() == {
        "composeDirective",
        "context",
        "fromContext",
    }
    assert is_federation_directive("interfaceObject") and not is_federation_directive("join__type")
    assert find_directive(FEDERATION, "interfaceObject", (2, 2)) is None
    assert find_directive(FEDERATION, "interfaceObject", (2, 3)) is not None


def test_spec_urls_and_versions() -> None:
    parsed = parse_spec_url("https://specs.apollo.dev/join/v0.5")
    assert parsed is not None and (parsed.name, parsed.version) == ("join", (0, 5))
    assert parse_spec_url("https://example.com/join/v0.5") is None
    assert parse_version("v2.10") == (2, 10) and format_version((2, 10)) == "v2.10"
    assert JOIN.url((0, 4)) == "https://specs.apollo.dev/join/v0.4"
    assert find_spec("connect") is not None and find_spec("graphql") is None


IMPORTED = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
  import: [{name: "@key", as: "@primaryKey"}, "@shareable"])
type Query { product: Product @shareable }
type Product @primaryKey(fields: "id") { id: ID! name: String }
"""
OTHER = """
extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", as: "fed")
type Product @fed__key(fields: "id") { id: ID! price: Int }
"""


def test_renamed_imports_still_read_as_canonical_directives() -> None:
    result = compose([SubgraphSource("a", "http://a", IMPORTED), SubgraphSource("b", "http://b", OTHER)])
    assert result.supergraph_sdl is not None, result.errors
    assert '@join__type(graph: A, key: "id")' in result.supergraph_sdl
    assert '@join__type(graph: B, key: "id")' in result.supergraph_sdl


def test_a_supergraph_linking_join_under_another_name_loads() -> None:
    result = compose([SubgraphSource("a", "http://a", IMPORTED), SubgraphSource("b", "http://b", OTHER)])
    assert result.supergraph_sdl is not None
    renamed = result.supergraph_sdl.replace("join__", "j__").replace(
        '"https://specs.apollo.dev/join/v0.3"', '"https://specs.apollo.dev/join/v0.3", as: "j"'
    )
    supergraph = load_supergraph(renamed)
    assert [k.fields for k in supergraph.types["Product"].keys] == ["id", "id"]
    assert "j__type" not in {d.name for d in supergraph.api_schema.directives}


def _gateway_imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / "gateway" / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gateway."):
                found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("gateway.")}
    return found


@pytest.mark.parametrize(("package", "allowed"), [("federation", set()), ("composition", None)])
def test_layers(package: str, allowed: set[str] | None) -> None:
    imported = _gateway_imports(package)
    if allowed is not None:
        assert imported <= allowed | {"errors"}, imported
    else:
        assert not imported & set(RUNTIME), imported

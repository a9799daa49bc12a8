"""The authorization directives, loaded into the metadata (never into the API schema)."""

from __future__ import annotations

from graphql import print_schema

from gateway.composition import SubgraphSource, compose
from gateway.supergraph import load_supergraph
from gateway.supergraph.access import NONE, Requirements, conjunction

_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: [{}])\n'
A = _LINK.format('"@key", "@authenticated", "@requiresScopes", "@policy"') + (
    "type Query { me: User @authenticated docs: [Doc] open: String }\n"
    'type User @key(fields: "id") @requiresScopes(scopes: [["user:read"], ["admin"]]) '
    '{ id: ID! name: String email: String @policy(policies: [["owner"]]) }\n'
    'type Doc @key(fields: "id") { id: ID! secret: Secret level: Level author: User }\n'
    'scalar Secret @requiresScopes(scopes: [["secret"]])\nenum Level @authenticated { LOW HIGH }'
)
B = _LINK.format('"@key", {name: "@requiresScopes", as: "@scopes"}') + (
    'type User @key(fields: "id") @scopes(scopes: [["b"]]) { id: ID! age: Int @scopes(scopes: [["age"]]) }'
)


def _supergraph() -> str:
    result = compose([SubgraphSource("a", "http://a", A), SubgraphSource("b", "http://b", B)])
    assert result.supergraph_sdl is not None, result.errors
    return result.supergraph_sdl


def _g(*groups: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(g) for g in groups)


def test_types_carry_their_requirements() -> None:
    supergraph = load_supergraph(_supergraph())
    assert supergraph.has_requirements
    user = supergraph.types["User"].requirements
    assert user == Requirements(scopes=_g(("admin", "b"), ("b", "user:read")))
    assert supergraph.types["Secret"].requirements == Requirements(scopes=_g(("secret",)))
    assert supergraph.types["Level"].requirements == Requirements(authenticated=True)
    assert supergraph.types["Doc"].requirements == NONE


def test_fields_carry_their_own_and_their_return_types_requirements() -> None:
    supergraph = load_supergraph(_supergraph())
    me = supergraph.field_meta("Query", "me")
    assert me is not None and me.requirements.authenticated
    assert me.requirements.scopes == supergraph.types["User"].requirements.scopes
    email = supergraph.field_meta("User", "email")
    assert email is not None and email.requirements == Requirements(policies=_g(("owner",)))
    age = supergraph.field_meta("User", "age")
    assert age is not None and age.requirements.scopes == _g(("age",))
    level = supergraph.field_meta("Doc", "level")
    assert level is not None and level.requirements == Requirements(authenticated=True)
    author = supergraph.field_meta("Doc", "author")
    assert author is not None and author.requirements == supergraph.types["User"].requirements
    opened = supergraph.field_meta("Query", "open")
    assert opened is not None and opened.requirements == NONE


def test_the_api_schema_has_none_of_it() -> None:
    printed = print_schema(load_supergraph(_supergraph()).api_schema)
    for name in ("authenticated", "requiresScopes", "policy", "Scope", "Policy"):
        assert name not in printed


def test_renamed_links_are_read_under_their_names() -> None:
    sdl = _supergraph().replace(
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scopes", for: SECURITY)',
    )
    sdl = sdl.replace("@requiresScopes(", "@scopes(").replace("requiresScopes__Scope", "scopes__Scope")
    supergraph = load_supergraph(sdl)
    assert supergraph.types["Secret"].requirements == Requirements(scopes=_g(("secret",)))
    assert "scopes" not in print_schema(supergraph.api_schema)


def test_conjunction_keeps_the_minimal_alternatives() -> None:
    assert conjunction(_g(("a",), ("b",)), _g(("a",))) == _g(("a",))
    assert conjunction((), _g(("x",))) == _g(("x",))
    assert conjunction(_g(("a", "b"), ("c",)), _g(("c",), ("d",))) == _g(("c",), ("a", "b", "d"))

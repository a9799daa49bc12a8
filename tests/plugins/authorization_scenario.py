"""Two SDL subgraphs using the authorization directives, the supergraph composed from them, and a
test plugin that takes the principal from `x-test-principal: kind[;scope,scope]` (what the
identity plugin does from a verified token)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from gateway.composition import SubgraphSource, compose
from gateway.hooks import Plugin, RequestContext
from gateway.messages import GraphQLResult, Principal
from gateway.plugins import AuthorizationPlugin, DedupPlugin
from gateway.plugins.authorization import AuthorizationConfig
from tests.support.scenario import Scenario
from tests.support.sdl_subgraph import SdlSubgraph

_ON = "on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM"
_DIRECTIVES = f"""
scalar federation__Scope
scalar federation__Policy
directive @authenticated {_ON}
directive @requiresScopes(scopes: [[federation__Scope!]!]!) {_ON}
directive @policy(policies: [[federation__Policy!]!]!) {_ON}
"""
_LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", '
    'import: ["@key", "@authenticated", "@requiresScopes", "@policy"])\n'
)
PEOPLE_SDL = (
    _LINK
    + """
type Query {
  people: [Person!]!
  person(id: ID!): Person
  secretPerson(id: ID!): Person @requiresScopes(scopes: [["admin"]])
  me: Person @authenticated
  search: [Result!]!
  things: [Thing!]!
  matrix: [[Cell]]
  slow: String
}
type Person @key(fields: "id") {
  id: ID!
  name: String!
  email: String @requiresScopes(scopes: [["email:read"], ["admin"]])
  ssn: String! @requiresScopes(scopes: [["admin"]])
  notes: String @policy(policies: [["owner"]])
}
union Result = Person | Secret
type Secret @authenticated { code: String }
interface Thing { id: ID! label: String }
type Open implements Thing { id: ID! label: String }
type Closed implements Thing @requiresScopes(scopes: [["closed"]]) { id: ID! label: String }
type Cell { v: Int hidden: Int @authenticated }
"""
)
ADDRESSES_SDL = (
    _LINK
    + """
type Person @key(fields: "id") { id: ID! address: String @authenticated city: String }
"""
)
PEOPLE = [
    {"id": "1", "name": "Ada", "email": "ada@x", "ssn": "111", "notes": "n1"},
    {"id": "2", "name": "Bo", "email": "bo@x", "ssn": "222", "notes": "n2"},
]
THINGS = [
    {"__typename": "Open", "id": "o1", "label": "open"},
    {"__typename": "Closed", "id": "c1", "label": "closed"},
]


async def _slow(_o: Any, _i: Any) -> str:
    await asyncio.sleep(0.3)
    return "slow"


def people_subgraph() -> SdlSubgraph:
    return SdlSubgraph.build(
        PEOPLE_SDL + _DIRECTIVES,
        resolvers={
            "Query.people": lambda _o, _i: PEOPLE,
            "Query.person": lambda _o, _i, id: next((p for p in PEOPLE if p["id"] == id), None),
            "Query.secretPerson": lambda _o, _i, id: next((p for p in PEOPLE if p["id"] == id), None),
            "Query.me": lambda _o, _i: PEOPLE[0],
            "Query.search": lambda _o, _i: [
                {**PEOPLE[1], "__typename": "Person"},
                {"__typename": "Secret", "code": "s3"},
            ],
            "Query.things": lambda _o, _i: THINGS,
            "Query.matrix": lambda _o, _i: [[{"v": 1, "hidden": 10}], [{"v": 2, "hidden": 20}, None]],
            "Query.slow": _slow,
        },
        entities={"Person": lambda rep: next((p for p in PEOPLE if p["id"] == rep["id"]), None)},
    )


def addresses_subgraph() -> SdlSubgraph:
    return SdlSubgraph.build(
        ADDRESSES_SDL + _DIRECTIVES,
        entities={
            "Person": lambda rep: {"id": rep["id"], "address": f"street {rep['id']}", "city": "Tallinn"}
        },
    )


def supergraph_sdl() -> str:
    result = compose(
        [
            SubgraphSource("people", "http://people", PEOPLE_SDL),
            SubgraphSource("addresses", "http://addresses", ADDRESSES_SDL),
        ]
    )
    assert result.supergraph_sdl is not None, [str(e) for e in result.errors]
    return result.supergraph_sdl


class HeaderPrincipal(Plugin):
    """Tests only: `x-test-principal: official;email:read,admin`."""

    name = "test-principal"

    async def on_request(self, ctx: RequestContext) -> GraphQLResult | None:
        header = ctx.headers.get("x-test-principal")
        if header:
            kind, _, scopes = header.partition(";")
            ctx.principal = Principal(
                kind=kind, subject=kind, scopes=frozenset(filter(None, scopes.split(",")))
            )
        return None


def is_owner(principal: Principal, ctx: RequestContext) -> bool:
    return principal.subject == "citizen"


@contextlib.contextmanager
def authorization_scenario(reject: bool = False) -> Iterator[Scenario]:
    plugins = [
        HeaderPrincipal(),
        AuthorizationPlugin(AuthorizationConfig(reject_unauthorized=reject), policies={"owner": is_owner}),
        DedupPlugin(),
    ]
    apps = {"people": people_subgraph().app, "addresses": addresses_subgraph().app}
    with Scenario.start(supergraph_sdl(), apps, plugins=plugins) as scenario:
        yield scenario


def ask(
    scenario: Scenario, query: str, principal: str | None = None, variables: Mapping[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    headers = {"x-test-principal": principal} if principal else {}
    body: dict[str, Any] = {"query": query}
    if variables is not None:
        body["variables"] = dict(variables)
    response = scenario.post(body, headers=headers)
    result: dict[str, Any] = response.json()
    return response.status_code, result

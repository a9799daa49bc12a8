"""Two agencies' subgraphs (graphql-core) that report whose personal data they return, as the
disclosure protocol asks: `extensions.govgraph.disclosures` in every response that has some.

    people: Query.citizen(id), Query.citizens(ids), Query.weather (not personal), Query.rumour
            (personal, but misreported: no coordinates);
            Citizen @key(id) { name address }                 name and address are personal
    tax:    Citizen { taxAccount { balance } }               TaxAccount.balance is personal
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from graphql import graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.composition import SubgraphSource, compose
from tests.support.sdl_subgraph import SdlSubgraph
from tests.support.servers import serving

LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])'
PEOPLE_SDL = f"""{LINK}
type Query {{
  citizen(id: ID!): Citizen  citizens(ids: [ID!]!): [Citizen!]!  weather: String  rumour: String
}}
type Citizen @key(fields: "id") {{ id: ID!  name: String  address: String }}
"""
TAX_SDL = f"""{LINK}
type Citizen @key(fields: "id") {{ id: ID!  taxAccount: TaxAccount }}
type TaxAccount {{ balance: Float  currency: String }}
"""
MARI, JAAN, KATI = "38001010001", "38002020002", "49003030003"
PEOPLE = {
    MARI: {"id": MARI, "name": "Mari Maasikas", "address": "Tallinn"},
    JAAN: {"id": JAAN, "name": "Jaan Tamm", "address": "Tartu"},
    KATI: {"id": KATI, "name": "Kati Karu", "address": "Pärnu"},
}
BALANCES = {MARI: 120.5, JAAN: -40.0, KATI: 0.0}


def _personal(type_name: str, field_name: str, owner: str = "id") -> Any:
    """A resolver that returns the field and notes it as disclosed (the request's context)."""

    def resolve(obj: Mapping[str, Any], info: Any) -> Any:
        info.context.setdefault(obj[owner], set()).add(f"{type_name}.{field_name}")
        return obj.get(field_name)

    return resolve


def _misreported(_obj: Any, info: Any) -> str:
    """Personal data reported without schema coordinates: the gateway cannot record it faithfully."""
    info.context.setdefault(MARI, set()).add("rumour")
    return "Mari moved"


def people() -> SdlSubgraph:
    return SdlSubgraph.build(
        PEOPLE_SDL,
        resolvers={
            "Query.citizen": lambda _o, _i, id: PEOPLE.get(id),
            "Query.citizens": lambda _o, _i, ids: [PEOPLE[i] for i in ids if i in PEOPLE],
            "Query.weather": lambda _o, _i: "sunny",
            "Query.rumour": _misreported,
            "Citizen.name": _personal("Citizen", "name"),
            "Citizen.address": _personal("Citizen", "address"),
        },
        entities={"Citizen": lambda rep: PEOPLE.get(rep["id"])},
    )


def tax() -> SdlSubgraph:
    return SdlSubgraph.build(
        TAX_SDL,
        resolvers={
            "Citizen.taxAccount": lambda obj, _i: {"citizen": obj["id"], "balance": BALANCES.get(obj["id"])},
            "TaxAccount.balance": _personal("TaxAccount", "balance", owner="citizen"),
            "TaxAccount.currency": lambda _o, _i: "EUR",
        },
    )


def disclosing_app(sub: SdlSubgraph) -> Starlette:
    """Serve `sub` over HTTP, adding what its resolvers disclosed to the response's extensions."""

    async def endpoint(request: Request) -> JSONResponse:
        body = await request.json()
        disclosed: dict[str, set[str]] = {}
        result = await graphql(
            sub.schema,
            body.get("query") or "",
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            context_value=disclosed,
        )
        out = dict(result.formatted)
        if disclosed:
            items = [{"citizen": c, "fields": sorted(f)} for c, f in sorted(disclosed.items())]
            out["extensions"] = {"govgraph": {"disclosures": items}}
        return JSONResponse(out)

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"])])


def supergraph(urls: Mapping[str, str]) -> str:
    sources = [
        SubgraphSource("people", urls["people"], PEOPLE_SDL),
        SubgraphSource("tax", urls["tax"], TAX_SDL),
    ]
    result = compose(sources)
    assert result.supergraph_sdl is not None, result.errors
    return result.supergraph_sdl


def main() -> None:
    """`python -m tests.audit.agencies`: serve both agencies, print their URLs (JSON), run until killed."""
    import json
    import threading

    with contextlib.ExitStack() as stack:
        urls = stack.enter_context(
            serving({"people": disclosing_app(people()), "tax": disclosing_app(tax())})
        )
        print(json.dumps(urls), flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()

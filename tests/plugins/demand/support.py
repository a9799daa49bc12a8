"""The five agencies' committed SDL (`schema/subgraphs/`), each served on 127.0.0.1 as a real
subgraph (graphql-core, requests recorded) with a few resolvers, and a gateway over them composed
by govgraph with demand control configured as asked."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from gateway.composition import SubgraphSource, compose
from gateway.config import GatewayConfig
from gateway.http.app import create_app
from gateway.plugins import build_plugins
from gateway.plugins.demand import DemandConfig
from tests.support.recording import RecordingApp
from tests.support.sdl_subgraph import SdlSubgraph
from tests.support.servers import ServerThread, serving

SCHEMA = Path(__file__).resolve().parents[3] / "schema" / "subgraphs"
AGENCIES = ("registry", "tax", "transport", "benefits", "services")
ME = "38001010001"
COST_DIRECTIVES = """directive @listSize(
  assumedSize: Int
  slicingArguments: [String!]
  sizedFields: [String!]
  requireOneSlicingArgument: Boolean = true
) on FIELD_DEFINITION
directive @cost(weight: Int!)
  on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
"""


def _citizen(id_: str, depth: int = 2) -> dict[str, Any]:
    household = (
        {"id": "h1", "members": [_citizen(m, depth - 1) for m in (ME, "49003030003")]} if depth else None
    )
    return {"id": id_, "givenName": "Mari", "familyName": "Maasikas", "household": household}


def agency_sdl(name: str) -> str:
    """The agency's committed SDL without what every subgraph answers (SdlSubgraph adds it)."""
    sdl = (SCHEMA / f"{name}.graphql").read_text(encoding="utf-8")
    sdl = re.sub(r"\n  _entities\(.*\n  _service: _Service!", "", sdl)
    sdl = re.sub(r"scalar _Any\n|union _Entity = .*\n|type _Service \{\n  sdl: String!\n\}\n?", "", sdl)
    return sdl.replace("type Query {\n}\n", "")


def _subgraph(name: str) -> SdlSubgraph:
    sdl = COST_DIRECTIVES + agency_sdl(name)
    resolvers: dict[str, Any] = {}
    if name == "registry":
        resolvers = {
            "Query.me": lambda _o, _i: _citizen(ME),
            "Query.citizens": lambda _o, _i, ids: [_citizen(i, 0) for i in ids],
        }
    return SdlSubgraph.build(sdl, resolvers=resolvers)


@dataclass
class Platform:
    url: str  # the gateway's /graphql
    recorders: dict[str, RecordingApp]
    supergraph_sdl: str

    def subgraph_requests(self) -> int:
        return sum(r.count for r in self.recorders.values())

    def clear(self) -> None:
        for recorder in self.recorders.values():
            recorder.clear()

    def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        accept = {"accept": "application/graphql-response+json"}
        return httpx.post(self.url, json=body, headers=accept, timeout=30)


@contextlib.contextmanager
def platform(config: DemandConfig) -> Iterator[Platform]:
    recorders = {name: RecordingApp(_subgraph(name).app) for name in AGENCIES}
    with serving(recorders) as urls:
        sources = [SubgraphSource(n, urls[n], (SCHEMA / f"{n}.graphql").read_text()) for n in AGENCIES]
        result = compose(sources)
        assert result.supergraph_sdl is not None, result.errors
        plugins = build_plugins({"demand_control": config})
        app = create_app(GatewayConfig(supergraph_sdl=result.supergraph_sdl), plugins=plugins)
        server = ServerThread(app).start()
        try:
            yield Platform(server.url + "/graphql", recorders, result.supergraph_sdl)
        finally:
            server.stop()

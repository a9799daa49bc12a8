"""Two real subgraphs for the cache tests, served on 127.0.0.1, and a gateway in front of them
configured from YAML exactly as `govgraph serve --config` would be.

    people   Citizen @key(id) { id name }, Query.me (from x-citizen-id), citizens(ids), services
    claims   Citizen.claims, Mutation.apply(citizenId, kind) -> { success citizen { id } }

Each answers with the `Cache-Control` its `hints` say for the root field or `_entities` call
(`HINTS`, changed by tests); `Platform.stop("claims")` stops a subgraph's server for real.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from graphql import graphql
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.composition import SubgraphSource, compose
from gateway.config.loader import load_text
from gateway.http.app import create_app
from gateway.serve.assemble import plugins, runtime_settings
from gateway.serve.model import FileConfig
from tests.support.recording import RecordingApp
from tests.support.sdl_subgraph import SdlSubgraph
from tests.support.servers import ServerThread

FED = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
PEOPLE_SDL = (
    FED
    + """
type Query { me: Citizen  citizens(ids: [ID!]!): [Citizen!]!  services: [Service!]! }
type Citizen @key(fields: "id") { id: ID!  name: String }
type Service { name: String! }
"""
)
CLAIMS_SDL = (
    FED
    + """
type Citizen @key(fields: "id") { id: ID!  claims: [Claim!]! }
type Claim { kind: String!  status: String! }
type ApplyResult { success: Boolean!  citizen: Citizen }
type Mutation { apply(citizenId: ID!, kind: String!): ApplyResult! }
"""
)
NAMES = {"a": "Anna", "b": "Bruno", "c": "Cleo", "d": "Dan"}


@dataclass
class World:
    """The subgraphs' data and the `Cache-Control` they send, per root field or `_entities`."""

    claims: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {cid: [{"kind": "child", "status": "paid"}] for cid in NAMES}
    )
    hints: dict[str, str] = field(
        default_factory=lambda: {
            "me": "private, max-age=60",
            "citizens": "public, max-age=60",
            "services": "public, max-age=3600",
            "_entities": "public, max-age=60",
        }
    )


def people(world: World) -> SdlSubgraph:
    def me(_obj: Any, info: Any) -> dict[str, Any] | None:
        cid = info.context["headers"].get("x-citizen-id")
        return {"id": cid, "name": NAMES[cid]} if cid in NAMES else None

    return SdlSubgraph.build(
        PEOPLE_SDL,
        resolvers={
            "Query.me": me,
            "Query.citizens": lambda _o, _i, ids: [{"id": i, "name": NAMES.get(i)} for i in ids],
            "Query.services": lambda _o, _i: [{"name": "Passport"}, {"name": "Parking permit"}],
        },
        entities={"Citizen": lambda rep: {"id": rep["id"], "name": NAMES.get(rep["id"])}},
    )


def claims(world: World) -> SdlSubgraph:
    def apply(_obj: Any, _info: Any, citizenId: str, kind: str) -> dict[str, Any]:
        world.claims.setdefault(citizenId, []).append({"kind": kind, "status": "received"})
        return {"success": True, "citizen": {"id": citizenId}}

    return SdlSubgraph.build(
        CLAIMS_SDL,
        resolvers={"Mutation.apply": apply},
        entities={"Citizen": lambda rep: {"id": rep["id"], "claims": list(world.claims.get(rep["id"], []))}},
    )


def serve(subgraph: SdlSubgraph, world: World) -> Starlette:
    """The subgraph over HTTP, with the world's `Cache-Control` for what was asked."""

    async def endpoint(request: Request) -> JSONResponse:
        body = await request.json()
        executed = await graphql(
            subgraph.schema,
            body.get("query") or "",
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
            context_value={"headers": request.headers},
        )
        result = dict(executed.formatted)
        query = body.get("query") or ""
        hint = next((v for name, v in world.hints.items() if re.search(rf"\b{name}\b", query)), None)
        headers = {"cache-control": hint} if hint and "mutation" not in query else {}
        return JSONResponse(result, headers=headers)

    return Starlette(routes=[Route("/graphql", endpoint, methods=["POST"])])


def supergraph_sdl() -> str:
    result = compose(
        [SubgraphSource("people", "http://people/graphql", PEOPLE_SDL),
         SubgraphSource("claims", "http://claims/graphql", CLAIMS_SDL)]
    )  # fmt: skip
    assert result.supergraph_sdl is not None, result.errors
    return result.supergraph_sdl


@dataclass
class Platform:
    """The two subgraphs (recorded) and one or more gateways configured from YAML."""

    world: World
    recorders: dict[str, RecordingApp]
    servers: dict[str, ServerThread]
    gateways: list[str]
    client: httpx.Client

    def post(self, body: Any, headers: Mapping[str, str] | None = None, which: int = 0) -> httpx.Response:
        return self.client.post(self.gateways[which], json=body, headers=headers)

    def get(self, params: Mapping[str, str], headers: Mapping[str, str] | None = None) -> httpx.Response:
        return self.client.get(self.gateways[0], params=params, headers=headers)

    def clear(self) -> None:
        for recorder in self.recorders.values():
            recorder.clear()

    def count(self, name: str) -> int:
        return self.recorders[name].count

    def stop(self, name: str) -> None:
        self.servers[name].stop()


def gateway_config(urls: Mapping[str, str], yaml_text: str) -> FileConfig:
    subgraphs = "".join(f"  {name}: {{url: {url}}}\n" for name, url in urls.items())
    text = "supergraph: {file: unused.graphql}\nsubgraphs:\n" + subgraphs + yaml_text
    return load_text(text, FileConfig, "test.yaml")


@contextlib.contextmanager
def platform(yaml_text: str, gateways: int = 1, extra_plugins: tuple[Any, ...] = ()) -> Iterator[Platform]:
    world = World()
    apps = {"people": people(world), "claims": claims(world)}
    recorders = {name: RecordingApp(serve(sub, world)) for name, sub in apps.items()}
    servers = {name: ServerThread(app).start() for name, app in recorders.items()}
    urls = {name: server.url + "/graphql" for name, server in servers.items()}
    started: list[ServerThread] = []
    try:
        sdl = supergraph_sdl()
        for _ in range(gateways):
            config = gateway_config(urls, yaml_text)
            app = create_app(runtime_settings(config, sdl), plugins=[*extra_plugins, *plugins(config)])
            started.append(ServerThread(app, lifespan="on").start())
        with httpx.Client(timeout=10) as client:
            yield Platform(world, recorders, servers, [s.url + "/graphql" for s in started], client)
    finally:
        for server in [*started, *servers.values()]:
            with contextlib.suppress(Exception):
                server.stop()


def write_manifest(path: Path, documents: Mapping[str, str]) -> Path:
    import json

    path.write_text(json.dumps(dict(documents)))
    return path

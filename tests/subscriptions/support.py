"""Two real subgraphs and a gateway on 127.0.0.1 ports, for the subscription tests.

    claims   strawberry, `Subscription { claimChanged: Claim! }` over graphql-transport-ws at
             /graphql; `POST /emit {"count": n, "padding": bytes}` sends n events to every
             subscriber, `GET /subscribers` counts them, `POST /drop` closes their sockets
             without `complete` (a subgraph that goes away); what each subscriber's handshake
             and `connection_init` carried is kept in `Hub.seen`
    people   strawberry, resolves `Person.name` for the gateway's entity fetches; answers 503 to
             the next `HUB.people_unavailable` requests

The supergraph is composed with govgraph's composition from the subgraphs' SDL.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from strawberry.asgi import GraphQL
from strawberry.extensions import SchemaExtension
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet
from strawberry.types import Info

from gateway.composition import SubgraphSource, compose
from gateway.config import GatewayConfig
from gateway.hooks import Plugin
from gateway.http.app import create_app
from tests.support.servers import ServerThread


@dataclass
class Seen:
    identity: str | None
    init_headers: dict[str, Any]


@dataclass
class Hub:
    """The claims subgraph's subscribers: one queue each (None ends a subscription)."""

    queues: set[asyncio.Queue[Any]] = field(default_factory=set)
    seen: list[Seen] = field(default_factory=list)
    sent: int = 0
    sockets: list[Any] = field(default_factory=list)
    people_unavailable: int = 0  # the people subgraph's next requests answered 503


HUB = Hub()


@strawberry.federation.type(keys=[Key(fields=FieldSet("id"), resolvable=False)])
class Person:
    id: strawberry.ID


@strawberry.type
class Claim:
    id: strawberry.ID
    status: str
    applicant: Person
    padding: str = ""


@strawberry.type
class ClaimsQuery:
    @strawberry.field
    def claim(self, id: strawberry.ID) -> Claim:
        return Claim(id=id, status="RECEIVED", applicant=Person(id=strawberry.ID("p1")))


@strawberry.type
class ClaimsSubscription:
    @strawberry.subscription
    async def claim_changed(self, info: Info) -> AsyncGenerator[Claim, None]:
        request = info.context["request"]
        params = info.context.get("connection_params") or {}
        HUB.seen.append(Seen(request.headers.get("x-govgraph-identity"), dict(params.get("headers") or {})))
        HUB.sockets.append(request)
        queue: asyncio.Queue[Any] = asyncio.Queue()
        HUB.queues.add(queue)
        try:
            while (event := await queue.get()) is not None:
                yield event
        finally:
            HUB.queues.discard(queue)


@strawberry.federation.type(keys=["id"], name="Person")
class PersonEntity:
    id: strawberry.ID

    @strawberry.field
    def name(self) -> str:
        return f"Person {self.id}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PersonEntity:
        return PersonEntity(id=id)


@strawberry.type
class PeopleQuery:
    @strawberry.field
    def person(self, id: strawberry.ID) -> PersonEntity:
        return PersonEntity(id=id)


class Disclosing(SchemaExtension):
    """Each claim event discloses its applicant's claim status (the audit plugin records it)."""

    def get_results(self) -> dict[str, Any]:
        return {"govgraph": {"disclosures": [{"citizen": DISCLOSED_CITIZEN, "fields": ["Claim.status"]}]}}


DISCLOSED_CITIZEN = "39001010001"
CLAIMS = strawberry.federation.Schema(
    query=ClaimsQuery, subscription=ClaimsSubscription, extensions=[Disclosing]
)
PEOPLE = strawberry.federation.Schema(query=PeopleQuery, types=[PersonEntity])


def claims_app() -> Starlette:
    async def emit(request: Request) -> JSONResponse:
        body = await request.json()
        count, padding = int(body.get("count", 1)), "x" * int(body.get("padding", 0))
        for n in range(count):
            claim = Claim(
                id=strawberry.ID(str(HUB.sent + n)),
                status="DECIDED",
                applicant=Person(id=strawberry.ID(f"p{n}")),
                padding=padding,
            )
            for queue in list(HUB.queues):
                queue.put_nowait(claim)
        HUB.sent += count
        return JSONResponse({"subscribers": len(HUB.queues)})

    async def subscribers(request: Request) -> JSONResponse:
        return JSONResponse({"subscribers": len(HUB.queues)})

    async def drop(request: Request) -> JSONResponse:
        sockets, HUB.sockets = HUB.sockets, []
        for socket in sockets:
            with contextlib.suppress(Exception):
                await socket.close(1011)
        return JSONResponse({"dropped": len(sockets)})

    return Starlette(
        routes=[
            Route("/emit", emit, methods=["POST"]),
            Route("/subscribers", subscribers),
            Route("/drop", drop, methods=["POST"]),
            *graphql_routes(GraphQL(CLAIMS)),
        ]
    )


class UnavailableFirst(GraphQL):
    """503 for the next `HUB.people_unavailable` requests (a transient outage), then answers."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and HUB.people_unavailable > 0:
            HUB.people_unavailable -= 1
            await JSONResponse({"error": "maintenance"}, status_code=503)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def people_app() -> Starlette:
    return Starlette(routes=graphql_routes(UnavailableFirst(PEOPLE)))


def graphql_routes(app: GraphQL) -> list[BaseRoute]:
    return [Route("/graphql", app, methods=["GET", "POST"]), WebSocketRoute("/graphql", app)]


def supergraph(urls: dict[str, str]) -> str:
    sources = [
        SubgraphSource("claims", urls["claims"], CLAIMS.as_str()),
        SubgraphSource("people", urls["people"], PEOPLE.as_str()),
    ]
    result = compose(sources)
    assert result.supergraph_sdl is not None and not result.errors, result.errors
    return result.supergraph_sdl


@dataclass
class Platform:
    gateway: str  # http://127.0.0.1:port
    claims: str  # the claims subgraph's base URL (its trigger routes)
    servers: dict[str, ServerThread]

    @property
    def ws(self) -> str:
        return self.gateway.replace("http://", "ws://") + "/graphql"

    def emit(self, count: int, padding: int = 0) -> int:
        answer = httpx.post(f"{self.claims}/emit", json={"count": count, "padding": padding}, timeout=30)
        return int(answer.json()["subscribers"])

    def subscribers(self) -> int:
        return int(httpx.get(f"{self.claims}/subscribers", timeout=10).json()["subscribers"])

    async def wait_for_subscribers(self, count: int, timeout: float = 60.0) -> None:
        async with asyncio.timeout(timeout), httpx.AsyncClient() as client:
            while int((await client.get(f"{self.claims}/subscribers")).json()["subscribers"]) != count:
                await asyncio.sleep(0.05)


@contextlib.contextmanager
def subgraphs() -> Iterator[dict[str, ServerThread]]:
    """The two subgraphs, started."""
    HUB.seen.clear()
    servers = {"claims": ServerThread(claims_app()).start(), "people": ServerThread(people_app()).start()}
    try:
        yield servers
    finally:
        for server in servers.values():
            server.stop()


def subgraph_urls(servers: dict[str, ServerThread]) -> dict[str, str]:
    return {name: servers[name].url + "/graphql" for name in ("claims", "people")}


@contextlib.contextmanager
def platform(plugins: list[Plugin] | None = None) -> Iterator[Platform]:
    """Both subgraphs and a gateway (`plugins`: None, the built-in ones with their defaults)."""
    with subgraphs() as servers:
        urls = subgraph_urls(servers)
        config = GatewayConfig(supergraph_sdl=supergraph(urls), subgraph_urls=urls)
        gateway = ServerThread(create_app(config, plugins=plugins), lifespan="on").start()
        try:
            yield Platform(gateway.url, servers["claims"].url, {**servers, "gateway": gateway})
        finally:
            gateway.stop()

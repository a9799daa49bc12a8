"""Three agencies as real subgraphs on 127.0.0.1 (people, tax, benefits), benefits behind a gate
the test opens, the gateway with `@defer` on, and a reader of `multipart/mixed` parts.

    people    Query.me, Query.people, Query.parties [Office | Person];
              Person @key(id) { givenName address { street city } }
    tax       Person.taxAccount { balance }
    benefits  Person.benefitClaims [Claim!] { kind status }, Person.pension: Int! (fails for p2);
              every benefits field waits for `GATE` (open unless a test closes it)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from gateway.composition import SubgraphSource, compose
from gateway.config import GatewayConfig
from gateway.hooks import Plugin
from gateway.http.app import create_app
from gateway.plugins.defer import DeferConfig, DeferPlugin
from tests.support.sdl_subgraph import SdlSubgraph
from tests.support.servers import ServerThread, serving

MULTIPART_ACCEPT = "multipart/mixed;deferSpec=20220824, application/json"
FED2 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
PEOPLE = {
    "p1": {"id": "p1", "givenName": "Ada", "address": {"street": "1 Main St", "city": "Leeds"}},
    "p2": {"id": "p2", "givenName": "Bo", "address": {"street": "2 High St", "city": "York"}},
    "p3": {"id": "p3", "givenName": "Cy", "address": None},
}
CLAIMS = {"p1": [{"kind": "child", "status": "paid"}, {"kind": "housing", "status": "open"}], "p2": []}


class Gate:
    """Benefits answers only while open; `entered` tells that a benefits field is waiting."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.entered = threading.Event()

    async def wait(self) -> None:
        self.entered.set()
        await asyncio.to_thread(self.open.wait, 30)


GATE = Gate()


def _people() -> SdlSubgraph:
    sdl = (
        FED2
        + """
    type Query { me: Person people: [Person] parties: [Party] }
    type Person @key(fields: "id") { id: ID! givenName: String address: Address }
    type Address { street: String city: String! }
    type Office { name: String }
    union Party = Person | Office
    """
    )
    return SdlSubgraph.build(
        sdl,
        resolvers={
            "Query.me": lambda _o, _i: PEOPLE["p1"],
            "Query.people": lambda _o, _i: list(PEOPLE.values()),
            "Query.parties": lambda _o, _i: [
                {"__typename": "Office", "name": "Tax office"},
                {**PEOPLE["p2"], "__typename": "Person"},
            ],
        },
        entities={"Person": lambda rep: PEOPLE.get(rep["id"])},
    )


def _tax() -> SdlSubgraph:
    sdl = (
        FED2
        + """
    type Person @key(fields: "id") { id: ID! taxAccount: TaxAccount }
    type TaxAccount { balance: Int }
    """
    )
    return SdlSubgraph.build(
        sdl,
        entities={"Person": lambda rep: {"id": rep["id"], "taxAccount": {"balance": 100 + len(rep["id"])}}},
    )


async def _claims(person: dict[str, Any], _info: Any) -> list[dict[str, Any]] | None:
    await GATE.wait()
    return CLAIMS.get(person["id"])


async def _pension(person: dict[str, Any], _info: Any) -> int:
    await GATE.wait()
    if person["id"] == "p2":
        raise ValueError("pension record unavailable")
    return 42


def _benefits() -> SdlSubgraph:
    sdl = (
        FED2
        + """
    type Person @key(fields: "id") { id: ID! benefitClaims: [Claim!] pension: Int! }
    type Claim { kind: String status: String }
    """
    )
    return SdlSubgraph.build(
        sdl,
        resolvers={"Person.benefitClaims": _claims, "Person.pension": _pension},
        entities={"Person": lambda rep: {"id": rep["id"]}},
    )


@contextlib.contextmanager
def agencies_gateway(plugins: list[Plugin] | None = None) -> Iterator[str]:
    """The three subgraphs and a gateway with `@defer` on; yields the gateway's `/graphql` URL."""
    subgraphs = {"people": _people(), "tax": _tax(), "benefits": _benefits()}
    with serving({name: sub.app for name, sub in subgraphs.items()}) as urls:
        result = compose([SubgraphSource(name, urls[name], sub.sdl) for name, sub in subgraphs.items()])
        assert result.supergraph_sdl is not None, result.errors
        config = GatewayConfig(supergraph_sdl=result.supergraph_sdl, subgraph_urls=urls)
        chosen = plugins if plugins is not None else [DeferPlugin(DeferConfig(enabled=True))]
        server = ServerThread(create_app(config, plugins=chosen)).start()
        try:
            yield server.url + "/graphql"
        finally:
            server.stop()


class Parts:
    """The JSON parts of a `multipart/mixed` response, read as they arrive: each one once the
    delimiter after it has arrived, as browsers' and Apollo's readers take them."""

    def __init__(self, response: httpx.Response) -> None:
        self.chunks = response.aiter_raw()
        self.buffer = b""
        self.ended = False

    async def next(self) -> dict[str, Any]:
        while True:
            part = self._complete()
            if part is not None:
                return part
            self.buffer += await anext(self.chunks)

    def _complete(self) -> dict[str, Any] | None:
        start = self.buffer.find(b"\r\n---\r\n")
        if start < 0:
            return None
        head_end = self.buffer.find(b"\r\n\r\n", start + 7)
        if head_end < 0:
            return None
        body = self.buffer[head_end + 4 :]
        end = body.find(b"\r\n---")
        if end < 0:  # as meros (GraphiQL) and Apollo Client: a part is whole at the next delimiter
            return None
        part = json.loads(body[:end])
        self.buffer = body[end:]
        return dict(part)

    async def rest(self) -> list[dict[str, Any]]:
        found = []
        while True:
            part = await self.next()
            found.append(part)
            if not part.get("hasNext"):
                return found


@contextlib.asynccontextmanager
async def streamed(
    url: str, query: str, variables: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> AsyncIterator[Parts]:
    body = {"query": query, "variables": variables or {}}
    sent = {"accept": MULTIPART_ACCEPT, **(headers or {})}
    async with (
        httpx.AsyncClient(timeout=30) as client,
        client.stream("POST", url, json=body, headers=sent) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("multipart/mixed")
        yield Parts(response)


def merge(initial: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The response a client ends up with: each `incremental` item's data merged at its path."""
    data = json.loads(json.dumps(initial["data"]))
    errors = list(initial.get("errors", []))
    for part in parts:
        for item in part.get("incremental", []):
            errors.extend(item.get("errors", []))
            target: Any = data
            for key in item["path"]:
                target = target[key]
            if item["data"] is not None:
                _deep_merge(target, item["data"])
    return {"data": data, **({"errors": errors} if errors else {})}


def _deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value

"""The files `govgraph new-subgraph NAME` writes, as `string.Template`s: $name (the agency), $Pascal and
$camel (its name in type and field names), $module (its Python package), $port, $root_up (how many
folders the test is below the project root). Their code lines are formatted with ruff after writing
(long agency names make long lines); the text in strings and docstrings keeps long names off them."""

from __future__ import annotations

from string import Template

INIT = Template('''\
"""The $name agency's subgraph, scaffolded by `govgraph new-subgraph`.

schema.py: the GraphQL schema, the agency's part of `Citizen` and its public root field.
client.py: the legacy-client seam, where the agency's real system is called.
app.py: the ASGI app, GraphQL at /graphql and GET /health.
__main__.py: `python -m $module`.
"""
''')

CLIENT = Template('''\
"""The seam between the $name subgraph and the agency's legacy system.

The schema asks this client only, so connecting the real system changes this file alone.
Until then the client answers from a small in-memory fixture; each method marks with REAL SYSTEM
the place to call the agency's system instead (HTTP, SOAP, a database, an export folder), keeping
the return types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Licence:
    number: str
    valid_until: date


@dataclass(frozen=True, slots=True)
class Status:
    online: bool
    licences_issued: int


FIXTURE: dict[str, Licence] = {
    "38001085718": Licence("${Pascal}-0001", date(2030, 12, 31)),
}


class ${Pascal}Client:
    """The agency's data, from `fixture` (by personal code) until the real system is connected."""

    def __init__(self, fixture: Mapping[str, Licence] | None = None) -> None:
        self.licences = dict(FIXTURE if fixture is None else fixture)

    def licence_of(self, citizen_id: str) -> Licence | None:
        """The citizen's licence, None when they hold none."""
        # REAL SYSTEM: look the citizen up in the agency's register here.
        if citizen_id in self.licences:
            return self.licences[citizen_id]
        if len(citizen_id) == 11 and citizen_id.isdigit():  # a sample licence for any personal code
            return Licence(f"${Pascal}-{citizen_id[-6:]}", date(2030, 12, 31))
        return None

    def status(self) -> Status:
        """Public facts about the agency's service."""
        # REAL SYSTEM: ask the agency's system whether it is up, and its public figures.
        return Status(online=True, licences_issued=len(self.licences))
''')

SCHEMA = Template('''\
"""The $name subgraph's schema.

It adds a licence field to the `Citizen` entity (keyed by `id`, owned by the registry) and a
public root field with the agency's status. Its data comes through `client.py`.

The licence is personal data (`personal_field`, tagged personal-data): only the citizen themselves,
or an official with the agency's read scope and a stated purpose, may read it, as the gateway
verified them (`x-govgraph-identity`); each read is reported to the gateway's audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import strawberry
from strawberry.types import Info

from $module.client import ${Pascal}Client
from subgraphs.common.access import Access, AgencySchema, personal_field


@dataclass
class ${Pascal}Context:
    client: ${Pascal}Client
    access: Access
    request: object = None
    response: object = None


@strawberry.type(description="A licence issued by the agency.")
class ${Pascal}Licence:
    number: str
    valid_until: date


@strawberry.type(description="Public facts about the agency's service.")
class ${Pascal}Status:
    online: bool
    licences_issued: int


@strawberry.federation.type(keys=["id"])
class Citizen:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Citizen:
        return cls(id=id)  # nothing to look up: the fields below ask the client

    @personal_field(description="The person's licence from this agency, if they hold one.")
    def ${name}_licence(self, info: Info[${Pascal}Context, None]) -> ${Pascal}Licence | None:
        licence = info.context.client.licence_of(str(self.id))
        if licence is None:
            return None
        return ${Pascal}Licence(number=licence.number, valid_until=licence.valid_until)


@strawberry.type
class Query:
    @strawberry.field(description="Public facts about the agency's service (no personal data).")
    def ${name}_status(self, info: Info[${Pascal}Context, None]) -> ${Pascal}Status:
        status = info.context.client.status()
        return ${Pascal}Status(online=status.online, licences_issued=status.licences_issued)


schema = AgencySchema(query=Query, types=[Citizen], federation_version="2.9")
''')

APP = Template('''\
"""The $name subgraph as an ASGI app: GraphQL at `/graphql`, `GET /health`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from $module.client import ${Pascal}Client
from $module.schema import ${Pascal}Context, schema
from subgraphs.common.access import GatewayIdentity
from subgraphs.playground import with_playground


class ${Pascal}GraphQL(GraphQL):
    def __init__(self, client: ${Pascal}Client, identity: GatewayIdentity) -> None:
        super().__init__(schema, graphql_ide=None)
        self.client, self.identity = client, identity

    async def get_context(self, request: Any, response: Any) -> ${Pascal}Context:
        return ${Pascal}Context(self.client, self.identity.access(request.headers), request, response)


def create_app(client: ${Pascal}Client | None = None, public_key: Path | None = None) -> Starlette:
    """`public_key`: the gateway's, to verify `x-govgraph-identity` with (default:
    `$$GOVGRAPH_GATEWAY_PUBLIC_KEY`); without one, every caller is anonymous."""
    client = client or ${Pascal}Client()
    identity = GatewayIdentity("$name", public_key)

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "subgraph": "$name"})

    graphql = ${Pascal}GraphQL(client, identity)
    routes = [Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])]
    return with_playground(Starlette(routes=routes), "$name")
''')

MAIN = Template('''\
"""`python -m $module --port $port [--host 127.0.0.1]`"""

from __future__ import annotations

import argparse

import uvicorn

from $module.app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m $module", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=$port)
    args = parser.parse_args(argv)
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
''')

TEST = Template('''\
"""The $name subgraph as generated, served by its own process on a free 127.0.0.1 port.

It answers its public root field, resolves `Citizen` references and publishes its federation SDL;
the licence (personal data) goes only to the citizen or to an official with the agency's read scope
and a purpose, as a test gateway key signed them in `x-govgraph-identity`; each read is reported.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.messages import Principal
from gateway.plugins.identity import IdentitySigner
from subgraphs.common.identity import HEADER
from subgraphs.common.keys import ensure_keypair, public_path

ROOT = Path(__file__).resolve().parents[$root_up]
CITIZEN = "38001085718"
ENTITIES = (
    "query($$r: [_Any!]!) { _entities(representations: $$r) {"
    " ... on Citizen { id ${camel}Licence { number validUntil } } } }"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A test gateway's signing key (its public half is what the subgraph verifies with)."""
    private = tmp_path_factory.mktemp("keys") / "gateway.pem"
    ensure_keypair(private)
    return private


@pytest.fixture(scope="module")
def url(keys: Path) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "$module", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "GOVGRAPH_GATEWAY_PUBLIC_KEY": str(public_path(keys))}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the subgraph did not answer /health"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _caller(keys: Path, kind: str, citizen_id: str | None = None, **claims: Any) -> dict[str, str]:
    """`x-govgraph-identity` as the gateway would send it for this caller."""
    scopes = frozenset(claims.get("scopes", ()))
    principal = Principal(kind=kind, subject=citizen_id or kind, citizen_id=citizen_id, scopes=scopes)
    token = IdentitySigner(keys, "govgraph-gateway").token_for(principal, "$name", claims.get("purpose"))
    return {HEADER: token}


def _post(url: str, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    payload = {"query": query, "variables": variables or {}}
    response = httpx.post(url, json=payload, headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _licences(url: str, headers: dict[str, str]) -> dict[str, Any]:
    return _post(url, ENTITIES, {"r": [{"__typename": "Citizen", "id": CITIZEN}]}, **headers)


def test_the_public_root_field(url: str) -> None:
    body = _post(url, "{ ${camel}Status { online licencesIssued } }")
    status = body["data"]["${camel}Status"]
    assert "errors" not in body and status["online"] is True and status["licencesIssued"] >= 0


def test_a_citizen_reads_their_own_licence_and_the_read_is_reported(url: str, keys: Path) -> None:
    body = _licences(url, _caller(keys, "citizen", CITIZEN))
    assert "errors" not in body, body
    assert body["data"]["_entities"][0]["${camel}Licence"]["number"]
    disclosed = body["extensions"]["govgraph"]["disclosures"]
    assert disclosed == [{"citizen": CITIZEN, "fields": ["Citizen.${camel}Licence"]}]


def test_anonymous_callers_and_other_citizens_get_no_licence(url: str, keys: Path) -> None:
    for headers in ({}, _caller(keys, "citizen", "49001010000")):
        body = _licences(url, headers)
        assert body["data"]["_entities"][0]["${camel}Licence"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        assert "govgraph" not in body.get("extensions", {})


def test_an_official_needs_the_scope_and_a_purpose(url: str, keys: Path) -> None:
    allowed = _caller(keys, "official", scopes=["$name:read"], purpose="case 17")
    assert _licences(url, allowed)["data"]["_entities"][0]["${camel}Licence"]["number"]
    for headers in (_caller(keys, "official", scopes=["$name:read"]), _caller(keys, "official", purpose="x")):
        assert [e["extensions"]["code"] for e in _licences(url, headers)["errors"]] == ["FORBIDDEN"]


def test_a_forged_identity_is_refused(url: str, keys: Path, tmp_path: Path) -> None:
    forger = tmp_path / "forger.pem"
    ensure_keypair(forger)
    body = _licences(url, _caller(forger, "citizen", CITIZEN))
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


def test_the_federation_sdl(url: str) -> None:
    sdl = _post(url, "{ _service { sdl } }")["data"]["_service"]["sdl"]
    assert 'type Citizen @key(fields: "id")' in sdl
    assert "${camel}Status: ${Pascal}Status!" in sdl
    assert '${camel}Licence: ${Pascal}Licence @tag(name: "personal-data")' in sdl
''')

AGENCY_ENTRY = Template("""\
  - name: $name  # scaffolded by `govgraph new-subgraph $name`; its legacy system: $module.client
    port: $port
""")

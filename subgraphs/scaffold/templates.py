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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import strawberry
from strawberry.types import Info

from $module.client import ${Pascal}Client


@dataclass
class ${Pascal}Context:
    client: ${Pascal}Client
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

    @strawberry.field(description="The person's licence from this agency, if they hold one.")
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


schema = strawberry.federation.Schema(query=Query, types=[Citizen], federation_version="2.9")
''')

APP = Template('''\
"""The $name subgraph as an ASGI app: GraphQL at `/graphql`, `GET /health`."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from $module.client import ${Pascal}Client
from $module.schema import ${Pascal}Context, schema
from subgraphs.playground import with_playground


class ${Pascal}GraphQL(GraphQL):
    def __init__(self, client: ${Pascal}Client) -> None:
        super().__init__(schema, graphql_ide=None)
        self.client = client

    async def get_context(self, request: Any, response: Any) -> ${Pascal}Context:
        return ${Pascal}Context(self.client, request, response)


def create_app(client: ${Pascal}Client | None = None) -> Starlette:
    client = client or ${Pascal}Client()

    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "subgraph": "$name"})

    routes = [Route("/health", health), Route("/graphql", ${Pascal}GraphQL(client), methods=["GET", "POST"])]
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

It answers its public root field, resolves `Citizen` references and publishes its federation SDL.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[$root_up]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "$module", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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


def _post(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(url, json={"query": query, "variables": variables or {}}, timeout=10)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


def test_the_public_root_field(url: str) -> None:
    status = _post(url, "{ ${camel}Status { online licencesIssued } }")["data"]["${camel}Status"]
    assert status["online"] is True and status["licencesIssued"] >= 0


def test_citizen_references_get_the_licence(url: str) -> None:
    query = (
        "query($$r: [_Any!]!) { _entities(representations: $$r) {"
        " ... on Citizen { id ${camel}Licence { number validUntil } } } }"
    )
    representations = [{"__typename": "Citizen", "id": "38001085718"}, {"__typename": "Citizen", "id": "x"}]
    found, nobody = _post(url, query, {"r": representations})["data"]["_entities"]
    assert found["id"] == "38001085718" and found["${camel}Licence"]["number"]
    assert nobody["${camel}Licence"] is None


def test_the_federation_sdl(url: str) -> None:
    sdl = _post(url, "{ _service { sdl } }")["data"]["_service"]["sdl"]
    assert 'type Citizen @key(fields: "id")' in sdl
    assert "${camel}Status: ${Pascal}Status!" in sdl
''')

AGENCY_ENTRY = Template("""\
  - name: $name  # scaffolded by `govgraph new-subgraph $name`; its legacy system: $module.client
    port: $port
""")

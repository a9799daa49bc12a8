"""Fixtures: a small generated world, its transport export written by the real seeder into a
temporary folder, and the transport subgraph serving it on a 127.0.0.1 port."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from subgraphs.datagen import generate_world
from subgraphs.datagen.world import World
from subgraphs.transport.app import create_app
from subgraphs.transport.export import RDW_SIZE, iter_frames
from subgraphs.transport.legacy.seed import seed
from tests.subgraphs.callers import PUBLIC_KEY
from tests.support.servers import ServerThread


@dataclass
class TransportServer:
    url: str
    export_dir: Path
    client: httpx.Client

    def query(self, query: str, variables: Mapping[str, Any] | None = None, **headers: str) -> dict[str, Any]:
        body: dict[str, Any] = {"query": query, "variables": dict(variables or {})}
        wire_headers = {name.replace("_", "-"): value for name, value in headers.items()}
        response = self.client.post(self.url + "/graphql", json=body, headers=wire_headers)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self.client.get(self.url + "/_stats").json()
        return result

    def lookups(self, kind: str) -> int:
        return int(self.stats()["lookups"].get(kind, 0))


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(citizens=240, seed=7)


def serve_exports(export_dir: Path, poll_interval: float = 0.1) -> Iterator[TransportServer]:
    server = ServerThread(
        create_app(export_dir, poll_interval=poll_interval, public_key=PUBLIC_KEY), lifespan="on"
    ).start()
    client = httpx.Client(timeout=10)
    try:
        yield TransportServer(server.url, export_dir, client)
    finally:
        client.close()
        server.stop()


@pytest.fixture
def seeded_dir(world: World, tmp_path: Path) -> Path:
    seed(world, tmp_path)
    return tmp_path / "transport"


@pytest.fixture
def transport(seeded_dir: Path) -> Iterator[TransportServer]:
    yield from serve_exports(seeded_dir)


def rewrite_details(path: Path, edit: Callable[[bytes], bytes | None]) -> int:
    """Rewrite an export file record by record; ``edit`` gets each detail record (type byte 'D')
    and returns new bytes or None to keep it. Returns how many records were edited."""
    out, edited = bytearray(), 0
    for _, data in iter_frames(path.read_bytes()):
        new = edit(data) if data[:1] == "D".encode("cp037") else None
        if new is not None:
            edited += 1
            data = new
        out += (len(data) + RDW_SIZE).to_bytes(2, "big") + b"\x00\x00" + data
    path.write_bytes(bytes(out))
    return edited


def text_at(data: bytes, offset: int, size: int) -> str:
    return data[offset : offset + size].decode("cp037").strip()

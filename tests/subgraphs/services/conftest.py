"""The services subgraph served on a 127.0.0.1 port over a catalogue export written by its seeder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from subgraphs.datagen import generate_world
from subgraphs.datagen.world import World
from subgraphs.services.app import create_app
from subgraphs.services.legacy.seed import seed
from tests.subgraphs.callers import PUBLIC_KEY
from tests.support.servers import ServerThread

TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)  # a Monday, 12:30 in Tallinn


@dataclass
class ServicesServer:
    url: str
    data_dir: Path


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(citizens=20, seed=5)


def start(data_dir: Path) -> tuple[ServerThread, ServicesServer]:
    thread = ServerThread(
        create_app(data_dir, today=lambda: TODAY, now=lambda: NOW, public_key=PUBLIC_KEY)
    ).start()
    return thread, ServicesServer(thread.url + "/graphql", data_dir)


@pytest.fixture
def services(world: World, tmp_path: Path) -> Iterator[ServicesServer]:
    seed(world, tmp_path)
    thread, server = start(tmp_path)
    try:
        yield server
    finally:
        thread.stop()

"""Two `govgraph serve --config FILE` processes sharing one Redis share the entity cache: an entity
fetched through the first is served by the second without a subgraph request. And a Redis that
does not answer is no caching, never an error for clients."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cache.support import World, claims, people, serve, supergraph_sdl
from tests.live.test_serve_cli import free_port, wait_until_up
from tests.plugins.redis_support import REDIS_URL, forget, fresh_prefix, needs_redis
from tests.support.recording import RecordingApp
from tests.support.servers import serving

ROOT = Path(__file__).resolve().parents[2]
CITIZENS = "query Citizens($ids: [ID!]!) { citizens(ids: $ids) { id claims { kind } } }"
OTHER = "query Names($ids: [ID!]!) { citizens(ids: $ids) { name claims { kind } } }"


def config_text(supergraph: Path, urls: dict[str, str], port: int, cache: str) -> str:
    subgraphs = "".join(f"  {name}: {{url: {url}}}\n" for name, url in urls.items())
    return (
        f"server: {{port: {port}, log_level: warning}}\nsupergraph: {{file: {supergraph}}}\n"
        f"subgraphs:\n{subgraphs}cache:\n{cache}"
    )


@pytest.fixture
def recorders() -> Iterator[tuple[dict[str, RecordingApp], dict[str, str]]]:
    world = World()
    apps = {
        "people": RecordingApp(serve(people(world), world)),
        "claims": RecordingApp(serve(claims(world), world)),
    }
    with serving(apps) as urls:
        yield apps, urls


def start_gateways(
    tmp: Path, urls: dict[str, str], cache: str, count: int
) -> tuple[list[subprocess.Popen[bytes]], list[str]]:
    supergraph = tmp / "supergraph.graphql"
    supergraph.write_text(supergraph_sdl())
    processes, served = [], []
    for index in range(count):
        port = free_port()
        path = tmp / f"gateway{index}.yaml"
        path.write_text(config_text(supergraph, urls, port, cache))
        command = [sys.executable, "-m", "gateway", "serve", "--config", str(path)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        processes.append(process)
        wait_until_up(f"http://127.0.0.1:{port}", process)
        served.append(f"http://127.0.0.1:{port}/graphql")
    return processes, served


def stop(processes: list[subprocess.Popen[bytes]]) -> str:
    output = ""
    for process in processes:
        process.terminate()
        process.wait(10)
        assert process.stdout is not None
        output += process.stdout.read().decode()
        process.stdout.close()
    return output


@needs_redis
def test_an_entity_fetched_through_one_gateway_is_served_by_another(
    tmp_path: Path, recorders: tuple[dict[str, RecordingApp], dict[str, str]]
) -> None:
    apps, urls = recorders
    prefix = fresh_prefix()
    cache = (
        f'  backend: redis\n  redis: {{url: "{REDIS_URL}", key_prefix: "{prefix}"}}\n'
        "  entities: {subgraphs: {claims: {ttl: 60}}}\n"
    )
    processes, gateways = start_gateways(tmp_path, urls, cache, 2)
    try:
        with httpx.Client(timeout=10) as client:
            first = client.post(gateways[0], json={"query": CITIZENS, "variables": {"ids": ["a", "b"]}})
            assert first.json()["data"]["citizens"][0] == {"id": "a", "claims": [{"kind": "child"}]}
            assert apps["claims"].count == 1
            apps["claims"].clear()
            second = client.post(gateways[1], json={"query": OTHER, "variables": {"ids": ["b", "a"]}})
            assert second.json()["data"]["citizens"][0] == {"name": "Bruno", "claims": [{"kind": "child"}]}
            assert apps["claims"].count == 0
            assert "cache;desc=hit" in second.headers["server-timing"]
    finally:
        stop(processes)
        forget(prefix)


def test_a_redis_that_does_not_answer_is_no_caching_and_no_error(
    tmp_path: Path, recorders: tuple[dict[str, RecordingApp], dict[str, str]]
) -> None:
    apps, urls = recorders
    cache = (
        f'  backend: redis\n  redis: {{url: "redis://127.0.0.1:{free_port()}/0", timeout: 0.05}}\n'
        "  response: {enabled: true}\n  entities: {subgraphs: {claims: {ttl: 60}}}\n"
    )
    processes, gateways = start_gateways(tmp_path, urls, cache, 1)
    try:
        with httpx.Client(timeout=10) as client:
            for _ in range(3):
                answer = client.post(gateways[0], json={"query": CITIZENS, "variables": {"ids": ["a"]}})
                assert answer.json() == {"data": {"citizens": [{"id": "a", "claims": [{"kind": "child"}]}]}}
            assert apps["claims"].count == 3
    finally:
        output = stop(processes)
    assert output.count("cache backend unavailable") == 1  # a warning a minute, not one per request

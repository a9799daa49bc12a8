"""The real command: `govgraph serve --subgraph NAME=URL ... --poll-interval S` in its own process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live import subgraphs
from tests.live.harness import running
from tests.live.subgraphs import Swappable

ROOT = Path(__file__).resolve().parents[2]
EMAIL = '{ person(id: "1") { name email reviews } }'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture()
def served() -> Iterator[tuple[str, Swappable]]:
    people = Swappable(subgraphs.people_v1())
    with running({"people": people, "reviews": subgraphs.reviews()}) as urls:
        port = free_port()
        command = [sys.executable, "-m", "gateway", "serve", "--port", str(port), "--poll-interval", "0.2"]
        command += [arg for name, url in urls.items() for arg in ("--subgraph", f"{name}={url}")]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, process)
            yield url + "/graphql", people
        finally:
            process.terminate()
            process.wait(10)
            assert process.stdout is not None
            process.stdout.close()


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            assert process.stdout is not None
            raise AssertionError(f"govgraph serve exited: {process.stdout.read().decode()}")
        try:
            if httpx.get(url + "/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("govgraph serve did not come up")


def test_serve_composes_live_and_follows_a_redeployed_subgraph(served: tuple[str, Swappable]) -> None:
    url, people = served
    first = httpx.post(url, json={"query": EMAIL}).json()
    assert first["errors"][0]["message"] == "Cannot query field 'email' on type 'Person'."

    people.swap(subgraphs.people_v2())
    deadline = time.monotonic() + 20
    body = first
    while "errors" in body and time.monotonic() < deadline:
        time.sleep(0.1)
        body = httpx.post(url, json={"query": EMAIL}).json()
    assert body == {
        "data": {"person": {"name": "Ada", "email": "ada@example.org", "reviews": ["clear", "kind"]}}
    }


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--supergraph", "schema/supergraph.graphql", "--subgraph", "a=http://127.0.0.1:1/graphql"],
    ],
)
def test_serve_needs_exactly_one_schema_source(arguments: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "give either" in done.stderr and "--supergraph FILE" in done.stderr
    assert "--subgraph NAME=URL" in done.stderr


def test_serve_refuses_to_start_when_a_subgraph_is_down() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--subgraph", f"a=http://127.0.0.1:{free_port()}/graphql"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "govgraph: no supergraph from a=http://127.0.0.1:" in done.stderr
    assert "subgraph a" in done.stderr

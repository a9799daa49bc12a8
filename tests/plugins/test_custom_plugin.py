"""A plugin of one's own works from a config file entry alone: `govgraph serve --config FILE`
as its own process, real subgraphs behind it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.live.test_serve_cli import free_port, wait_until_up
from tests.support.recording import RecordingApp
from tests.support.servers import serving

ROOT = Path(__file__).resolve().parents[2]
QUERY = "{ topProducts { name reviews { body } } }"


def config_text(urls: dict[str, str], port: int) -> str:
    subgraphs = "".join(f"  {name}:\n    url: {url}\n" for name, url in urls.items())
    return f"""\
server:
  port: {port}
supergraph:
  file: {SUPERGRAPH}
subgraphs:
{subgraphs}plugins:
  - use: tests.plugins.stamp:StampPlugin
    options:
      header: x-stamp
      value: ${{GOVGRAPH_TEST_STAMP:-v1}}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, RecordingApp]]]:
    apps = {name: RecordingApp(create_subgraph_app(name)) for name in NAMES}
    with serving(apps) as urls:
        port = free_port()
        path = tmp_path_factory.mktemp("config") / "govgraph.yaml"
        path.write_text(config_text(urls, port))
        command = [sys.executable, "-m", "gateway", "serve", "--config", str(path)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}", process)
            yield f"http://127.0.0.1:{port}/graphql", apps
        finally:
            process.terminate()
            process.wait(10)
            assert process.stdout is not None
            process.stdout.close()


def test_the_plugin_stamps_subgraph_requests_and_the_response(
    served: tuple[str, dict[str, RecordingApp]],
) -> None:
    url, apps = served
    body = httpx.post(url, json={"query": QUERY}).json()
    assert body["extensions"] == {"stamp": {"value": "v1", "operation": "query"}}
    assert body["data"]["topProducts"][0]["reviews"]  # the data is untouched
    for name in ("products", "reviews"):
        assert apps[name].headers and all(h["x-stamp"] == "v1" for h in apps[name].headers)


def test_a_request_error_goes_through_on_response_too(served: tuple[str, dict[str, RecordingApp]]) -> None:
    url, _ = served
    body = httpx.post(url, json={"query": "{ nope }"}).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert body["extensions"] == {"stamp": {"value": "v1", "operation": None}}


def test_bad_plugin_options_stop_the_start(tmp_path: Path) -> None:
    path = tmp_path / "govgraph.yaml"
    text = config_text({}, free_port()).replace("header: x-stamp", "haeder: x-stamp")
    path.write_text(text)
    command = [sys.executable, "-m", "gateway", "serve", "--config", str(path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "unknown key 'haeder'" in done.stderr and "did you mean 'header'" in done.stderr

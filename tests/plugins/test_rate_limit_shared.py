"""Two `govgraph serve --config FILE` processes sharing one Redis enforce one limit between
them: a consumer hitting both gets the configured budget, not twice it."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.live.test_serve_cli import free_port, wait_until_up
from tests.plugins.redis_support import REDIS_URL, forget, fresh_prefix, needs_redis
from tests.support.servers import serving

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 10
pytestmark = needs_redis


def config_text(urls: dict[str, str], port: int, prefix: str) -> str:
    subgraphs = "".join(f"  {name}:\n    url: {url}\n" for name, url in urls.items())
    return f"""\
server:
  port: {port}
  log_level: warning
supergraph:
  file: {SUPERGRAPH}
subgraphs:
{subgraphs}rate_limit:
  enabled: true
  backend: redis
  anonymous: {{burst: {BUDGET}, per_second: 0.01}}
  redis:
    url: {REDIS_URL}
    key_prefix: "{prefix}"
"""


@pytest.fixture(scope="module")
def two_gateways(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    prefix = fresh_prefix()
    with serving({name: create_subgraph_app(name) for name in NAMES}) as urls:
        processes, served = [], []
        try:
            for index in range(2):
                port = free_port()
                path = tmp_path_factory.mktemp(f"gateway{index}") / "govgraph.yaml"
                path.write_text(config_text(urls, port, prefix))
                command = [sys.executable, "-m", "gateway", "serve", "--config", str(path)]
                process = subprocess.Popen(
                    command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
                )
                processes.append(process)
                wait_until_up(f"http://127.0.0.1:{port}", process)
                served.append(f"http://127.0.0.1:{port}/graphql")
            yield served
        finally:
            for process in processes:
                process.terminate()
                process.wait(10)
                assert process.stdout is not None
                process.stdout.close()
            forget(prefix)


def test_two_processes_share_one_budget(two_gateways: list[str]) -> None:
    outcomes: Counter[tuple[int, int]] = Counter()
    with httpx.Client(timeout=10) as client:
        for i in range(4 * BUDGET):
            which = i % 2
            response = client.post(two_gateways[which], json={"query": "{ topProducts(first: 1) { upc } }"})
            outcomes[(which, response.status_code)] += 1
            if response.status_code == 429:
                assert int(response.headers["retry-after"]) >= 1
    served = outcomes[(0, 200)] + outcomes[(1, 200)]
    assert served == BUDGET, outcomes  # 0.01/s refill: no token comes back within the test
    assert outcomes[(0, 429)] > 0 and outcomes[(1, 429)] > 0, outcomes
    assert outcomes[(0, 200)] == outcomes[(1, 200)] == BUDGET // 2

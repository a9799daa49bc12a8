"""`Server-Timing`: the gateway's own time, apart from waiting for subgraphs on the critical path."""

from __future__ import annotations

import re

from gateway.plugins import build_plugins
from gateway.plugins.dedup import DedupConfig
from tests.benchmarks.subgraphs import NAMES, create_subgraph_app
from tests.benchmarks.workload import SUPERGRAPH
from tests.engine.test_dedup import SlowApp
from tests.support.scenario import Scenario


def _timing(header: str) -> dict[str, float]:
    return {name: float(dur) for name, dur in re.findall(r"(\w+);dur=([0-9.]+)", header)}


def test_server_timing_splits_gateway_and_subgraph_time() -> None:
    apps = {name: SlowApp(create_subgraph_app(name), delay=0.2) for name in NAMES}
    no_dedup = build_plugins({"dedup": DedupConfig(requests=False, fetches=False)})
    with Scenario.start(SUPERGRAPH, apps, plugins=no_dedup) as sc:
        # products, then reviews and inventory in parallel: two stages of about 0.2 s each
        response = sc.post({"query": "{ topProducts { name inStock reviews { body } } }"})
    assert response.status_code == 200 and "errors" not in response.json()
    timing = _timing(response.headers["server-timing"])
    assert 400 <= timing["subgraphs"] < 1500
    assert 0 <= timing["gateway"] < timing["subgraphs"]

"""`govgraph plan` knows `@defer`: the platform's Dashboard with its slow agency deferred."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_govgraph_plan_prints_the_defer_node() -> None:
    query = 'query { me { givenName ... @defer(label: "slow") { benefitClaims { kind } } } }'
    command = [sys.executable, "-m", "gateway", "plan", "--supergraph", "schema/supergraph.graphql", query]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert 'Deferred(id: 0, depends: [primary], path: "me", label: "slow") {' in done.stdout
    primary, deferred = done.stdout.split("Deferred(")
    assert 'Fetch(service: "registry")' in primary and "benefits" not in primary
    assert 'Flatten(path: "me")' in deferred and 'Fetch(service: "benefits")' in deferred

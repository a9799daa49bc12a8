"""graphql-http's GraphQL-over-HTTP compliance audit, run by Node against the real gateway
(over the four benchmark subgraphs) on both server stacks, with the playground and query plans
on (browsers get a page at GET /graphql: GraphQL clients must not notice).

The gateway runs with its defaults, CSRF prevention on: the audit sends every request with
`graphql-preflight: 1`, as a browser client of a CSRF-protected server does. Without it the
audit's three GETs that must be served (plain `?query=`, with `variables`) are refused
(CSRF_ERROR) — the one difference, checked below.

Every audit must pass: MUST, SHOULD and MAY alike. No audit is knowingly left failing; if
one ever has to be, list its id in KNOWN_NOT_OK with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.plugins import build_plugins
from gateway.plugins.playground import PlaygroundConfig
from tests.http.harness import STACKS, gateway

TOOLS = Path(__file__).resolve().parents[1] / "tools"
AUDIT = TOOLS / "audit.mjs"
KNOWN_NOT_OK: dict[str, str] = {}
# graphql-http 1.23.1 has 61 server audits; fewer means the audit did not run them all.
MIN_AUDITS = 61

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node (`node`) is not installed")


PREFLIGHT = "graphql-preflight:1"
GETS_NEEDING_PREFLIGHT = {"5A70", "D6D5", "6A70"}


def run_audit(url: str, *headers: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(AUDIT), url, *headers], cwd=TOOLS, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


@pytest.fixture(scope="module", params=sorted(STACKS))
def audit_results(
    request: pytest.FixtureRequest, subgraph_urls: dict[str, str]
) -> Iterator[list[dict[str, Any]]]:
    playground = PlaygroundConfig(enabled=True, expose_query_plans=True)
    with gateway(
        subgraph_urls, stack=request.param, plugins=build_plugins({"playground": playground})
    ) as url:
        yield run_audit(url, PREFLIGHT)


def failing(results: list[dict[str, Any]], requirement: str) -> list[str]:
    return [
        f"{r['id']} {r['name']}: {r.get('reason')} (HTTP {r.get('responseStatus')}: {r.get('responseBody')})"
        for r in results
        if r["requirement"] == requirement and r["status"] != "ok" and r["id"] not in KNOWN_NOT_OK
    ]


def test_the_audit_ran_every_check(audit_results: list[dict[str, Any]]) -> None:
    assert len(audit_results) >= MIN_AUDITS
    requirements = Counter(r["requirement"] for r in audit_results)
    assert set(requirements) == {"MUST", "SHOULD", "MAY"}, requirements


def test_every_must_audit_passes(audit_results: list[dict[str, Any]]) -> None:
    assert failing(audit_results, "MUST") == []


def test_every_should_audit_passes(audit_results: list[dict[str, Any]]) -> None:
    assert failing(audit_results, "SHOULD") == []


def test_every_may_audit_passes(audit_results: list[dict[str, Any]]) -> None:
    assert failing(audit_results, "MAY") == []


def test_without_the_preflight_header_only_the_served_gets_are_refused(subgraph_urls: dict[str, str]) -> None:
    with gateway(subgraph_urls) as url:
        results = run_audit(url)
    refused = {r["id"] for r in results if r["status"] != "ok"}
    assert refused == GETS_NEEDING_PREFLIGHT
    assert all('"CSRF_ERROR"' in r["responseBody"] for r in results if r["id"] in refused)

"""The targets of the standard workload: govgraph variants, Node peers, no-gateway references."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.harness.check import Check, check_expected, check_graphql_data
from tests.benchmarks.harness.processes import REPO
from tests.benchmarks.workload import expected_response

PEERS_DIR = Path(__file__).resolve().parent.parent / "peers"
DIRECT_QUERY = b'{"query":"{ topProducts { __typename upc name price weight } }"}'

# (supergraph path, port) -> command
CommandFor = Callable[[Path, int], list[str]]


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    kind: str  # govgraph | peer | reference
    command: CommandFor
    check: Callable[[int, bytes], Check]
    path: str = "/graphql"
    body: bytes | None = None  # None: the workload's query.json
    counts_subgraphs: bool = True
    node: bool = False


def govgraph_supports_dedup() -> bool:
    """True when `python -m gateway serve --help` lists --dedup/--no-dedup."""
    out = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return "--no-dedup" in out.stdout


BASELINE_ENV = "GOVGRAPH_BENCH_BASELINE"  # another checkout of govgraph, benchmarked as a peer


def _govgraph(*extra: str, checkout: Path | None = None) -> CommandFor:
    """`govgraph serve`; from `checkout` (its `gateway` package first on the path) when given."""

    def command(supergraph: Path, port: int) -> list[str]:
        if checkout is not None:
            path = f"import sys; sys.path.insert(0, {str(checkout)!r}); import runpy; "
            python = [sys.executable, "-c", path + "runpy.run_module('gateway', run_name='__main__')"]
        else:
            python = [sys.executable, "-m", "gateway"]
        base = [*python, "serve", "--supergraph", str(supergraph)]
        return [*base, "--port", str(port), "--log-level", "warning", *extra]

    return command


def baseline_targets(expected: Callable[[int, bytes], Check]) -> list[Target]:
    """`baseline` / `baseline-nodedup`: the govgraph of the checkout named by $GOVGRAPH_BENCH_BASELINE
    (e.g. a `git worktree` of the previous commit), as peers, for before/after ratios in one run."""
    checkout = os.environ.get(BASELINE_ENV)
    if not checkout:
        return []
    root = Path(checkout).resolve()
    commit = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    label = f"govgraph at {commit or root.name}"
    return [
        Target("baseline", f"{label}, dedup on", "peer", _govgraph("--dedup", checkout=root), expected),
        Target(
            "baseline-nodedup",
            f"{label}, dedup off",
            "peer",
            _govgraph("--no-dedup", checkout=root),
            expected,
        ),
    ]


def _node(script: str, *flags: str) -> CommandFor:
    def command(supergraph: Path, port: int) -> list[str]:
        return ["node", str(PEERS_DIR / script), str(supergraph), str(port), *flags]

    return command


def _bare(supergraph: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "tests.benchmarks.harness.bare", "--port", str(port)]


def _direct(supergraph: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "tests.benchmarks.subgraphs", "--port", str(port)]


def all_targets(dedup: bool) -> list[Target]:
    expected = check_expected(expected_response())
    if dedup:
        govgraph = [
            Target("govgraph", "govgraph, in-flight dedup on", "govgraph", _govgraph("--dedup"), expected),
            Target("govgraph-nodedup", "govgraph, dedup off", "govgraph", _govgraph("--no-dedup"), expected),
        ]
    else:
        govgraph = [Target("govgraph", "govgraph", "govgraph", _govgraph(), expected)]
    cache_config = str(Path(__file__).resolve().parent / "configs" / "response-cache.yaml")
    govgraph.append(
        Target(
            "govgraph-cache",
            "govgraph, response cache on",
            "govgraph",
            _govgraph("--config", cache_config),
            expected,
        )
    )
    peers = [
        Target("apollo", "Apollo Gateway 2.14", "peer", _node("apollo.mjs"), expected, node=True),
        Target(
            "hive",
            "Hive Gateway 2.15, dedup off",
            "peer",
            _node("hive.mjs", "--no-dedup"),
            expected,
            node=True,
        ),
        Target(
            "hive-dedup",
            "Hive Gateway 2.15, dedup on",
            "peer",
            _node("hive.mjs", "--dedup"),
            expected,
            node=True,
        ),
        Target(
            "hive-rust",
            "Hive Gateway 2.15 + Rust planner, dedup off",
            "peer",
            _node("hive.mjs", "--router-runtime", "--no-dedup"),
            expected,
            node=True,
        ),
        Target(
            "hive-cache",
            "Hive Gateway 2.15 + response cache",
            "peer",
            _node("hive.mjs", "--response-cache"),
            expected,
            node=True,
        ),
        Target(
            "hive-rust-dedup",
            "Hive Gateway 2.15 + Rust planner, dedup on",
            "peer",
            _node("hive.mjs", "--router-runtime"),
            expected,
            node=True,
        ),
    ]
    references = [
        Target(
            "bare",
            "bare Starlette on uvicorn, fixed 87.6 KB body",
            "reference",
            _bare,
            expected,
            counts_subgraphs=False,
        ),
        Target(
            "subgraph",
            "one subgraph hit directly (products, cached)",
            "reference",
            _direct,
            check_graphql_data("topProducts"),
            path="/products",
            body=DIRECT_QUERY,
            counts_subgraphs=False,
        ),
    ]
    return [*govgraph, *baseline_targets(expected), *peers, *references]


DEFAULT_TARGETS = (
    "govgraph",
    "govgraph-nodedup",
    "apollo",
    "hive",
    "hive-rust",
    "hive-rust-dedup",
    "govgraph-cache",
    "hive-cache",
    "bare",
    "subgraph",
)


def node_peers_ready(install: bool = True) -> str | None:
    """None when the Node peers can run (npm ci in peers/ when node_modules is missing), else why not."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "Node/npm not found: peers skipped"
    if not (PEERS_DIR / "node_modules").is_dir():
        if not install:
            return "peers not installed (npm ci in tests/benchmarks/peers)"
        print("harness: installing the Node peers (npm ci in tests/benchmarks/peers)", flush=True)
        out = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEERS_DIR, check=False
        )
        if out.returncode != 0:
            return f"npm ci failed ({out.returncode}): peers skipped"
    return None

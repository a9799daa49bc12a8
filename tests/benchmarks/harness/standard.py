"""The standard workload: every target over the same cached subgraphs, interleaved rounds."""

from __future__ import annotations

import json
import re
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tests.benchmarks.harness.processes import Process, free_port, peak_rss_mb, post, wait_ready
from tests.benchmarks.harness.report import Sample
from tests.benchmarks.harness.targets import Target
from tests.benchmarks.harness.wrk import Load, run_wrk
from tests.benchmarks.workload import QUERY, SUPERGRAPH


@dataclass(frozen=True)
class RunConfig:
    duration_s: float = 20.0
    warmup_s: float = 5.0
    rounds: int = 3
    connections: int = 50
    gateway_cpu: int | None = None
    load_cpu: int | None = None
    work_dir: Path = Path("/tmp")


def local_supergraph(port: int, folder: Path) -> Path:
    """The workload's supergraph with its subgraph URLs on `port` instead of 4200."""
    text = re.sub(r"http://127\.0\.0\.1:4200/", f"http://127.0.0.1:{port}/", SUPERGRAPH.read_text())
    path = folder / "supergraph.graphql"
    path.write_text(text)
    return path


def subgraph_requests(stats_url: str) -> int:
    with urllib.request.urlopen(stats_url, timeout=10) as response:
        return int(json.loads(response.read())["requests"]["total"])


def quiet_subgraph_requests(stats_url: str, timeout: float = 30.0) -> int:
    """The subgraph request count once it stops moving (the gateway has finished abandoned requests)."""
    deadline = time.monotonic() + timeout
    last, steady = subgraph_requests(stats_url), 0
    while steady < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
        current = subgraph_requests(stats_url)
        steady = steady + 1 if current == last else 0
        last = current
    return last


def per_client_request(subgraph_calls: int, completed: int, connections: int) -> float | None:
    """Subgraph requests per client request over a closed-loop window that began and ended quiet:
    the client requests issued are the completed ones plus one left in flight per connection."""
    issued = completed + connections
    return subgraph_calls / issued if completed > 0 else None


class StandardRun:
    """Owns the shared subgraph server; measures one target per call."""

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.folder = config.work_dir
        self.folder.mkdir(parents=True, exist_ok=True)
        self.subgraph_port = free_port()
        self.supergraph = local_supergraph(self.subgraph_port, self.folder)
        self.stats_url = f"http://127.0.0.1:{self.subgraph_port}/_stats"
        command = [sys.executable, "-m", "tests.benchmarks.subgraphs", "--port", str(self.subgraph_port)]
        self.subgraphs = Process("subgraphs", command, self.folder / "subgraphs.log")

    def __enter__(self) -> StandardRun:
        self.subgraphs.start(self.config.load_cpu)
        wait_ready(self.subgraphs, f"http://127.0.0.1:{self.subgraph_port}/health", None)
        return self

    def __exit__(self, *exc: object) -> None:
        self.subgraphs.stop()

    def _body_file(self, target: Target) -> tuple[Path, bytes]:
        if target.body is None:
            return QUERY, QUERY.read_bytes()
        path = self.folder / f"body-{target.name}.json"
        path.write_bytes(target.body)
        return path, target.body

    def measure(self, target: Target, round_number: int) -> Sample:
        config = self.config
        port = free_port()
        url = f"http://127.0.0.1:{port}{target.path}"
        body_file, body = self._body_file(target)
        log = self.folder / f"{target.name}-round{round_number}.log"
        process = Process(target.name, target.command(self.supergraph, port), log)
        process.start(config.gateway_cpu)
        try:
            wait_ready(process, url, body)
            check = target.check(*post(url, body))
            # Gateways may answer 200 with GraphQL errors: wrk reads their bodies to count them.
            load = Load(
                url,
                body_file,
                connections=config.connections,
                duration_s=config.duration_s,
                count_graphql_errors=target.kind != "reference",
            )
            if config.warmup_s > 0:
                run_wrk(replace(load, duration_s=config.warmup_s), config.load_cpu)
            before = quiet_subgraph_requests(self.stats_url)
            result = run_wrk(load, config.load_cpu)
            after = quiet_subgraph_requests(self.stats_url)
            if check.ok:  # the answer after the load too
                check = target.check(*post(url, body))
            rss = peak_rss_mb(process.pid)
        finally:
            process.stop()
        per_request = per_client_request(after - before, result.requests, config.connections)
        return Sample(
            target=target.name,
            round=round_number,
            rps=result.rps,
            p50_ms=result.p50_ms,
            p99_ms=result.p99_ms,
            peak_rss_mb=rss,
            subgraph_requests=per_request if target.counts_subgraphs else None,
            errors=result.error_count,
            check_ok=check.ok,
            check_message=check.message,
            requests=result.requests,
        )


def rotated(targets: Sequence[Target], round_number: int) -> list[Target]:
    """The targets in the order of this round (rotated by one each round, so none is always first)."""
    shift = (round_number - 1) % len(targets) if targets else 0
    return [*targets[shift:], *targets[:shift]]


def run_standard(config: RunConfig, targets: Sequence[Target]) -> list[Sample]:
    samples: list[Sample] = []
    with StandardRun(config) as run:
        for round_number in range(1, config.rounds + 1):
            for target in rotated(targets, round_number):
                print(f"harness: round {round_number}/{config.rounds}: {target.label}", flush=True)
                try:
                    sample = run.measure(target, round_number)
                except Exception as error:  # one broken target must not lose the others
                    print(f"harness: {target.name} failed: {error}", flush=True)
                    sample = Sample(
                        target.name,
                        round_number,
                        0.0,
                        0.0,
                        0.0,
                        None,
                        None,
                        0,
                        False,
                        f"failed: {str(error).splitlines()[0][:120]}",
                    )
                samples.append(sample)
                print(
                    f"harness:   {sample.rps:,.0f} rps, p50 {sample.p50_ms:.1f} ms, "
                    f"p99 {sample.p99_ms:.1f} ms, errors {sample.errors}, {sample.check_message}",
                    flush=True,
                )
    return samples

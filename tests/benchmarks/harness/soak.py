"""The soak (not in CI): the citizen Dashboard over the platform at `--connections` for `--minutes`,
one wrk run a minute, the gateway's resident memory (VmRSS) after each, so a leak or a slowdown
shows as a trend. Same pinning as the harness (gateway on the first CPU, load and the platform on
the second). Writes `.govgraph/bench/soak.md` and prints it.

    .venv/bin/python -m tests.benchmarks.harness.soak [--minutes 10] [--connections 50] [--citizens 3000]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from subgraphs.platform import DASHBOARD_QUERY, sample_citizen_id
from tests.benchmarks.harness.dashboard import citizen_token, rate_limit_off, start_platform
from tests.benchmarks.harness.processes import REPO, cpu_plan, status_kib
from tests.benchmarks.harness.wrk import Load, ensure_wrk, run_wrk

FOLDER = REPO / ".govgraph" / "bench" / "soak"


def rss_mb(pid: int) -> float:
    return status_kib(pid, "VmRSS") / 1024.0


def soak(minutes: int, connections: int, citizens: int) -> list[str]:
    ensure_wrk()
    FOLDER.mkdir(parents=True, exist_ok=True)
    cpus = cpu_plan(None, None)
    platform = start_platform(citizens, cpus, FOLDER)
    try:
        rate_limit_off(platform)
        gateway = platform.gateway_pid()
        citizen = sample_citizen_id(platform.data_dir)
        assert gateway is not None and citizen is not None, "the platform did not start its gateway"
        body = FOLDER / "dashboard.json"
        body.write_text(json.dumps({"query": DASHBOARD_QUERY}))
        headers = (
            ("content-type", "application/json"),
            ("authorization", f"Bearer {citizen_token(platform, citizen)}"),
        )
        load = Load(
            platform.url("gateway"), body, headers, connections, duration_s=60, count_graphql_errors=True
        )
        rows = [f"| start | — | — | — | — | {rss_mb(gateway):.0f} |"]
        for minute in range(1, minutes + 1):
            result = run_wrk(load, cpus[1])
            rows.append(
                f"| {minute} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
                f"{result.error_count} | {rss_mb(gateway):.0f} |"
            )
            print(rows[-1], flush=True)
        return rows
    finally:
        platform.process.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--citizens", type=int, default=3000)
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = soak(args.minutes, args.connections, args.citizens)
    report = "\n".join(
        [
            f"## Soak: the Dashboard, {args.connections} connections, {args.minutes} min ({started})",
            "",
            "| minute | RPS | p50 ms | p99 ms | errors | gateway RSS MB |",
            "|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    Path(FOLDER / "soak.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()

"""`python -m tests.benchmarks.harness`: run the benchmarks, print and write the report."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tests.benchmarks.harness.processes import REPO, cpu_plan
from tests.benchmarks.harness.report import (
    Report,
    Sample,
    Summary,
    TargetInfo,
    markdown,
    ratios,
    summarize,
)
from tests.benchmarks.harness.standard import RunConfig, run_standard
from tests.benchmarks.harness.targets import (
    DEFAULT_TARGETS,
    all_targets,
    govgraph_supports_dedup,
    node_peers_ready,
)
from tests.benchmarks.harness.wrk import ensure_wrk

BENCH_DIR = REPO / "tests" / "benchmarks"
SCRATCH = REPO / ".govgraph" / "bench"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.harness", description=__doc__)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured per target and round")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of load before each measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--targets",
        default=",".join(DEFAULT_TARGETS),
        help="comma-separated standard-workload targets (empty: none)",
    )
    parser.add_argument("--no-dashboard", action="store_true", help="skip the Dashboard over the platform")
    parser.add_argument("--citizens", type=int, default=3000, help="platform size for the Dashboard")
    parser.add_argument("--gateway-cpu", type=int)
    parser.add_argument("--load-cpu", type=int)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 s runs, 1 s warm-up, 2 rounds; writes under .govgraph/bench/ unless --output",
    )
    parser.add_argument("--output", type=Path, help="Markdown report (default tests/benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.rounds = (
            min(args.duration, 3.0),
            min(args.warmup, 1.0),
            min(args.rounds, 2),
        )
    if args.output is None:
        args.output = (SCRATCH / "RESULTS.md") if args.quick else (BENCH_DIR / "RESULTS.md")
    return args


def machine_context(
    args: argparse.Namespace, gateway_cpu: int | None, load_cpu: int | None
) -> dict[str, str]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    pinning = (
        f"gateway on CPU {gateway_cpu}; wrk (1 thread) and subgraphs on CPU {load_cpu} (taskset)"
        if gateway_cpu is not None
        else "no pinning (fewer than 2 CPUs)"
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} CPUs, {model}; Python {platform.python_version()}",
        "load": f"{args.connections} keep-alive connections, closed loop (wrk); {args.warmup:g} s warm-up, "
        f"{args.duration:g} s measured, {args.rounds} interleaved rounds; medians",
        "pinning": pinning,
        "load average before": " ".join(f"{v:.2f}" for v in os.getloadavg()),
        "govgraph": govgraph_revision(),
        "caveat": "a shared 2-core machine (other developers' processes were running): figures are noisy",
    }


def govgraph_revision() -> str:
    """The commit measured, and whether gateway/ had uncommitted changes."""
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "gateway"], capture_output=True, text=True, check=False
    )
    changes = " + uncommitted changes in gateway/" if dirty.stdout.strip() else ""
    return f"commit {head.stdout.strip() or '?'}{changes}"


REFERENCE_BARE_RPS = 25_975  # bare Starlette on the machine of ../shared/bench/README.md


def calibration(summaries: Sequence[Summary]) -> list[str]:
    """How this machine compares with the one the shared reference figures were measured on."""
    bare = next((s for s in summaries if s.target == "bare" and s.rps > 0), None)
    if bare is None:
        return []
    return [
        f"Calibration: bare Starlette does {bare.rps:,.0f} RPS here against {REFERENCE_BARE_RPS:,} on the "
        f"machine of the shared reference figures (../shared/bench/README.md): about "
        f"{REFERENCE_BARE_RPS / bare.rps:.1f}x slower, so compare ratios, not absolute figures, with them."
    ]


def standard_report(
    args: argparse.Namespace, cpus: tuple[int | None, int | None]
) -> tuple[Report, list[Sample]]:
    dedup = govgraph_supports_dedup()
    wanted = [name for name in args.targets.split(",") if name]
    known = {t.name: t for t in all_targets(dedup)}
    notes: list[str] = []
    if not dedup:
        wanted = [name for name in wanted if name != "govgraph-nodedup"]
        notes.append("`govgraph serve` has no --dedup/--no-dedup option yet: one govgraph variant measured.")
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise SystemExit(f"unknown targets {unknown}; known: {sorted(known)}")
    targets = [known[name] for name in wanted]
    if any(t.node for t in targets):
        why = node_peers_ready()
        if why:
            notes.append(why)
            targets = [t for t in targets if not t.node]
    context = machine_context(args, *cpus)
    config = RunConfig(
        args.duration, args.warmup, args.rounds, args.connections, cpus[0], cpus[1], SCRATCH / "standard"
    )
    samples = run_standard(config, targets)
    context["load average after"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    infos = [TargetInfo(t.name, t.label, t.kind) for t in targets]
    summaries = [summarize(info, samples) for info in infos]
    found = [
        ratios(g.name, p.name, samples)
        for g in infos
        if g.kind == "govgraph"
        for p in infos
        if p.kind == "peer"
    ]
    notes += [
        "Subgraph requests per client request: requests counted by the subgraph server (`GET /_stats`, "
        "read once quiet before and after the window) / (client requests completed + one left in flight "
        "per connection).",
        "errors: wrk's socket errors, timeouts and non-2xx responses, plus (gateways only) 200 responses "
        "carrying GraphQL `errors`.",
        "Peak RSS: VmHWM of the target's process tree, from /proc.",
        "response: the target's answer to `query.json` compared with `expected-response.json` "
        "(values and key order) before and after the load.",
        *calibration(summaries),
    ]
    report = Report(
        "Standard workload (4 subgraphs, TestQuery)", context, summaries, [r for r in found if r], notes
    )
    return report, samples


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that every started process is stopped on the way out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    ensure_wrk()
    cpus = cpu_plan(args.gateway_cpu, args.load_cpu)
    sections: list[str] = []
    raw: dict[str, object] = {
        "command": shlex.join(["python", "-m", "tests.benchmarks.harness", *sys.argv[1:]])
    }
    if args.targets:
        report, samples = standard_report(args, cpus)
        sections.append(markdown(report))
        raw["standard"] = report_json(report, samples)
    if not args.no_dashboard:
        from tests.benchmarks.harness.dashboard import dashboard_report

        report, samples = dashboard_report(args, cpus, machine_context(args, *cpus), SCRATCH / "dashboard")
        sections.append(markdown(report))
        raw["dashboard"] = report_json(report, samples)
    text = render(sections, str(raw["command"]))
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    args.output.with_suffix(".json").write_text(json.dumps(raw, indent=2) + "\n")
    print(f"harness: wrote {args.output} and {args.output.with_suffix('.json')}", flush=True)
    return 0


def report_json(report: Report, samples: list[Sample]) -> dict[str, object]:
    from tests.benchmarks.harness.report import as_json

    return as_json(report, samples)


def render(sections: Sequence[str], command: str) -> str:
    head = [
        "## Performance",
        "",
        "Measured on this machine by the benchmark harness (tests/benchmarks/README.md); reproduce with",
        "",
        "    make bench        # = .venv/bin/python -m tests.benchmarks.harness",
        "",
        f"This run: `{command}`.",
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(sections)

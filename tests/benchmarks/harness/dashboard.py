"""The citizen Dashboard over the agency platform: gateway load, each subgraph call alone, overhead.

The platform (`python -m subgraphs.platform`: legacy systems, five subgraphs, a govgraph gateway)
runs on the load CPU with its gateway pinned to the gateway CPU. One Dashboard request goes through
a second gateway whose subgraph URLs point at a recording proxy, which yields the exact subgraph
calls (bodies and forwarded headers); each is then loaded directly with wrk like the gateway.
The Dashboard is asked with a citizen's bearer token from the platform's dev issuer; each replayed
call carries an `x-govgraph-identity` for that citizen re-signed with the gateway's key to outlast
the run (the gateway's own last 60 s).
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from tests.benchmarks.harness.capture import Call, CaptureProxy, stages
from tests.benchmarks.harness.check import Check, check_expected, check_graphql_data
from tests.benchmarks.harness.entity_cache import AGENCIES, REPEAT, caches_on_and_off, side_gateway
from tests.benchmarks.harness.processes import REPO, Process, free_port, peak_rss_mb, post, wait_ready
from tests.benchmarks.harness.report import Report, Sample, TargetInfo, summarize
from tests.benchmarks.harness.targets import govgraph_supports_dedup
from tests.benchmarks.harness.wrk import Load, run_wrk

DASHBOARD_FIELDS = ("me", "me.taxAccount", "me.vehicles", "me.benefitClaims", "me.eligibleServices")

DEDUP_OFF_NOTE = (
    "The platform's gateway ran with `--no-dedup`: every Dashboard is executed, as for many citizens."
)
DEDUP_DEFAULT_NOTE = (
    "The platform's gateway ran with govgraph's defaults: identical concurrent Dashboards (one citizen) may"
    " be de-duplicated in flight, which flatters its figures under concurrent load."
)


@dataclass
class Platform:
    process: Process
    ports: dict[str, int]
    data_dir: Path
    admin_token: str = ""  # the legacy systems' test hooks (subgraphs/common/admin.py)

    def url(self, name: str, path: str = "/graphql") -> str:
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def gateway_pid(self) -> int | None:
        found = re.findall(r"started gateway \(pid (\d+)\)", self.process.log_tail(10_000_000))
        return int(found[-1]) if found else None


def start_platform(
    citizens: int, cpus: tuple[int | None, int | None], folder: Path, gateway_flags: str = ""
) -> Platform:
    from subgraphs.platform import DEFAULT_PORTS

    ports = {name: free_port() for name in DEFAULT_PORTS}
    data_dir = REPO / ".govgraph" / "bench" / f"platform-{citizens}"
    serve = (
        "{python} -m gateway serve --config {config} --supergraph {supergraph} --port {port}"
        " --log-level warning " + gateway_flags
    )
    gateway = serve if cpus[0] is None else f"taskset -c {cpus[0]} {serve}"
    command = [sys.executable, "-m", "subgraphs.platform", "--citizens", str(citizens)]
    command += ["--data-dir", str(data_dir), "--gateway-command", gateway]
    for name, port in ports.items():
        command += ["--port", f"{name}={port}"]
    admin_token = secrets.token_urlsafe(24)
    process = Process("platform", command, folder / "platform.log").start(
        cpus[1], {"GOVGRAPH_ADMIN_TOKEN": admin_token}
    )
    platform = Platform(process, ports, data_dir, admin_token)
    wait_ready(process, platform.url("gateway", "/health"), None, timeout=900)
    return platform


def rate_limit_off(platform: Platform) -> bool:
    """Switch off the benefits legacy API's rate limit (it would answer most calls with 429)."""
    if "benefits-legacy" not in platform.ports:
        return False
    url = platform.url("benefits-legacy", "/_admin/config")
    admin = {"authorization": f"Bearer {platform.admin_token}"}
    status, _ = post(url, json.dumps({"rate_limit": 0}).encode(), admin)
    return status == 200


def citizen_token(platform: Platform, citizen: str) -> str:
    """A bearer token for `citizen` from the platform's dev issuer, valid for the whole run."""
    from subgraphs.issuer.command import request_token

    return request_token(platform.url("issuer", ""), {"citizen": citizen, "expires_in": 8 * 3600})


def long_lived_identity(platform: Platform, calls: list[Call], citizen: str) -> list[Call]:
    """The captured calls with `x-govgraph-identity` re-signed (same caller, 1 h) so wrk can replay them."""
    from gateway.messages import Principal
    from gateway.plugins.identity import IdentitySigner

    signer = IdentitySigner(platform.data_dir / "identity" / "gateway-key.pem", "govgraph-gateway", 3600)
    principal = Principal(kind="citizen", subject=citizen, citizen_id=citizen)
    resigned = []
    for call in calls:
        headers = [(k, v) for k, v in call.headers if k.lower() != "x-govgraph-identity"]
        headers.append(("x-govgraph-identity", signer.token_for(principal, call.subgraph)))
        resigned.append(replace(call, headers=tuple(headers)))
    return resigned


def capture_calls(platform: Platform, body: bytes, headers: dict[str, str], folder: Path) -> list[Call]:
    """The subgraph calls of one Dashboard request, through a gateway pointed at a recording proxy."""
    from subgraphs.platform import GATEWAY_CONFIG

    proxy = CaptureProxy({name: platform.url(name) for name in AGENCIES if name in platform.ports}).start()
    try:
        urls = {name: proxy.url(name) for name in proxy.upstreams}
        with side_gateway(platform, GATEWAY_CONFIG, urls, folder, "capture-gateway") as url:
            proxy.calls.clear()
            post(url, body, headers)
            return list(proxy.calls)
    finally:
        proxy.stop()


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    kind: str
    load: Load
    check: Callable[[int, bytes], Check]
    warmup_s: float
    rss_pid: int | None = None
    subgraph_requests: float | None = None


def measure(job: Job, round_number: int, load_cpu: int | None) -> Sample:
    """Check the answer, warm up, measure, check again."""
    body, headers = job.load.body_file.read_bytes(), dict(job.load.headers)
    check = job.check(*post(job.load.url, body, headers))
    if job.warmup_s > 0:
        run_wrk(replace(job.load, duration_s=job.warmup_s), load_cpu)
    result = run_wrk(job.load, load_cpu)
    if check.ok:
        check = job.check(*post(job.load.url, body, headers))
    rss = peak_rss_mb(job.rss_pid) if job.rss_pid else None
    return Sample(
        job.name,
        round_number,
        result.rps,
        result.p50_ms,
        result.p99_ms,
        rss,
        job.subgraph_requests,
        result.error_count,
        check.ok,
        check.message,
        result.requests,
    )


def overhead(
    gateway_p50: float, call_p50: dict[str, float], staged: list[list[str]]
) -> dict[str, float | str]:
    """Gateway p50 minus the slowest single call's p50, minus the plan's critical path (the slowest
    call of each stage, summed) and minus the sum of all calls (their cost when they share one CPU)."""
    slowest = max(call_p50, key=lambda name: call_p50[name])
    critical = sum(max(call_p50[name] for name in stage) for stage in staged)
    return {
        "slowest_call": slowest,
        "slowest_call_p50_ms": call_p50[slowest],
        "overhead_vs_slowest_ms": gateway_p50 - call_p50[slowest],
        "critical_path_p50_ms": critical,
        "overhead_vs_critical_path_ms": gateway_p50 - critical,
        "all_calls_p50_ms": sum(call_p50.values()),
        "overhead_vs_all_calls_ms": gateway_p50 - sum(call_p50.values()),
    }


def build_jobs(
    args: argparse.Namespace,
    platform: Platform,
    calls: list[Call],
    folder: Path,
    body_file: Path,
    token: str,
) -> list[Job]:
    """The gateway under the Dashboard, then each captured call alone: at --connections and at 1."""
    short = max(3.0, args.duration / 2)
    dashboard = check_graphql_data(*DASHBOARD_FIELDS)
    jobs = []
    for connections in dict.fromkeys((args.connections, 1)):
        single = connections == 1
        suffix = "-c1" if single and args.connections != 1 else ""
        headers = (("authorization", f"Bearer {token}"),)
        load = Load(
            platform.url("gateway"),
            body_file,
            headers,
            connections,
            duration_s=short if suffix else args.duration,
            count_graphql_errors=True,
        )
        label = f"govgraph gateway, Dashboard, {connections} conn."
        count = float(len(calls)) if single else None  # counted alone: concurrent ones may be de-duplicated
        warmup = 2.0 if suffix else args.warmup
        jobs.append(
            Job(
                f"dashboard{suffix}",
                label,
                "govgraph",
                load,
                dashboard,
                warmup,
                platform.gateway_pid(),
                count,
            )
        )
        for index, call in enumerate(calls):
            call_file = folder / f"call{index}-{call.subgraph}.json"
            call_file.write_bytes(call.body)
            load = Load(
                platform.url(call.subgraph),
                call_file,
                call.headers,
                connections,
                duration_s=short,
                count_graphql_errors=True,
            )
            expected = check_expected(json.loads(call.response))
            label = f"{call.subgraph} call alone, {connections} conn."
            jobs.append(Job(f"call{index}-{call.subgraph}{suffix}", label, "reference", load, expected, 2.0))
    return jobs


def with_cache_rows(jobs: list[Job], url: str, counts: dict[str, float], connections: int) -> list[Job]:
    """The Dashboard at `connections` through the platform's gateway (caches on) and through `url`, the
    same config without caches; each with its subgraph requests per Dashboard (in a row, no dedup)."""
    on = replace(jobs[0], label=f"{jobs[0].label}, caches on", subgraph_requests=counts["on"])
    label = f"govgraph gateway, Dashboard, {connections} conn., caches off"
    off = replace(on, name="dashboard-no-cache", label=label, load=replace(on.load, url=url), rss_pid=None)
    return [on, replace(off, subgraph_requests=counts["off"]), *jobs[1:]]


def overhead_notes(samples: list[Sample], calls: list[Call], connections: int) -> list[str]:
    names = {id(c): f"call{i}-{c.subgraph}" for i, c in enumerate(calls)}
    staged = [[names[id(c)] for c in stage] for stage in stages(calls)]
    medians = {}
    for name in {s.target for s in samples}:
        medians[name] = statistics.median(s.p50_ms for s in samples if s.target == name)
    notes = []
    for conn, suffix in dict.fromkeys(((connections, ""), (1, "-c1"))):
        gateway = medians.get(f"dashboard{suffix}")
        call_p50 = {n: medians[n + suffix] for n in names.values() if n + suffix in medians}
        if gateway is None or not call_p50 or len(call_p50) < len(names):
            continue
        found = overhead(gateway, call_p50, staged)
        path = " -> ".join("/".join(stage) for stage in staged)
        notes.append(
            f"Gateway overhead at {conn} connection(s): Dashboard p50 {gateway:.1f} ms minus the slowest "
            f"single call's p50 {found['slowest_call_p50_ms']:.1f} ms ({found['slowest_call']}) = "
            f"**{found['overhead_vs_slowest_ms']:.1f} ms**; minus the plan's critical path ({path}: "
            f"{found['critical_path_p50_ms']:.1f} ms) = {found['overhead_vs_critical_path_ms']:.1f} ms; "
            f"minus all calls' p50 summed ({found['all_calls_p50_ms']:.1f} ms; subgraphs share a CPU) = "
            f"{found['overhead_vs_all_calls_ms']:.1f} ms."
        )
    return notes


def dashboard_report(
    args: argparse.Namespace, cpus: tuple[int | None, int | None], context: dict[str, str], folder: Path
) -> tuple[Report, list[Sample]]:
    from subgraphs.platform import DASHBOARD_QUERY, sample_citizen_id

    folder.mkdir(parents=True, exist_ok=True)
    print(f"harness: starting the agency platform ({args.citizens} citizens)", flush=True)
    dedup = govgraph_supports_dedup()
    platform = start_platform(args.citizens, cpus, folder, "--no-dedup" if dedup else "")
    samples: list[Sample] = []
    try:
        unlimited = rate_limit_off(platform)
        citizen = sample_citizen_id(platform.data_dir) or ""
        body_file = folder / "dashboard.json"
        body_file.write_text(json.dumps({"query": DASHBOARD_QUERY}))
        token = citizen_token(platform, citizen)
        bearer = {"authorization": f"Bearer {token}"}
        calls = long_lived_identity(
            platform, capture_calls(platform, body_file.read_bytes(), bearer, folder), citizen
        )
        jobs = build_jobs(args, platform, calls, folder, body_file, token)
        body = body_file.read_bytes()
        with caches_on_and_off(platform, body, bearer, folder, cpus[0]) as (uncached, counts):
            jobs = with_cache_rows(jobs, uncached, counts, args.connections)
            for round_number in range(1, args.rounds + 1):
                for job in jobs:
                    print(f"harness: Dashboard round {round_number}/{args.rounds}: {job.label}", flush=True)
                    samples.append(measure(job, round_number, cpus[1]))
    finally:
        platform.process.stop(grace=10)
    summaries = [summarize(TargetInfo(j.name, j.label, j.kind), samples) for j in jobs]
    notes = overhead_notes(samples, calls, args.connections)
    notes += [
        f"Citizen {citizen}; {len(calls)} subgraph calls per Dashboard (captured through a recording proxy"
        " and replayed alone with the same body and the citizen's `x-govgraph-identity`, re-signed to last"
        " the run).",
        "The platform's gateway verifies the citizen's bearer token and writes the personal-data audit"
        " trail (SQLite, `audit: {enabled: true}` in `subgraphs/gateway.yaml`) for every Dashboard.",
        f"Caches on: the platform's gateway (`subgraphs/gateway.yaml`: response cache, entity cache for"
        f" services and transport); caches off: a second gateway, same config without `cache`, same CPU."
        f" Subgraph requests per Dashboard, {REPEAT} in a row: on {counts['on']:g}, off {counts['off']:g}"
        " (the Dashboard is one citizen's personal data: its answers are `no-store`, nothing is kept).",
        "errors include 200 responses carrying GraphQL `errors`.",
        DEDUP_OFF_NOTE if dedup else DEDUP_DEFAULT_NOTE,
        "The benefits legacy API's rate limit was switched off for the run (`POST /_admin/config`)."
        if unlimited
        else "The benefits legacy API kept its rate limit (50 requests/s).",
        "The platform's legacy systems and subgraphs share the load CPU with wrk, so at "
        f"{args.connections} connections the subgraphs, not the gateway, set the pace.",
    ]
    context = {
        **context,
        "platform": f"{args.citizens} citizens, SQLite, in-memory caches (`subgraphs.platform`)",
    }
    return Report("Citizen Dashboard over the agency platform", context, summaries, [], notes), samples

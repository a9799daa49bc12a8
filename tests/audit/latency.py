"""What audit logging adds to a request: the same gateway with audit off, on SQLite, and on
PostgreSQL, side by side (interleaved rounds), on a query that discloses personal data.

    python -m tests.audit.latency [--rounds 2] [--requests 400] [--concurrency 32]

Agencies in one process, each gateway (`govgraph serve --config`) in another, the client here.
Prints p50/p99 of sequential requests (the added latency of one commit) and the throughput and
p50/p99 at the given concurrency (where group commit shares one commit among many requests).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from tests.audit.agencies import MARI, supergraph
from tests.audit.support import DATABASE_URL, ROOT, postgres_available, who
from tests.live.test_serve_cli import free_port, wait_until_up

SCHEMA = f"audit_bench_{uuid.uuid4().hex[:8]}"  # dropped at the end
QUERY = f'query Dashboard {{ citizen(id: "{MARI}") {{ name address taxAccount {{ balance }} }} }}'


def audit_section(kind: str, directory: Path) -> str:
    if kind == "off":
        return ""
    if kind == "sqlite":
        return f"audit: {{ enabled: true, file: {directory / f'audit-{uuid.uuid4().hex[:6]}.sqlite3'} }}\n"
    table = f"{SCHEMA}.audit_{uuid.uuid4().hex[:8]}"
    return f"audit: {{ enabled: true, database: '{DATABASE_URL}', table: {table} }}\n"


async def measure(url: str, requests: int, concurrency: int) -> tuple[list[float], float, list[float]]:
    """Client-side latencies, requests per second, and the gateway's `audit;dur` (the wait for
    the commit, from Server-Timing) of each request."""
    latencies: list[float] = []
    waits: list[float] = []
    headers = {**who("official", "officer-1"), "x-purpose": "benchmark"}
    queue = list(range(requests))
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=concurrency)) as http:

        async def worker() -> None:
            while queue:
                queue.pop()
                started = time.perf_counter()
                response = await http.post(url, json={"query": QUERY}, headers=headers)
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
                timing = response.headers.get("server-timing", "")
                if "audit;dur=" in timing:
                    waits.append(float(timing.split("audit;dur=")[1].split(",")[0]) / 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, requests / (time.perf_counter() - started), waits


def run_one(kind: str, sdl_file: Path, directory: Path, args: argparse.Namespace) -> dict[str, float]:
    port = free_port()
    config = directory / f"gateway-{kind}.yaml"
    config.write_text(
        f"server: {{ port: {port}, log_level: warning }}\nsupergraph: {{ file: {sdl_file} }}\n"
        + audit_section(kind, directory)
        + "plugins: [ { use: 'tests.audit.support:HeaderPrincipal' } ]\n"
    )
    command = [sys.executable, "-m", "gateway", "serve", "--config", str(config)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        url = f"http://127.0.0.1:{port}/graphql"
        asyncio.run(measure(url, 100, 4))  # warm up
        sequential, _, waits_1 = asyncio.run(measure(url, args.requests, 1))
        loaded, rps, waits_n = asyncio.run(measure(url, args.requests * 4, args.concurrency))
    finally:
        process.terminate()
        process.wait(10)
    return {
        "p50_1": _ms(statistics.median(sequential)),
        "p99_1": _ms(_p99(sequential)),
        "rps": rps,
        "p50_n": _ms(statistics.median(loaded)),
        "p99_n": _ms(_p99(loaded)),
        "wait_1": _ms(statistics.median(waits_1)) if waits_1 else 0.0,
        "wait_n": _ms(statistics.median(waits_n)) if waits_n else 0.0,
    }


def _drop_schema() -> None:
    import asyncpg

    async def drop() -> None:
        connection = await asyncpg.connect(DATABASE_URL)
        await connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        await connection.close()

    asyncio.run(drop())


def _p99(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.99) - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    kinds = ["off", "sqlite"] + ([] if postgres_available() else ["postgres"])
    agencies = subprocess.Popen(
        [sys.executable, "-m", "tests.audit.agencies"], cwd=ROOT, stdout=subprocess.PIPE
    )
    try:
        assert agencies.stdout is not None
        urls = json.loads(agencies.stdout.readline())
        with tempfile.TemporaryDirectory() as temporary:
            directory = Path(temporary)
            sdl_file = directory / "supergraph.graphql"
            sdl_file.write_text(supergraph(urls))
            results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
            for _ in range(args.rounds):
                for kind in kinds:
                    results[kind].append(run_one(kind, sdl_file, directory, args))
    finally:
        agencies.terminate()
        agencies.wait(10)
        if "postgres" in kinds:
            _drop_schema()
    n = args.concurrency
    print(
        f"| audit | p50 ms (1 client) | p99 ms | commit wait p50 ms | RPS ({n} clients) | p50 ms | p99 ms "
        "| commit wait p50 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, rounds in results.items():
        m = {key: round(statistics.median(r[key] for r in rounds), 2) for key in rounds[0]}
        print(
            f"| {kind} | {m['p50_1']} | {m['p99_1']} | {m['wait_1']} | {m['rps']:.0f} | {m['p50_n']} "
            f"| {m['p99_n']} | {m['wait_n']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

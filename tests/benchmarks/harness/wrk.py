"""Running wrk (closed loop, keep-alive) and reading its summary.

`bench.lua` makes wrk POST a body file with extra headers and print one `BENCH_JSON {...}` line
at the end; `parse_wrk_output` turns wrk's stdout into a `WrkResult`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA_SCRIPT = Path(__file__).with_name("bench.lua")
MARKER = "BENCH_JSON "


class WrkError(RuntimeError):
    """wrk did not run or printed no summary."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    bytes: int
    errors: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def parse_wrk_output(text: str) -> WrkResult:
    """The WrkResult of wrk's stdout (the `BENCH_JSON` line printed by bench.lua)."""
    for line in text.splitlines():
        if line.startswith(MARKER):
            raw = json.loads(line[len(MARKER) :])
            latency = {name: value / 1000.0 for name, value in raw["latency_us"].items()}
            return WrkResult(
                requests=int(raw["requests"]),
                duration_s=raw["duration_us"] / 1e6,
                bytes=int(raw["bytes"]),
                errors={name: int(count) for name, count in raw["errors"].items()},
                p50_ms=latency["p50"],
                p90_ms=latency["p90"],
                p99_ms=latency["p99"],
                max_ms=latency["max"],
                mean_ms=latency["mean"],
            )
    raise WrkError(f"no {MARKER.strip()} line in wrk output:\n{text[-2000:]}")


@dataclass(frozen=True)
class Load:
    """One wrk run: where, what, how hard."""

    url: str
    body_file: Path
    headers: tuple[tuple[str, str], ...] = ()
    connections: int = 50
    threads: int = 1
    duration_s: float = 20.0
    timeout_s: float = 10.0
    count_graphql_errors: bool = False  # also count 200 responses with "errors" (reads every body)


def wrk_command(load: Load, cpu: int | None = None) -> list[str]:
    command = [
        "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{max(1, round(load.duration_s))}s",
        f"--timeout={max(1, round(load.timeout_s))}s",
        "-s",
        str(LUA_SCRIPT),
        load.url,
    ]
    return pin(command, cpu)


def pin(command: list[str], cpu: int | None) -> list[str]:
    """The command run through `taskset -c CPU` (unchanged when cpu is None)."""
    return command if cpu is None else ["taskset", "-c", str(cpu), *command]


def run_wrk(load: Load, cpu: int | None = None) -> WrkResult:
    env = dict(os.environ, BENCH_BODY_FILE=str(load.body_file))
    env["BENCH_COUNT_ERRORS"] = "1" if load.count_graphql_errors else "0"
    env["BENCH_HEADERS"] = "\n".join(f"{name}: {value}" for name, value in load.headers)
    out = subprocess.run(
        wrk_command(load, cpu),
        env=env,
        capture_output=True,
        text=True,
        timeout=load.duration_s + load.timeout_s + 60,
        check=False,
    )
    if out.returncode != 0:
        raise WrkError(f"wrk exited with {out.returncode}: {out.stderr[-2000:]}")
    return parse_wrk_output(out.stdout)


def ensure_wrk() -> None:
    """Install wrk from Debian's packages when it is missing (needs root or sudo)."""
    if shutil.which("wrk"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print("harness: wrk missing, installing it with apt-get", flush=True)
    subprocess.run([*sudo, "apt-get", "update"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)
    if not shutil.which("wrk"):
        raise WrkError("wrk is still missing after apt-get install wrk")

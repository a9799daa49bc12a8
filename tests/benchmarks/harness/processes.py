"""Child processes of the harness: started in their own process group, optionally pinned with
taskset, waited for, measured (peak RSS from /proc) and stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.harness.wrk import pin

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cpu_plan(gateway_cpu: int | None, load_cpu: int | None) -> tuple[int | None, int | None]:
    """(gateway CPU, load CPU): the first two CPUs this process may use, unless given; None = no pinning."""
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return gateway_cpu, load_cpu
    return (allowed[0] if gateway_cpu is None else gateway_cpu, allowed[1] if load_cpu is None else load_cpu)


@dataclass
class Process:
    name: str
    command: list[str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None
    _log: object = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def start(self, cpu: int | None = None, env: dict[str, str] | None = None) -> Process:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self._log = log
        self.popen = subprocess.Popen(
            pin(self.command, cpu),
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, grace: float = 5.0) -> None:
        if self.popen is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)  # whatever the child left in its group
        if hasattr(self._log, "close"):
            self._log.close()  # type: ignore[union-attr]


def descendants(pid: int) -> list[int]:
    """pid and every process below it (from /proc/*/stat parent ids)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def status_kib(pid: int, key: str) -> int:
    """A `kB` value of /proc/<pid>/status (VmHWM = peak RSS), 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return 0
    return 0


def peak_rss_mb(pid: int) -> float:
    """Sum of VmHWM over the process tree (an upper bound for multi-process servers)."""
    return sum(status_kib(p, "VmHWM") for p in descendants(pid)) / 1024.0


def http_ok(url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> bool:
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return bool(response.status == 200)
    except (OSError, ValueError, urllib.error.HTTPError):
        return False


def post(
    url: str, body: bytes, headers: dict[str, str] | None = None, timeout: float = 30
) -> tuple[int, bytes]:
    all_headers = {"content-type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=body, headers=all_headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())


def wait_ready(process: Process, url: str, body: bytes | None, timeout: float = 90.0) -> None:
    """Until `url` answers 200 (POSTing body when given); raises naming the process otherwise."""
    deadline = time.monotonic() + timeout
    headers = {"content-type": "application/json"} if body is not None else None
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(f"{process.name} exited early:\n{process.log_tail()}")
        if http_ok(url, body, headers):
            return
        time.sleep(0.25)
    raise RuntimeError(f"{process.name} not ready at {url} after {timeout:.0f}s:\n{process.log_tail()}")

"""The process supervisor of `govgraph up` (subgraphs/platform.py decides what to start): each child
in its own process group with a parent-death signal (Linux), its output prefixed with its name,
health waits, and healing: a child that crashes once the platform is up is restarted, the rest keep
running.

Each crash is logged naming the child and how it ended, and the child is started again after a
backoff that doubles with every crash in the window (`RestartPolicy`: 0.5 s, 1 s, 2 s, ... at most
10 s). A child that crashes `max_crashes` times within `window` seconds (default 5 in 60 s) is in a
crash loop: the supervisor gives up (`PlatformError` naming it), which stops the whole platform with
exit code 1. A restarted child is on probation until its health URL answers: one that does not
within `health_timeout` seconds is killed and counts as a crash too (a child that restarts but never
serves is as broken as one that exits). Start-up stays strict: a child that dies before the platform
is up fails it at once (a broken command or a busy port does not get better by retrying).
Ctrl-C/SIGTERM is not a crash: it stops everything, as before.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from subgraphs.common.credentials import is_credential_env

REPO_ROOT = Path(__file__).resolve().parent.parent  # the children's working directory


# Linux: ask the kernel to SIGTERM the child when the supervisor dies, then exec the real command.
_GUARD = (
    "import ctypes,os,sys\n"
    "if sys.platform.startswith('linux'):\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(1, 15)\n"
    "    if os.getppid() != int(sys.argv[1]): os._exit(1)\n"
    "os.execvp(sys.argv[2], sys.argv[2:])\n"
)


class PlatformError(RuntimeError):
    """Start-up failed or a child crashed for good: the message names the child."""


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


@dataclass(frozen=True)
class RestartPolicy:
    first_delay: float = 0.5  # seconds before the first restart
    max_delay: float = 10.0  # the doubling stops here
    max_crashes: int = 5  # this many crashes of one child ...
    window: float = 60.0  # ... within this many seconds: give up
    health_timeout: float = 60.0  # a restarted child not healthy by then counts as a crash

    def delay(self, crashes: int) -> float:
        """The wait before restarting after the `crashes`-th crash within the window (1-based)."""
        return float(min(self.max_delay, self.first_delay * 2 ** max(0, crashes - 1)))


Spec = TypeVar("Spec")


@dataclass
class _Pending(Generic[Spec]):
    spec: Spec
    due: float


@dataclass
class Healer(Generic[Spec]):
    """Keeps each child's recent crashes and the restarts that are due; the supervisor starts them."""

    policy: RestartPolicy = field(default_factory=RestartPolicy)
    crashes: dict[str, deque[float]] = field(default_factory=dict)
    pending: list[_Pending[Spec]] = field(default_factory=list)
    probation: dict[str, float] = field(default_factory=dict)  # restarted, not yet healthy: until when

    def crashed(self, name: str, spec: Spec, how: str, now: float | None = None) -> str:
        """Record a crash (`how`: e.g. "transport (pid 12) was killed by SIGKILL"); return the line
        to log, or raise PlatformError when the child keeps crashing."""
        now = time.monotonic() if now is None else now
        self.probation.pop(name, None)
        recent = self.crashes.setdefault(name, deque())
        recent.append(now)
        while recent and recent[0] <= now - self.policy.window:
            recent.popleft()
        count, limit, window = len(recent), self.policy.max_crashes, self.policy.window
        if count >= limit:
            raise PlatformError(f"{how}: crashed {count} times within {window:.0f}s, giving up on {name}")
        delay = self.policy.delay(count)
        self.pending.append(_Pending(spec, now + delay))
        allowed = f"crash {count} of {limit} allowed within {window:.0f}s"
        return f"{how}; restarting {name} in {delay:g}s ({allowed})"

    def due(self, now: float | None = None) -> list[Spec]:
        """The specs whose restart time has come (removed from the pending list)."""
        now = time.monotonic() if now is None else now
        ready = [p for p in self.pending if p.due <= now]
        self.pending = [p for p in self.pending if p.due > now]
        return [p.spec for p in ready]

    def restarted(self, name: str, now: float | None = None) -> None:
        """`name` was started again: it is on probation until healthy or `health_timeout` passes."""
        now = time.monotonic() if now is None else now
        self.probation[name] = now + self.policy.health_timeout

    def verdict(self, name: str, healthy: bool, now: float | None = None) -> bool | None:
        """For a child on probation: True once healthy (probation over), False when its time ran
        out unhealthy (count it as a crash: `crashed`), None while it may still come up."""
        now = time.monotonic() if now is None else now
        if healthy:
            del self.probation[name]
            return True
        return False if now >= self.probation[name] else None


class SupervisorOptions(Protocol):
    """What the supervisor reads of the platform's options (subgraphs/platform.py: PlatformOptions)."""

    python: str
    startup_timeout: float
    grace_period: float
    restart: RestartPolicy


@dataclass
class ChildSpec:
    name: str
    command: list[str]
    health_url: str | None  # None: a job that runs to completion (the data generator)
    env: dict[str, str] = field(default_factory=dict)  # added to the supervisor's environment


@dataclass
class Child:
    spec: ChildSpec
    process: subprocess.Popen[bytes]
    output: threading.Thread

    @property
    def name(self) -> str:
        return self.spec.name


def _pump(name: str, stream: object, write: Callable[[str], None]) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        write(f"{name:>16} | {raw.decode(errors='replace').rstrip()}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (OSError, ValueError):
        return False


class Supervisor:
    """Starts children in their own process groups, waits for their health, restarts crashed ones
    (`Healer`), stops them all. `environment` is added to every child's (over the supervisor's own,
    less any service credential: a child gets only those of its `ChildSpec.env`)."""

    def __init__(
        self,
        options: SupervisorOptions,
        write: Callable[[str], None] | None = None,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.options = options
        self.environment = dict(environment or {})
        self.children: list[Child] = []
        self.stop_signal: int | None = None
        self._lock = threading.Lock()
        self._write_raw = write or (lambda line: print(line, flush=True))

    def write(self, line: str) -> None:
        with self._lock:
            self._write_raw(line)

    def start(self, spec: ChildSpec) -> Child:
        guarded = [self.options.python, "-c", _GUARD, str(os.getpid()), *spec.command]
        inherited = {k: v for k, v in os.environ.items() if not is_credential_env(k)}  # only its own
        env = dict(inherited, PYTHONUNBUFFERED="1", **self.environment, **spec.env)
        process = subprocess.Popen(
            guarded,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: the terminal's Ctrl-C reaches only us
        )
        pump = threading.Thread(target=_pump, args=(spec.name, process.stdout, self.write), daemon=True)
        pump.start()
        child = Child(spec, process, pump)
        self.children.append(child)
        self.write(f"govgraph: started {spec.name} (pid {process.pid}): {shlex.join(spec.command)}")
        return child

    def check_children(self) -> None:
        """Raise PlatformError naming the first child that is gone."""
        for child in self.children:
            code = child.process.poll()
            if code is not None:
                raise PlatformError(f"{child.name} (pid {child.process.pid}) {describe_exit(code)}")

    def _check_stop(self) -> None:
        if self.stop_signal is not None:
            raise KeyboardInterrupt

    def wait_healthy(self, children: Sequence[Child]) -> None:
        deadline = time.monotonic() + self.options.startup_timeout
        pending = [c for c in children if c.spec.health_url]
        while pending:
            self._check_stop()
            self.check_children()
            pending = [c for c in pending if not _healthy(str(c.spec.health_url))]
            if pending and time.monotonic() > deadline:
                names = ", ".join(f"{c.name} ({c.spec.health_url})" for c in pending)
                raise PlatformError(f"not healthy after {self.options.startup_timeout:.0f}s: {names}")
            if pending:
                time.sleep(0.2)

    def run_job(self, spec: ChildSpec) -> None:
        child = self.start(spec)
        while child.process.poll() is None:
            self._check_stop()
            time.sleep(0.2)
        child.output.join(timeout=5)
        self.children.remove(child)
        if child.process.returncode != 0:
            raise PlatformError(f"{spec.name} {describe_exit(child.process.returncode)}")

    def monitor(self) -> None:
        """Restart crashed children (subgraphs/supervisor.py) until Ctrl-C or a crash loop."""
        healer: Healer[ChildSpec] = Healer(self.options.restart)
        while True:
            self._check_stop()
            for child in [c for c in self.children if c.process.poll() is not None]:
                self._crashed(healer, child, describe_exit(child.process.returncode))
            for child in [c for c in self.children if c.name in healer.probation]:
                url = child.spec.health_url
                verdict = healer.verdict(child.name, url is None or _healthy(url))
                if verdict:
                    self.write(f"govgraph: {child.name} (pid {child.process.pid}) is healthy again")
                elif verdict is False:
                    timeout = self.options.restart.health_timeout
                    self._crashed(healer, child, f"was not healthy {timeout:g}s after its restart")
            for spec in healer.due():
                self.start(spec)
                healer.restarted(spec.name)
            time.sleep(0.2)

    def _crashed(self, healer: Healer[ChildSpec], child: Child, how: str) -> None:
        """`child` is gone or useless: kill what is left of it, restart it later (or give up)."""
        self.children.remove(child)
        _signal_group(child.process, signal.SIGKILL)  # whatever it spawned goes with it
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.process.wait(timeout=5)
        line = healer.crashed(child.name, child.spec, f"{child.name} (pid {child.process.pid}) {how}")
        self.write(f"govgraph: {line}")

    def stop_all(self) -> None:
        """SIGTERM every child's process group, SIGKILL what is left after the grace period."""
        for child in reversed(self.children):
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + self.options.grace_period
        for child in self.children:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.write(f"govgraph: {child.name} ignored SIGTERM, killing it")
        for child in self.children:
            _signal_group(child.process, signal.SIGKILL)  # also reaches anything the child spawned
            child.process.wait()
            child.output.join(timeout=2)
        self.children.clear()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)

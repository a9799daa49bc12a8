"""Healing for `govgraph up` (subgraphs/platform.py): a child that crashes once the platform is up is
restarted, the rest keep running.

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

import signal
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Generic, TypeVar


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
